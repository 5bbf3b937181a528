import json
import sys

from django.core.management.base import BaseCommand, CommandError

from articles.importing.batches import ImportBatch, ImportRow
from articles.importing.pipeline import FORMATS, ImportOptions, ImportRefused, import_file


class Command(BaseCommand):
    help = ("Import press releases from gov.kz dumps, CSV, XLSX or JSON files (idempotent, keyed by source URL). "
            "The format and the encoding are found from each file's content.")

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH", help="Files to import; '-' reads standard input.")
        parser.add_argument("--format", choices=FORMATS,
                            help="Read every file as this format: dump (the gov.kz text dump), csv, xlsx or json. "
                                 "Default: found from the content, whatever the file's name.")
        parser.add_argument("--encoding",
                            help="Read text files in this encoding (utf-8, utf-16, cp1251, kz1048, koi8-r …). "
                                 "Default: found from the content (UTF-8 with or without BOM, UTF-16, Windows-1251, "
                                 "KZ-1048, KOI8-R).")
        parser.add_argument("--dry-run", action="store_true", help="Report what would happen; write nothing.")
        parser.add_argument("--publish", action="store_true", help="Publish new items that have no flags.")
        parser.add_argument("--all-or-nothing", action="store_true",
                            help="Import nothing from a file if any of its items has an error.")
        parser.add_argument("--json", dest="as_json", action="store_true", help="Print the summary as one JSON object.")

    def handle(self, *args, paths, format, encoding, dry_run, publish, all_or_nothing, as_json, **options):
        totals = {"created": 0, "updated": 0, "unchanged": 0, "conflicts": 0, "flagged": 0, "errors": [],
                  "batches": []}
        choices = ImportOptions(format=format, encoding=encoding, dry_run=dry_run, publish=publish,
                                all_or_nothing=all_or_nothing)
        empty = []
        for path in paths:
            try:
                batch = import_file(_Stdin() if path == "-" else path, options=choices)
            except ImportRefused as error:
                raise CommandError(str(error)) from error
            if batch.status == ImportBatch.Status.FAILED:
                if batch.counts.get("empty"):
                    self.stderr.write(self.style.WARNING(f"{path} is empty: nothing to import."))
                    empty.append(path)
                    continue
                raise CommandError(batch.error)
            if batch.encoding and batch.encoding != "UTF-8" and not as_json and options["verbosity"] >= 1:
                self.stderr.write(f"{path}: read as {batch.encoding}")
            rows = batch.rows.all()
            errors = [{"file": path, "line": r.line, "message": "; ".join(r.messages), "item": r.label}
                      for r in rows if r.outcome == ImportRow.Outcome.ERROR]
            for key in ("created", "updated", "unchanged", "conflicts", "flagged"):
                totals[key] += batch.counts.get(key, 0)
            totals["errors"] += errors
            totals["batches"].append(batch.pk)
            if not as_json:
                if dry_run and options["verbosity"] >= 1:
                    for row in rows:
                        self.describe(path, row)
                self.report(path, batch, errors)
        if as_json:
            self.stdout.write(json.dumps(totals, ensure_ascii=False))
        elif dry_run:
            self.stdout.write("Dry run: nothing was written.")
        if totals["errors"]:
            raise CommandError(f"{len(totals['errors'])} item(s) failed.", returncode=1)
        if empty:
            raise CommandError(f"nothing to import from {', '.join(empty)}: empty.", returncode=1)

    def describe(self, path, row):
        detail = "; ".join(row.messages)
        suffix = f" — {detail}" if detail else ""
        self.stdout.write(f"{path}:{row.line}: {row.outcome}: {row.label}{suffix}")
        for name, old, new in row.diff:
            self.stdout.write(f"    {name}: {shorten(old)!r} -> {shorten(new)!r}")

    def report(self, path, batch, errors):
        for error in errors:
            self.stderr.write(f"{path}: line {error['line']}: {error['item']}: {error['message']}")
        counts = batch.counts
        again = f" (the same file as batch {batch.duplicate_of_id})" if batch.duplicate_of_id else ""
        self.stdout.write(f"{path}: batch {batch.pk}{again}: {counts.get('created', 0)} created, "
                          f"{counts.get('updated', 0)} updated, {counts.get('unchanged', 0)} unchanged, "
                          f"{counts.get('conflicts', 0)} conflicts, {counts.get('flagged', 0)} flagged, "
                          f"{len(errors)} errors")
        if counts.get("rolled_back") and not batch.options.get("dry_run"):
            self.stdout.write(f"{path}: all-or-nothing: an item failed, nothing from this file was imported.")


class _Stdin:
    """Standard input as a file to import (its bytes)."""

    name = "-"

    def read(self):
        return getattr(sys.stdin, "buffer", sys.stdin).read()


def shorten(text, limit=80):
    text = str(text)
    return text if len(text) <= limit else text[:limit] + "…"




import json
import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from import_export.formats.base_formats import CSV, XLSX

from articles.importing import uploads
from articles.importing.background import in_background
from articles.importing.formats import dump_rows, release_from_row
from articles.importing.loading import load_releases

TABULAR = {"csv": CSV, "xlsx": XLSX}
EXTENSIONS = {".txt": "dump", ".dump": "dump", ".csv": "csv", ".xlsx": "xlsx", ".json": "json"}


class Command(BaseCommand):
    help = "Import press releases from gov.kz dumps, CSV, XLSX or JSON files (idempotent, keyed by source URL)."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH", help="Files to import; '-' reads standard input.")
        parser.add_argument("--format", choices=["dump", "json", *TABULAR], help="Default: from the file extension.")
        parser.add_argument("--dry-run", action="store_true", help="Report what would happen; write nothing.")
        parser.add_argument("--publish", action="store_true", help="Publish new items that have no flags.")
        parser.add_argument("--all-or-nothing", action="store_true",
                            help="Import nothing from a file if any of its items has an error.")
        parser.add_argument("--json", dest="as_json", action="store_true", help="Print the summary as one JSON object.")

    def handle(self, *args, paths, format, dry_run, publish, all_or_nothing, as_json, **options):
        totals = {"created": 0, "updated": 0, "unchanged": 0, "conflicts": 0, "flagged": 0, "errors": []}
        progress = Progress(self.stderr if not as_json else None)
        for path in paths:
            records = self.records(path, format)
            verbose = dry_run and not as_json and options["verbosity"] >= 1

            def on_outcome(outcome, path=path, verbose=verbose):
                progress.tick()
                if verbose:
                    self.describe(path, outcome)

            report = load_releases(
                records,
                dry_run=dry_run,
                publish=publish,
                all_or_nothing=all_or_nothing,
                on_outcome=on_outcome,
                origin=f"Import: {path}",
            )
            progress.done()
            summary = report.summary()
            for key in ("created", "updated", "unchanged", "conflicts", "flagged"):
                totals[key] += summary[key]
            totals["errors"] += [{"file": path, **error} for error in summary["errors"]]
            if not as_json:
                self.report(path, summary, report.rolled_back and not dry_run)
        if as_json:
            self.stdout.write(json.dumps(totals, ensure_ascii=False))
        elif dry_run:
            self.stdout.write("Dry run: nothing was written.")
        if totals["errors"]:
            raise CommandError(f"{len(totals['errors'])} item(s) failed.", returncode=1)

    def records(self, path, format):
        """Releases (or rejections) of the file; a large dump is parsed in a second process (importing.background)."""

        def make():
            return (release_from_row(row, number) for number, row in self.rows(path, format))

        size = Path(path).stat().st_size if path != "-" and Path(path).exists() else 0
        kind = format or EXTENSIONS.get(Path(path).suffix.lower())
        if kind == "dump" and size >= settings.KZPRESS_IMPORT_PARALLEL_BYTES:
            return in_background(make)
        return make()

    def rows(self, path, format):
        format = format or EXTENSIONS.get(Path(path).suffix.lower())
        if format is None:
            raise CommandError(f"{path}: cannot tell the format from the extension; pass --format.")
        if path != "-":
            size = Path(path).stat().st_size if Path(path).exists() else None
            if size is None:
                raise CommandError(f"{path}: no such file.")
            if format != "dump":  # a dump is streamed: any size; tables are read whole
                with open(path, "rb") as handle:
                    try:
                        uploads.check_upload(path, size, handle.read(64 * 1024), format)
                        if format == "xlsx":
                            uploads.check_xlsx(path, handle)
                    except uploads.UploadRefused as error:
                        raise CommandError(str(error)) from error
        if format == "dump":
            stream = sys.stdin if path == "-" else open(path, encoding="utf-8-sig", errors="strict", newline=None)  # noqa: SIM115
            try:
                for row in dump_rows(stream):
                    yield row["line"], row
            except UnicodeDecodeError as error:
                raise CommandError(f"{path}: not UTF-8 text ({error}).") from error
            finally:
                if stream is not sys.stdin:
                    stream.close()
            return
        data = sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
        try:
            if format == "json":
                rows = json.loads(data.decode("utf-8-sig"))
                if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
                    raise ValueError("expected a list of objects, one per release")
                yield from enumerate(rows, start=1)
                return
            fmt = TABULAR[format]()
            dataset = fmt.create_dataset(data if fmt.is_binary() else data.decode("utf-8-sig"))
        except (ValueError, KeyError, TypeError, OSError) as error:
            raise CommandError(f"{path}: cannot read as {format}: {error}") from error
        yield from enumerate(dataset.dict if dataset.headers else [], start=2)

    def describe(self, path, outcome):
        detail = "; ".join(outcome.messages)
        suffix = f" — {detail}" if detail else ""
        self.stdout.write(f"{path}:{outcome.line}: {outcome.kind}: {outcome.label}{suffix}")
        for name, old, new in outcome.diff:
            self.stdout.write(f"    {name}: {shorten(old)!r} -> {shorten(new)!r}")

    def report(self, path, summary, rolled_back):
        for error in summary["errors"]:
            self.stderr.write(f"{path}: line {error['line']}: {error['item']}: {error['message']}")
        line = (f"{path}: {summary['created']} created, {summary['updated']} updated, "
                f"{summary['unchanged']} unchanged, {summary['conflicts']} conflicts, "
                f"{summary['flagged']} flagged, {len(summary['errors'])} errors")
        self.stdout.write(line)
        if rolled_back:
            self.stdout.write(f"{path}: all-or-nothing: an item failed, nothing from this file was imported.")


class Progress:
    """A counter on a terminal's standard error; silent when it is not a terminal."""

    def __init__(self, stream):
        self.stream = stream if stream is not None and stream.isatty() else None
        self.count = 0

    def tick(self):
        self.count += 1
        if self.stream and self.count % 100 == 0:
            self.stream.write(f"\r{self.count} items…", ending="")
            self.stream.flush()

    def done(self):
        if self.stream and self.count >= 100:
            self.stream.write("\r" + " " * 30 + "\r", ending="")
        self.count = 0


def shorten(text, limit=80):
    text = str(text)
    return text if len(text) <= limit else text[:limit] + "…"


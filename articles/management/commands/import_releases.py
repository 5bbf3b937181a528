import io
import json
import sys
from pathlib import Path

import tablib
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from import_export.formats.base_formats import XLSX

from articles.importing import detect, uploads
from articles.importing.background import in_background
from articles.importing.formats import RowError, check_columns, dump_rows, release_from_row
from articles.importing.loading import load_releases

FORMATS = ["dump", "csv", "xlsx", "json"]


class Command(BaseCommand):
    help = ("Import press releases from gov.kz dumps, CSV, XLSX or JSON files (idempotent, keyed by source URL). "
            "The format and the encoding are found from each file's content.")

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH", help="Files to import; '-' reads standard input.")
        parser.add_argument("--format", choices=FORMATS,
                            help="Read every file as this format: dump (the gov.kz text dump), csv, xlsx or json. "
                                 "Default: found from the content, whatever the file's name.")
        parser.add_argument("--encoding",
                            help="Read text files in this encoding (utf-8, utf-16, cp1251, koi8-r …). Default: found "
                                 "from the content (UTF-8 with or without BOM, UTF-16, Windows-1251, KOI8-R).")
        parser.add_argument("--dry-run", action="store_true", help="Report what would happen; write nothing.")
        parser.add_argument("--publish", action="store_true", help="Publish new items that have no flags.")
        parser.add_argument("--all-or-nothing", action="store_true",
                            help="Import nothing from a file if any of its items has an error.")
        parser.add_argument("--json", dest="as_json", action="store_true", help="Print the summary as one JSON object.")

    def handle(self, *args, paths, format, encoding, dry_run, publish, all_or_nothing, as_json, **options):
        totals = {"created": 0, "updated": 0, "unchanged": 0, "conflicts": 0, "flagged": 0, "errors": []}
        progress = Progress(self.stderr if not as_json else None)
        empty = []
        for path in paths:
            source = ImportFile(path, format, encoding)
            if source.empty:
                self.stderr.write(self.style.WARNING(f"{path} is empty: nothing to import."))
                empty.append(path)
                continue
            if source.note and not as_json and options["verbosity"] >= 1:
                self.stderr.write(f"{path}: {source.note}")
            verbose = dry_run and not as_json and options["verbosity"] >= 1

            def on_outcome(outcome, path=path, verbose=verbose):
                progress.tick()
                if verbose:
                    self.describe(path, outcome)

            report = load_releases(
                source.records(),
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
        if empty:
            raise CommandError(f"nothing to import from {', '.join(empty)}: empty.", returncode=1)

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



class ImportFile:
    """One file to import: its format and encoding found from its first 64 KiB (or given), then its rows."""

    def __init__(self, path, format=None, encoding=None):
        self.path, self.declared = path, encoding
        if path == "-":
            self.size, self.head = None, sys.stdin.buffer.read(detect.HEAD)
        elif not Path(path).is_file():
            raise CommandError(f"{path}: no such file.")
        else:
            self.size = Path(path).stat().st_size
            with open(path, "rb") as handle:
                self.head = handle.read(detect.HEAD)
        sniffed = detect.sniff(self.head, "" if path == "-" else path)
        if sniffed.format == "zip" and path.lower().endswith(".xlsx"):
            sniffed = detect.Sniffed("binary", "xlsx", "an XLSX workbook")  # the workbook check says what is wrong
        self.empty, self.delimiter = sniffed.kind == "empty", sniffed.delimiter
        self.format, self.encoding, self.note = format or sniffed.format, "", ""
        if self.empty:
            return
        if not sniffed.importable and not format:
            raise CommandError(sniffed.refusal(path))
        try:
            # A dump is streamed: any size. Tables are read whole: within the import limit.
            size = (self.size or 0) if self.format != "dump" else 0
            uploads.check_upload(path, size, self.head, self.format)
            if self.format != "xlsx":
                self.encoding, how = detect.detect_encoding(self.head, encoding)
                if how not in {"valid UTF-8", "plain ASCII"}:
                    self.note = f"read as {detect.encoding_name(self.encoding)} ({how})"
        except (uploads.UploadRefused, detect.NotText) as error:
            raise CommandError(str(error)) from error

    def records(self):
        """Releases (or rejections) of the file; a large dump is parsed in a second process (importing.background)."""

        def make():
            return (release_from_row(row, number) for number, row in self.rows())

        if self.format == "dump" and (self.size or 0) >= settings.KZPRESS_IMPORT_PARALLEL_BYTES:
            return in_background(make)
        return make()

    def open(self):
        """The file's bytes from the start (standard input: the sample already read, then the rest)."""
        if self.path == "-":
            return io.BufferedReader(_Prefixed(self.head, sys.stdin.buffer))
        return open(self.path, "rb")  # noqa: SIM115 - closed by the caller

    def rows(self):
        if self.format == "dump":
            yield from self._dump_rows()
            return
        with self.open() as handle:
            data = handle.read()
        try:
            uploads.check_upload(self.path, len(data), self.head, self.format)
            if self.format == "xlsx":
                uploads.check_xlsx(self.path, io.BytesIO(data))
                dataset = XLSX().create_dataset(data)
            else:
                text = detect.decode(data, self.declared).text
                if self.format == "json":
                    rows = json.loads(text)
                    if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
                        raise ValueError("expected a list of objects, one per release")
                    yield from enumerate(rows, start=1)
                    return
                dataset = tablib.Dataset().load(text, format="csv", delimiter=self.delimiter or ",")
            check_columns(dataset.headers)
        except (uploads.UploadRefused, detect.NotText, RowError) as error:
            raise CommandError(f"{self.path}: {error}") from error
        except (ValueError, KeyError, TypeError, OSError) as error:
            raise CommandError(f"{self.path}: cannot read as {self.format}: {error}") from error
        yield from enumerate(dataset.dict if dataset.headers else [], start=2)

    def _dump_rows(self):
        stream = io.TextIOWrapper(self.open(), encoding=self.encoding, errors="strict", newline=None)
        try:
            for row in dump_rows(stream):
                yield row["line"], row
        except UnicodeDecodeError as error:
            raise CommandError(f"{self.path}: a byte is not valid {detect.encoding_name(self.encoding)}, the "
                               f"encoding found from the start of the file ({error.reason}): save the file in one "
                               "encoding (UTF-8) or pass --encoding.") from error
        finally:
            if self.path != "-":
                stream.close()


class _Prefixed(io.RawIOBase):
    """Bytes already read from a stream that cannot seek (standard input), then the rest of it."""

    def __init__(self, head, rest):
        self.head, self.rest = head, rest

    def readable(self):
        return True

    def readinto(self, buffer):
        if self.head:
            size = min(len(buffer), len(self.head))
            buffer[:size], self.head = self.head[:size], self.head[size:]
            return size
        data = self.rest.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

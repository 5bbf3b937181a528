"""
The one way in: ``import_file(file, user=…, options=…) -> ImportBatch``.

The command line, the admin and the background worker all call it (or its two halves: ``start_batch``, which
records the file — name, SHA-256, a copy in the site's shared storage — and ``run_batch``, which reads and
loads it). Every import is an ``ImportBatch`` with a row per item; the same file imported again is recognised by
its hash. The rules of what an item does to the database are ``loading.load_releases``'; the formats are
``formats``'; a large dump is parsed in a second process (``background``).
"""

import csv
import hashlib
import io
import json
from dataclasses import asdict, dataclass
from pathlib import Path
from xml.etree.ElementTree import ParseError

import tablib
from django.conf import settings
from django.core.files.base import ContentFile
from django.utils import timezone
from import_export.formats.base_formats import XLSX

from . import bulk, detect, progress, uploads
from .background import in_background
from .batches import ImportBatch, ImportRow
from .formats import ROW_FIELDS, RowError, check_columns, dump_rows, neutralise, release_from_row
from .loading import load_releases

FORMATS = ("dump", "csv", "xlsx", "json")
ROWS_AT_ONCE = 500


class ImportRefused(Exception):
    """The file cannot be imported at all (unreadable, unknown format); says what to do."""


@dataclass
class ImportOptions:
    format: str | None = None  # dump, csv, xlsx, json; None: worked out from the file
    encoding: str | None = None  # None: worked out from the content
    publish: bool = False
    all_or_nothing: bool = False
    dry_run: bool = False


def import_file(file, *, user=None, options=None, agencies=None, may_publish=True):
    """Import ``file`` (a path, or a file object with a ``name``) now; returns its ``ImportBatch``."""
    name, data = _read(file)
    batch = start_batch(name, data, user=user, options=options, agencies=agencies, may_publish=may_publish)
    return run_batch(batch, data=data)


def start_batch(name, data, *, user=None, options=None, agencies=None, may_publish=True, store=None):
    """Record an upload as a queued batch. Its copy is kept in the default storage when ``store`` (by default
    unless it is a dry run run at once: a preview run by a worker, or confirmed later, needs it)."""
    options = options or ImportOptions()
    digest = hashlib.sha256(data).hexdigest()
    batch = ImportBatch(
        file_name=Path(name).name[:255] or "-", sha256=digest, size=len(data), user=user,
        agencies=sorted(agencies) if agencies is not None else None,
        format=options.format or "", encoding=options.encoding or "",
        options={**asdict(options), "may_publish": may_publish, "path": str(name)},
        duplicate_of=imported_before(digest),
    )
    if store if store is not None else not options.dry_run:
        batch.file.save(f"{digest[:16]}-{batch.file_name}", ContentFile(data), save=False)
    batch.save()
    return batch


def confirm_preview(preview, *, user=None, agencies=None, may_publish=True):
    """The real batch of a finished preview (a dry run): the same stored file and options, queued, not a dry run.
    ``agencies`` and ``may_publish`` are the confirming user's, as of now."""
    options = {k: v for k, v in preview.options.items() if k in ImportOptions.__dataclass_fields__}
    batch = ImportBatch(
        file=preview.file.name, file_name=preview.file_name, sha256=preview.sha256, size=preview.size, user=user,
        agencies=sorted(agencies) if agencies is not None else None, format=preview.format,
        encoding=preview.encoding, options={**options, "dry_run": False, "may_publish": may_publish,
                                            "preview": preview.pk, "path": preview.options.get("path")},
        duplicate_of=imported_before(preview.sha256),
    )
    batch.save()
    return batch


def confirmed_as(preview):
    """The batch that confirmed ``preview``, or None."""
    return ImportBatch.objects.filter(options__preview=preview.pk).first()


def imported_before(digest):
    """The last batch that imported the file of this SHA-256 for real (previews do not count)."""
    return (ImportBatch.objects.filter(sha256=digest, status=ImportBatch.Status.DONE)
            .exclude(options__dry_run=True).first())


def run_batch(batch, *, data=None):
    """Read and load ``batch``'s file; the batch ends ``done`` (whatever items failed) or ``failed`` (the file
    could not be read). Returns the batch."""
    options = ImportOptions(**{k: v for k, v in batch.options.items() if k in ImportOptions.__dataclass_fields__})
    data = data if data is not None else _stored(batch)
    batch.status, batch.started_at = ImportBatch.Status.RUNNING, timezone.now()
    batch.save(update_fields=["status", "started_at"])
    total_lines = data.count(b"\n") + 1
    writer = RowWriter(batch, total_lines, keep=options.dry_run or options.all_or_nothing)
    try:
        label = batch.options.get("path") or batch.file_name  # as the user named it, in messages
        how = reading(label, data, options.format, options.encoding)
        batch.format, batch.encoding = how.format, detect.encoding_name(how.encoding) if how.encoding else ""
        batch.save(update_fields=["format", "encoding"])
        records = read_records(label, data, how, large=len(data) >= settings.KZPRESS_IMPORT_PARALLEL_BYTES)
        report = load_releases(
            records, dry_run=options.dry_run, publish=options.publish, all_or_nothing=options.all_or_nothing,
            on_outcome=writer.add, flush=writer.flush, user=batch.user, origin=batch.origin,
            agencies=set(batch.agencies) if batch.agencies is not None else None,
            may_publish=batch.options.get("may_publish", True),
        )
    except ImportRefused as error:
        batch.status, batch.error = ImportBatch.Status.FAILED, str(error)
        batch.counts = {"empty": isinstance(error, EmptyFile)}
    else:
        writer.write_kept(rolled_back=report.rolled_back)
        summary = report.summary()
        batch.counts = {**{k: v for k, v in summary.items() if k != "errors"}, "errors": len(summary["errors"]),
                        "rolled_back": report.rolled_back, "published": writer.published}
        batch.rows_total = writer.count
        batch.status = ImportBatch.Status.DONE
    batch.finished_at = timezone.now()
    batch.save()
    progress.finish(batch.pk)
    return batch


class RowWriter:
    """Keeps each item's outcome as an ``ImportRow``: written in batches inside the import's own transaction (so
    rows and data commit together), or kept for after a rolled-back run. Reports progress as it goes."""

    def __init__(self, batch, total_lines, keep=False):
        self.batch, self.total_lines, self.keep = batch, total_lines, keep
        self.pending, self.kept, self.count, self.published = [], [], 0, 0

    def add(self, outcome):
        self.count += 1
        self.published += outcome.published
        row = {"batch_id": self.batch.pk, "line": outcome.line, "label": str(outcome.label)[:300],
               "source_url": (outcome.source_url or "")[:500], "article_id": outcome.article_id,
               "outcome": outcome.kind, "messages": list(outcome.messages), "diff": _jsonable(outcome.diff),
               "flagged": outcome.flagged, "published": outcome.published, "before": outcome.before,
               "data": _row_data(outcome.row), "repairs": list(outcome.repairs)}
        (self.kept if self.keep else self.pending).append(row)
        if len(self.pending) >= ROWS_AT_ONCE:
            self.flush()
        if self.count % 100 == 0:
            progress.report(self.batch.pk, self.count, outcome.line, self.total_lines)

    def flush(self):
        if self.pending:
            bulk.insert_values(ImportRow, self.pending)  # COPY on PostgreSQL, as the releases themselves
            self.pending = []

    def write_kept(self, rolled_back):
        """Write the rows kept for after the load: as they are, or — when the load was rolled back (a preview, a
        refused all-or-nothing file) — as what would have happened, pointing at nothing that does not exist."""
        if rolled_back:
            for row in self.kept:
                row["article_id"] = None if row["outcome"] == ImportRow.Outcome.NEW else row["article_id"]
                row["before"] = None
        for start in range(0, len(self.kept), ROWS_AT_ONCE):
            bulk.insert_values(ImportRow, self.kept[start:start + ROWS_AT_ONCE])
        self.kept = []


def _row_data(row):
    """A refused item's fields as JSON (``None`` when it is not refused)."""
    if row is None:
        return None
    return {str(k): v if isinstance(v, str | int | float | bool | list | dict | None) else str(v)
            for k, v in row.items()}


def refused_csv(batch):
    """The refused items of ``batch`` as CSV — their fields as the file gave them and the reasons — to fix and
    import again (the reasons column is ignored on import)."""
    rows = [row for row in batch.rows.filter(outcome=ImportRow.Outcome.ERROR).order_by("line") if row.data]
    columns = [name for name in (*ROW_FIELDS, *sorted({k for row in rows for k in row.data} - set(ROW_FIELDS)))
               if name not in ("line", "errors", "warnings", "repairs", "translations")
               and any(name in r.data for r in rows)]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([*columns, "reasons"])
    for row in rows:
        writer.writerow([neutralise(row.data.get(name) or "") for name in columns] + ["; ".join(row.messages)])
    return out.getvalue()


def _jsonable(diff):
    return [[str(name), _text(old), _text(new)] for name, old, new in diff]


def _text(value):
    return value if isinstance(value, str) else json.dumps(value, default=str, ensure_ascii=False)


class EmptyFile(ImportRefused):
    """The file holds nothing to import."""


@dataclass
class Reading:
    """How a file is read: its format and encoding (found from its first 64 KiB, or given), CSV delimiter."""

    format: str
    encoding: str = ""
    delimiter: str = ""
    note: str = ""  # how the encoding was chosen, when not plain UTF-8


def reading(name, data, fmt=None, encoding=None):
    """The ``Reading`` of a file's bytes; ``ImportRefused`` (``EmptyFile``) saying what it is and what to do."""
    head = data[:detect.HEAD]
    sniffed = detect.sniff(head, name)
    if sniffed.format == "zip" and name.lower().endswith(".xlsx"):
        sniffed = detect.Sniffed("binary", "xlsx", "an XLSX workbook")  # the workbook check says what is wrong
    if sniffed.kind == "empty":
        raise EmptyFile(sniffed.refusal(name))
    if not sniffed.importable and not fmt:
        raise ImportRefused(sniffed.refusal(name))
    result = Reading(fmt or sniffed.format, delimiter=sniffed.delimiter)
    try:
        uploads.check_upload(name, len(data) if result.format != "dump" else 0, head, result.format)
        if result.format == "xlsx":
            uploads.check_xlsx(name, io.BytesIO(data))
        else:
            result.encoding, how = detect.detect_encoding(head, encoding)
            if how not in {"valid UTF-8", "plain ASCII"}:
                result.note = f"read as {detect.encoding_name(result.encoding)} ({how})"
    except (uploads.UploadRefused, detect.NotText) as error:
        raise ImportRefused(str(error)) from error
    return result


def read_records(name, data, how, large=False):
    """``Release`` / ``Rejected`` records of a file's bytes; a large dump is parsed in a second process."""

    def make():
        return (release_from_row(row, number) for number, row in read_rows(name, data, how))

    if how.format == "dump" and large:
        return in_background(make)
    return make()


def read_rows(name, data, how):
    """(line, row) of a file read as ``how`` says; ``ImportRefused`` when it cannot be read so."""
    if how.format == "dump":  # streamed: the file's text is never held a second time
        stream = io.TextIOWrapper(io.BytesIO(data), encoding=how.encoding or "utf-8-sig", newline=None)
        try:
            for row in dump_rows(stream):
                yield row["line"], row
        except UnicodeDecodeError as error:
            raise ImportRefused(
                f"{name}: a byte is not valid {detect.encoding_name(stream.encoding)}, the encoding found from the "
                f"start of the file ({error.reason}): save the file in one encoding (UTF-8) or pass --encoding "
                "(in the admin: choose the encoding).") from error
        return
    try:
        if how.format == "xlsx":
            dataset = XLSX().create_dataset(data)
        else:
            text = detect.decode(data, how.encoding).text
            if how.format == "json":
                try:
                    rows = json.loads(text)
                except RecursionError:
                    raise ValueError("nested too deeply: expected a list of objects, one per release") from None
                if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
                    raise ValueError("expected a list of objects, one per release")
                yield from enumerate(rows, start=1)
                return
            dataset = tablib.Dataset().load(text, format="csv", delimiter=how.delimiter or ",")
        check_columns(dataset.headers)
    except (detect.NotText, RowError) as error:
        raise ImportRefused(f"{name}: {error}") from error
    except ParseError as error:  # a workbook's XML: malformed, or entities that would expand (billion laughs)
        raise ImportRefused(f"{name}: not a readable XLSX workbook ({error}).") from error
    except (ValueError, KeyError, TypeError, OSError) as error:
        raise ImportRefused(f"{name}: cannot read as {how.format}: {error}") from error
    yield from enumerate(dataset.dict if dataset.headers else [], start=2)


def _read(file):
    if isinstance(file, str | Path):
        path = Path(file)
        if not path.exists():
            raise ImportRefused(f"{path}: no such file.")
        return str(path), path.read_bytes()
    data = file.read()
    return getattr(file, "name", "upload"), data if isinstance(data, bytes) else data.encode()


def _stored(batch):
    with batch.file.open("rb") as handle:
        return handle.read()

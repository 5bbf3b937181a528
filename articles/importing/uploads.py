"""
Checks on an uploaded import file before anything reads it: size, what it is (from its bytes, not its name: any
encoding of text passes), and for XLSX (a zip) the size it would expand to, so a huge upload or a zip bomb is
refused with a clear message.
"""

import zipfile

from django.conf import settings

from . import detect

MB = 1024 * 1024
TEXT_FORMATS = {"dump", "csv", "json"}


class UploadRefused(ValueError):
    pass


def _megabytes(size):
    return f"{size / MB:.1f} MB"


def check_upload(name, size, head, format, encoding=None):
    """Refuse an upload named ``name`` of ``size`` bytes starting with ``head`` for ``format``.

    What the file is comes from its bytes (``articles.importing.detect``): a text file in any encoding passes; a
    picture, a PDF, a program or an archive is refused with what it looks like and what to export instead."""
    check_size(name, size)
    sniffed = detect.sniff(head, name)
    if sniffed.kind == "empty":
        raise UploadRefused(sniffed.refusal(name))
    if format == "xlsx":
        if sniffed.format not in ("xlsx", "zip"):  # a zip is opened by check_xlsx, which says what is wrong
            raise UploadRefused(f"{name}: not an XLSX workbook (it looks like {sniffed.description}); "
                                "choose the format the file is in.")
    elif format in TEXT_FORMATS:
        if sniffed.format == "xlsx":
            raise UploadRefused(f"{name}: this is an XLSX workbook, not {format.upper()}: choose the XLSX format.")
        if not sniffed.importable:
            raise UploadRefused(sniffed.refusal(name, "a dump" if format == "dump" else format.upper()))


def check_size(name, size):
    """Refuse a file over ``KZPRESS_IMPORT_MAX_BYTES`` (an upload is held in memory and in the storage)."""
    limit = settings.KZPRESS_IMPORT_MAX_BYTES
    if size > limit:
        raise UploadRefused(f"{name}: the file is {_megabytes(size)}; the import limit is {_megabytes(limit)}. "
                            "Split it into smaller files.")


def check_xlsx(name, file):
    """Refuse a workbook whose members would expand beyond the limit (a zip bomb) or that is not a zip."""
    limit = settings.KZPRESS_IMPORT_MAX_BYTES * 4
    try:
        with zipfile.ZipFile(file) as archive:
            members = archive.infolist()
    except zipfile.BadZipFile as error:
        raise UploadRefused(f"{name}: not a readable XLSX workbook ({error}).") from error
    finally:
        file.seek(0)
    expanded = sum(member.file_size for member in members)
    if len(members) > 10_000 or expanded > limit:
        raise UploadRefused(f"{name}: the workbook would expand to {_megabytes(expanded)} "
                            f"({len(members)} parts); the limit is {_megabytes(limit)}.")


class RequestSizeLimitMiddleware:
    """Answer 413 to any request whose declared body exceeds the import limit, before reading a byte of it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.http import HttpResponse

        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = settings.KZPRESS_IMPORT_MAX_BYTES + MB  # the file plus the form around it
        if length > limit:
            return HttpResponse(f"Request body of {_megabytes(length)} refused: the limit is {_megabytes(limit)}.\n",
                                status=413, content_type="text/plain; charset=utf-8")
        return self.get_response(request)

"""
Checks on an uploaded import file before anything reads it: size, type, and for XLSX (a zip)
the size it would expand to, so a huge upload or a zip bomb is refused with a clear message.
"""

import zipfile

from django.conf import settings

MB = 1024 * 1024
TEXT_FORMATS = {"dump", "csv", "json"}


class UploadRefused(ValueError):
    pass


def _megabytes(size):
    return f"{size / MB:.1f} MB"


def check_upload(name, size, head, format, encoding=None):
    """Refuse an upload named ``name`` of ``size`` bytes starting with ``head`` for ``format`` (text in
    ``encoding``; UTF-8 when None)."""
    limit = settings.KZPRESS_IMPORT_MAX_BYTES
    if size > limit:
        raise UploadRefused(f"{name}: the file is {_megabytes(size)}; the import limit is {_megabytes(limit)}. "
                            "Split it into smaller files.")
    if format == "xlsx":
        if not head.startswith(b"PK\x03\x04"):
            raise UploadRefused(f"{name}: not an XLSX workbook (an XLSX file is a zip archive).")
    elif format in TEXT_FORMATS:
        if b"\x00" in head and not (encoding or "").startswith("utf-16"):
            raise UploadRefused(f"{name}: a binary file, not {format.upper()} text.")
        if encoding not in (None, "", "utf-8", "utf-8-sig"):
            return
        try:
            head.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            if error.start < len(head) - 4:  # not just a character cut at the end of the sample
                raise UploadRefused(f"{name}: not UTF-8 text (byte {error.start}); save it as UTF-8.") from error


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

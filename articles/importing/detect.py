"""
What an import file is, from its bytes: its encoding and its format. Standard library and charset-normalizer only.

Press offices save releases from Excel, Word and old Windows tools: UTF-8 with or without a byte order mark,
UTF-16 with one (Excel's "Unicode text"), Windows-1251, KZ-1048 (Windows' Kazakh code page) or KOI8-R. ``decode()``
finds the encoding from the first 64 KiB (a byte order mark, valid UTF-8, UTF-16 by its zero bytes, then the 8-bit
code page in which the bytes read as Cyrillic words, then charset-normalizer for anything else); a declared encoding
wins. KZ-1048 is Windows-1251 with the Kazakh letters (ә ғ қ ң ө ұ ү һ) where 1251 has Serbian and Ukrainian ones:
Russian text reads the same in both (and stays Windows-1251), Kazakh text makes whole words only in KZ-1048,
Ukrainian only in 1251.

``sniff()`` names the format from the content, not the file name: binary files by their magic bytes (an XLSX is a
zip with ``[Content_Types].xml`` and ``xl/`` parts), JSON by parsing, CSV by a header line naming the columns,
and anything else is read as the dump.
"""

import codecs
import csv
import io
import json
import re
import zipfile
from dataclasses import dataclass

import charset_normalizer

HEAD = 64 * 1024  # what detection reads; the rest of a file is only decoded
CYRILLIC_PAGES = ("cp1251", "kz1048", "koi8_r")  # in this order on a tie: Russian text reads the same in 1048
NAMES = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8", "utf-16": "UTF-16", "utf-16-le": "UTF-16 LE",
         "utf-16-be": "UTF-16 BE", "utf-32": "UTF-32", "cp1251": "Windows-1251", "kz1048": "KZ-1048",
         "koi8-r": "KOI8-R"}
BOMS = (  # longest first: a UTF-32 LE mark starts with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)
WORD = re.compile(r"[^\W\d_]+")
# A word as Russian, Kazakh or Ukrainian text writes it: lower case, or capitalised.
CYRILLIC_WORD = re.compile(r"[А-ЯЁІЄЇҐӘҒҚҢӨҰҮҺ]?[а-яёієїґәғқңөұүһ]+")

# Magic bytes of the binary files people pick by mistake, and what to call them.
MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "png", "a PNG image"),
    (b"\xff\xd8\xff", "jpeg", "a JPEG image"),
    (b"GIF87a", "gif", "a GIF image"),
    (b"GIF89a", "gif", "a GIF image"),
    (b"%PDF-", "pdf", "a PDF document"),
    (b"\x7fELF", "elf", "a program (ELF executable)"),
    (b"\x1f\x8b", "gzip", "a gzip archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "ole", "an old Microsoft Office file (.xls or .doc)"),
    (b"PK\x03\x04", "zip", "a ZIP archive"),
    (b"PK\x05\x06", "zip", "a ZIP archive"),
)
ADVICE = {
    "ole": "open it in Excel and save it as XLSX, or export the releases as text, CSV or JSON",
    "gzip": "unpack it first and import the file inside",
    "zip": "unpack it first and import the file inside, or export the releases as XLSX",
}
ADVICE_DEFAULT = "export the releases as text, CSV, XLSX or JSON"

# The columns of an export (``articles.importing.formats.ROW_FIELDS``): a header line naming them is a CSV.
COLUMNS = frozenset({
    "source_url", "news_id", "agency", "region", "section", "published", "language", "title", "lead", "body",
    "signature", "status", "flags",
})
TABLE_EXTENSIONS = (".csv", ".tsv")


class NotText(ValueError):
    """The bytes do not decode in the encoding chosen (or declared)."""


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # a Python codec name
    confidence_note: str  # how the encoding was chosen, for a report

    @property
    def name(self):
        return encoding_name(self.encoding)


@dataclass(frozen=True)
class Sniffed:
    kind: str  # "text", "binary" or "empty"
    format: str  # "dump", "csv", "json", "xlsx", or what the binary is ("png", "pdf", "zip", "binary" …)
    description: str  # "a PNG image", "CSV separated by ';'", …
    delimiter: str = ""  # for CSV

    @property
    def importable(self):
        return self.format in {"dump", "csv", "json", "xlsx"}

    def refusal(self, name, expected="a dump"):
        """Why ``name`` cannot be imported, and what to do instead."""
        if self.kind == "empty":
            return f"{name} is empty: nothing to import."
        advice = ADVICE.get(self.format, ADVICE_DEFAULT)
        return f"{name}: this is a binary file (it looks like {self.description}), not {expected}: {advice}."


def encoding_name(encoding):
    """The usual name of a Python codec: 'Windows-1251' for 'cp1251'."""
    codec = codecs.lookup(encoding).name
    return NAMES.get(encoding, NAMES.get(codec, codec.upper()))


def detect_encoding(head: bytes, declared=None) -> tuple[str, str]:
    """(codec, how it was chosen) for a file starting with ``head`` (its first 64 KiB are enough)."""
    if declared:
        try:
            codec = codecs.lookup(declared).name
        except LookupError as error:
            raise NotText(f"unknown encoding {declared!r}: use a name such as utf-8, cp1251, kz1048, "
                          "koi8-r or utf-16") from error
        return ("utf-8-sig" if codec == "utf-8" else codec), "declared"
    head = head[:HEAD]
    for mark, codec in BOMS:
        if head.startswith(mark):
            return codec, "byte order mark"
    if _is_utf8(head):
        return "utf-8", "valid UTF-8" if not head.isascii() else "plain ASCII"
    if b"\x00" in head and (codec := _utf16_without_mark(head)):
        return codec, "UTF-16 by its zero bytes"
    best, score = _cyrillic_page(head)
    if score:
        return best, f"Cyrillic words in {encoding_name(best)} ({score} letters)"
    guess = charset_normalizer.from_bytes(head).best()
    if guess is not None:
        return guess.encoding, "guessed from the letters"
    return "cp1251", "not UTF-8; read as Windows-1251"


def decode(data: bytes, declared=None) -> Decoded:
    """The text of ``data`` in its encoding (``declared`` wins), without a byte order mark."""
    encoding, note = detect_encoding(data[:HEAD], declared)
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        raise NotText(f"byte {error.start} is not valid {encoding_name(encoding)}, the encoding its start is in "
                      f"({note}): save the file in one encoding (UTF-8) or give the encoding") from error
    return Decoded(text.removeprefix("\ufeff"), encoding, note)


def _is_utf8(head):
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        # A character cut by the end of the sample is no reason to doubt the rest.
        return len(head) >= HEAD and error.start >= len(head) - 3 and error.reason == "unexpected end of data"
    return True


def _utf16_without_mark(head):
    """'utf-16-le' or 'utf-16-be' when every other byte is the high byte of Latin or Cyrillic text."""
    even, odd = head[0::2], head[1::2]
    for codec, high, low in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        if sum(b in (0, 4) for b in high) >= 0.95 * len(high) and low.count(0) < 0.05 * len(low):
            try:
                head[: len(head) // 2 * 2].decode(codec)
            except UnicodeDecodeError:
                continue
            return codec
    return None


def _cyrillic_page(head):
    """The 8-bit code page in which ``head`` reads as the most Cyrillic words, and the letters in them."""
    scores = {}
    for codec in CYRILLIC_PAGES:
        text = head.decode(codec, errors="replace")
        scores[codec] = sum(len(w) for w in WORD.findall(text) if CYRILLIC_WORD.fullmatch(w))
    best = max(CYRILLIC_PAGES, key=lambda codec: scores[codec])
    letters = sum(len(w) for w in WORD.findall(head.decode("latin-1")) if not w.isascii())
    # Most of the non-ASCII letters must make Cyrillic words; Latin-1 "Café" makes none.
    return (best, scores[best]) if scores[best] and scores[best] >= 0.5 * letters else (best, 0)


def sniff(data: bytes, filename="") -> Sniffed:
    """What ``data`` (a whole file, or its first 64 KiB) is: ``Sniffed(kind, format, description)``."""
    if not data.strip(b" \t\r\n\x00" + codecs.BOM_UTF8):
        return Sniffed("empty", "", "an empty file")
    for magic, kind, description in MAGIC:
        if data.startswith(magic):
            if kind == "zip" and _is_workbook(data):
                return Sniffed("binary", "xlsx", "an XLSX workbook")
            return Sniffed("binary", kind, description)
    try:
        text = decode(data[:HEAD]).text if len(data) > HEAD else decode(data).text
    except NotText:
        text = data[:HEAD].decode(detect_encoding(data[:HEAD])[0], errors="replace")
    if "\x00" in text or _control_characters(text[:4096]) > 0.1:
        return Sniffed("binary", "binary", "a binary file of an unknown kind")
    return _sniff_text(text, complete=len(data) < HEAD, filename=filename)


def _sniff_text(text, complete, filename):
    start = text.lstrip()
    if start[:1] in "[{" and _is_json(start, complete):
        return Sniffed("text", "json", "JSON")
    header = next((line for line in start.splitlines() if line.strip()), "")
    delimiter = _delimiter(header)
    if delimiter:
        cells = {cell.strip().strip("\"'").lower() for cell in next(csv.reader([header], delimiter=delimiter))}
        if "source_url" in cells or len(cells & COLUMNS) >= 3:
            return Sniffed("text", "csv", f"CSV separated by {delimiter!r}", delimiter)
        if filename.lower().endswith(TABLE_EXTENSIONS) and _is_table(start, delimiter):
            return Sniffed("text", "csv", f"CSV separated by {delimiter!r}", delimiter)
    return Sniffed("text", "dump", "a text dump")


def _is_json(text, complete):
    try:
        json.loads(text)
    except RecursionError:
        return True  # JSON nested too deeply to read: reading it as JSON says so
    except ValueError:
        if complete:
            return False
        # Only the start was read: the start of a list of objects, or of one object.
        return bool(re.match(r"[\[{]\s*(\{\s*)?(\"|\]|\})", text))
    return True


def _delimiter(header):
    try:
        return csv.Sniffer().sniff(header, delimiters=",;\t").delimiter
    except csv.Error:
        return ""


def _is_table(text, delimiter):
    """Every one of the first lines splits into the same number (two or more) of cells."""
    lines = [line for line in text.splitlines()[:20] if line.strip()]
    try:
        widths = {len(row) for row in csv.reader(lines, delimiter=delimiter)}
    except csv.Error:
        return False
    return len(widths) == 1 and widths.pop() >= 2


def _control_characters(text):
    if not text:
        return 0
    return sum(ord(c) < 32 and c not in "\t\r\n\f" for c in text) / len(text)


def _is_workbook(data):
    """A zip holding ``[Content_Types].xml`` and ``xl/`` parts; from the local headers when only the start is read."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
    except zipfile.BadZipFile:
        return b"xl/" in data or b"[Content_Types].xml" in data
    return "[Content_Types].xml" in names and any(name.startswith("xl/") for name in names)

"""
Parser for the plain-text scrape dump of gov.kz press releases. Standard library only.

A news aggregator reposts gov.kz releases (often machine-translated); its dump reads::

    Law                                                   <- section line: starts a group
    Title of the release 09.02.2025                       <- title: ends in D.M.YYYY [HH:MM]
    Body line.Another paragraph glued on.                 <- body lines
    Press service of the akim of the Turkestan region     <- optional signature (en/ru/kk)
    Source : https://www.gov.kz/memleket/entities/<agency>/press/news/details/<id>

The scraper damages it: the Source line glued to the last paragraph (``…meeting.Source :
https://…``), the signature glued to the body and to Source, paragraph breaks dropped
(``…akim.The agenda``, ``solution:Accuracy``, ``8282- +7700``, ``home;- eliminates``),
literal ``\\u200b`` escapes and real zero-width characters, titles in capitals.

Other pages of the same aggregator differ: Kazakh ones label the source ``Ақпарат көзі :``; the date may stand on
its own line under the title (``17.10.2025 09:33``, on article pages with seconds and a view count,
``17.10.2025 09:33:46 208``: the count is dropped); a saved web page starts with its header (the site's name, menu
words, today's date) above the first release, skipped while it holds only short lines and dates.

``iter_dump()`` streams ``ParsedItem``s holding the repaired text and every problem found,
with its line; it never raises on bad input and never drops text silently (but a page's header). An item ends
at its Source line; without one, at the next title, with a warning: it has no source URL and is matched on its
agency, date and title. After a Source line, the next non-blank
line opens an item even without a date (an error). A short line at the start or after a
Source line, followed by a title, is a section line.
"""

import datetime
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from ..text import INVISIBLE, UPPER, is_capitalised, split_glued

ERROR, WARNING = "error", "warning"
LANGUAGES = frozenset({"kk", "ru", "en"})

DATE = (r"(?P<day>\d{1,2})\.(?P<month>\d{1,2})\.(?P<year>\d{4})"
        r"(?:\s+(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?)?")
DATE_AT_END = re.compile(rf"(?<![\d.,]){DATE}$")
DATE_LINE = re.compile(rf"{DATE}(?:\s+(?P<views>\d+))?")  # a line of its own under the title; views are dropped
LABEL = (r"(?:S(?:ource|OURCE)|И(?:сточник|СТОЧНИК)|Д(?:ереккөз|ЕРЕККӨЗ)"
         r"|А(?:қпарат|ҚПАРАТ)\s+к(?:өзі|ӨЗІ)|АҚПАРАТ\s+КӨЗІ)")
SOURCE_LINE = re.compile(r"^(?:source|источник|дереккөз|ақпарат\s+көзі)\s*:\s*(.*)$", re.IGNORECASE)
SOURCE_GLUED = re.compile(rf"{LABEL}\s*:\s*((?i:https?://|www\.|gov\.kz)\S*)$")
SOURCE_GLUED_EMPTY = re.compile(rf"(?<=[\w.!?»\"”)]){LABEL}\s*:()$")
SIGNATURE_START = re.compile(r"(?:Press|PRESS)[ -](?i:service|office|cent(?:er|re))\b|(?i:Пресс-(?:служба|центр))")
SIGNATURE_CHARS = 200  # a signature is at most this long
KAZAKH_SIGNATURE_END = re.compile(r"баспасөз\s+(?:қызметі|орталығы)\.?$", re.IGNORECASE)
SENTENCE_END = re.compile(r"[.!?…»\"”)]\s*")
SENTENCE_BREAK = re.compile(rf"(?<!\b\w)(?<!\b\w\w)(?<!\b\w\w\w)[.!?]\s+[{UPPER}]")

ESCAPES = re.compile(r"\\u(?:200[b-f]|206[0-4]|feff|00ad|202[a-e]|206[6-9])", re.IGNORECASE)
ESCAPED_SPACES = re.compile(r"\\u(?:00a0|202f|200[0-9a])", re.IGNORECASE)
SPACES = re.compile(r"[^\S\n]{2,}|[^\S\n ]")  # runs and odd spaces only: a lone space stays as it is
LINE_BREAK = re.compile(r"\r\n|\r|\n")

SLUG = re.compile(r"[a-z0-9][a-z0-9_-]*")
NEWS_ID = re.compile(r"[0-9]+")
CANONICAL = "https://www.gov.kz/memleket/entities/{}/press/news/details/{}"


@dataclass(frozen=True)
class Problem:
    line: int
    message: str
    severity: str


@dataclass(frozen=True)
class SourceRef:
    url: str
    agency_slug: str
    news_id: str
    language: str


@dataclass(frozen=True)
class ParsedItem:
    line: int
    end_line: int
    section: str
    title: str
    published: datetime.date | None
    published_time: datetime.time | None
    paragraphs: tuple[str, ...]
    signature: str
    source: SourceRef | None
    raw_source: str
    title_in_capitals: bool
    problems: tuple[Problem, ...]
    repairs: tuple[str, ...] = ()  # what the parser repaired in this item, in words

    @property
    def body(self) -> str:
        return "\n\n".join(self.paragraphs)

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == ERROR)

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == WARNING)

    @property
    def ok(self) -> bool:
        return not self.errors


def clean_text(text: str) -> str:
    """Drop invisible and control characters (real or as literal escapes); fold spaces."""
    text, previous = INVISIBLE.sub("", text), None
    while "\\u" in text and text != previous:  # removing one escape may complete another: "\\u\\u200b200b"
        text, previous = ESCAPED_SPACES.sub(" ", ESCAPES.sub("", text)), text
    text = unicodedata.normalize("NFC", text)
    return SPACES.sub(" ", text).replace(" \n", "\n").replace("\n ", "\n").strip()


def parse_source_url(url: str) -> SourceRef | None:
    """The canonical reference for a gov.kz press-release URL, or None for anything else."""
    url = url.strip().lstrip("<(«\"'").rstrip(">.,;)»\"'")
    if not url or len(url.split(maxsplit=1)) > 1:
        return None
    try:
        parts = urlsplit(url if "://" in url else "https://" + url)
        query_language = (parse_qs(parts.query).get("lang") or [""])[0].lower()
    except ValueError:
        return None
    if parts.scheme.lower() not in {"http", "https"} or parts.netloc.lower() not in {"gov.kz", "www.gov.kz"}:
        return None
    segments = [segment for segment in parts.path.split("/") if segment]
    language = segments.pop(0).lower() if segments and segments[0].lower() in LANGUAGES else ""
    if len(segments) != 7:
        return None
    memleket, entities, slug, press, kind, details, news_id = segments
    slug = slug.lower()
    fixed = (memleket.lower(), entities.lower(), press.lower(), kind.lower(), details.lower())
    if fixed not in {("memleket", "entities", "press", k, "details") for k in ("news", "article")}:
        return None
    if not SLUG.fullmatch(slug) or not NEWS_ID.fullmatch(news_id):
        return None
    language = query_language if query_language in LANGUAGES else language
    return SourceRef(CANONICAL.format(slug, news_id), slug, news_id, language)


def parse_dump(text: str) -> list[ParsedItem]:
    """All items of a dump given as one string."""
    return list(iter_dump(text.splitlines()))


def iter_dump(lines: Iterable[str]) -> Iterator[ParsedItem]:
    """Stream the items of a dump (lines with or without their endings); holds one item at a time."""
    reader = _Reader()
    for number, text in _numbered(lines):
        if text:
            yield from reader.read(number, text)
    yield from reader.close()


class _Reader:
    """The state of ``iter_dump``: the section, the item being read, a short line that may be a section or a title."""

    def __init__(self):
        self.section, self.item, self.pending = "", None, None
        self.started = False  # a title or a Source line was seen: text is no longer at the start of the file
        self.header = True  # nothing kept yet: lines that only look like a site's header are skipped

    def read(self, number, text):
        source = _split_source(text)
        date = None if source or not text[-1].isdigit() else DATE_AT_END.search(text)
        own_line = None if source or not text[0].isdigit() else DATE_LINE.fullmatch(text)
        if own_line and (yield from self._date_under_title(number, own_line)):
            return
        if date or own_line:
            date = date or own_line  # a date with no title line above it: an empty title
            if self.pending:
                self.section, self.pending = self.pending[1], None
            yield from self._finish()
            self.item, self.started = _Item(number, self.section, text, date), True
            return
        if self.item is None:
            if self.pending is None and source is None and _looks_like_section(text):
                self.pending = (number, text)
                return
            if self.pending:
                self.item, self.pending = _Item.opening(*self.pending, self.section, self.started), None
            elif source is None:
                self.item = _Item.opening(number, text, self.section, self.started)
                return
            else:
                self.item = _Item(number, self.section, "", None, kind=_Item.ORPHAN)
        self.item.add(number, text, source)
        if source:
            yield from self._finish()
            self.started = True

    def _date_under_title(self, number, date):
        """Take a line holding only a date as the date of the title line above it; False if there is none."""
        item = self.item
        if item is not None and item.kind == _Item.TITLED and item.date is None and not item.body:
            item.set_date(number, date)  # a title without a date, opened after a Source line
        elif self.pending is not None:
            number_above, title = self.pending
            self.item = _Item(number_above, self.section, title, None)
            self.item.set_date(number, date)
            self.pending = None
        elif item is not None and item.body and item.kind in (_Item.TITLED, _Item.STRAY):
            title_number, title = item.pop()
            yield from self._finish()
            self.item = _Item(title_number, self.section, title, None)
            self.item.set_date(number, date)
        else:
            return False
        self.started = True
        return True

    def _finish(self):
        item, self.item = self.item, None
        if item is None:
            return
        if self.header and item.is_header():
            return  # the site's name, menu and date above the first release
        self.header = False
        yield item.finish()

    def close(self):
        if self.pending:
            self.item = _Item.opening(*self.pending, self.section, self.started)
            self.pending = None
        yield from self._finish()


def _numbered(lines):
    """(line number, cleaned text) for each line; a chunk holding ``\\r`` or ``\\n`` counts as several."""
    number = 0
    for chunk in lines:
        for text in LINE_BREAK.split(chunk.removesuffix("\n").removesuffix("\r")):
            number += 1
            yield number, clean_text(text)


def _looks_like_section(text):
    return len(text) <= 60 and len(text.split()) <= 6 and text[-1] not in ".!?…:;,"


def is_header_line(text):
    """A line of a web page's header: the site's name, a menu word, a date."""
    return _looks_like_section(text) or bool(DATE_LINE.fullmatch(text))


def _split_source(text):
    """(text before the Source label, raw value) when the line holds a Source label, else None."""
    match = SOURCE_LINE.match(text)
    if match:
        return "", match.group(1).strip()
    match = SOURCE_GLUED.search(text) or (text.endswith(":") and SOURCE_GLUED_EMPTY.search(text))
    if match and match.start() > 0:
        return text[: match.start()].rstrip(), match.group(1)
    return None


def _split_signature(text: str) -> tuple[str, str]:
    """(text, signature) with a press-service signature split off the end of a body line."""
    last = max(0, len(text) - SIGNATURE_CHARS)  # a signature starts no earlier (``_is_signature``)
    for match in SIGNATURE_START.finditer(text, last):
        start, tail = match.start(), text[match.start():]
        glued_to = text[:start].rstrip()[-1:]
        if start and not (glued_to in ".!?…»\"”)" or (glued_to.isalnum() and text[start - 1] != " ")):
            continue
        if _is_signature(tail, whole_line=start == 0):
            return text[:start].rstrip(), tail
    match = KAZAKH_SIGNATURE_END.search(text, last)
    if match:
        starts = [m.end() for m in SENTENCE_END.finditer(text, last, match.start())]
        for start in [0, *starts][::-1]:
            if text[start:start + 1].isupper() and _is_signature(text[start:], whole_line=start == 0):
                return text[:start].rstrip(), text[start:]
    return text, ""


def _is_signature(tail, whole_line):
    """A signature is short, one sentence, and ends without a full stop unless it is a line of its own."""
    if len(tail) > SIGNATURE_CHARS or len(tail.split()) > 25 or SENTENCE_BREAK.search(tail):
        return False
    return whole_line or tail[-1] not in ".!?"


class _Item:
    """The item being read: its lines so far, turned into a ``ParsedItem`` by ``finish()``."""

    TITLED, STRAY, ORPHAN = "titled", "stray", "orphan"

    def __init__(self, line, section, heading, date, kind=TITLED):
        self.line = self.end_line = line
        self.section, self.heading, self.date, self.kind = section, heading, date, kind
        self.date_line = 0  # the line of a date under the title, when it is not at the title's end
        self.body, self.numbers, self.source_line, self.raw_source = [], [], 0, ""
        self.repairs = []

    def set_date(self, number, date):
        self.date, self.date_line, self.end_line = date, number, number

    def pop(self):
        """(line, text) of the last body line, taken off: it is the title of the next item."""
        number, text = self.numbers.pop(), self.body.pop()
        self.end_line = self.numbers[-1] if self.numbers else self.date_line or self.line
        return number, text

    def is_header(self):
        """Only short lines and dates, and no Source line: the header of a web page, not a release."""
        return not self.source_line and all(is_header_line(text) for text in (self.heading, *self.body) if text)

    @classmethod
    def opening(cls, number, text, section, started):
        """The item a line opens when it is no title: a title without a date, or stray text at the start."""
        if started:
            return cls(number, section, text, None)
        item = cls(number, section, "", None, kind=cls.STRAY)
        item.add(number, text, None)
        return item

    def add(self, number, text, source):
        self.end_line = number
        if source:
            text, self.raw_source = source
            self.source_line = number
            if text:
                self.repairs.append("the Source label was glued to the last sentence")
        if text:
            self.body.append(text)
            self.numbers.append(number)

    def finish(self) -> ParsedItem:
        problems = []
        title, published, time = self._title(problems)
        signature = ""
        if self.body and self.kind == self.TITLED:
            rest, signature = _split_signature(self.body[-1])
            self.body[-1:] = [rest] if rest else []
            if signature and rest:
                self.repairs.append("the signature was glued to the text")
        parts = [split_glued(text) for text in self.body]
        paragraphs = tuple(part for pieces in parts for part in pieces)
        if glued := sum(len(pieces) - 1 for pieces in parts):
            self.repairs.append(f"{glued} glued paragraph break(s) restored")
        source = self._source(problems)
        if not paragraphs and self.kind == self.TITLED:
            problems.append(Problem(self.line, "empty body: the release has no text before its Source line", WARNING))
        capitals = is_capitalised(title)
        if capitals:
            problems.append(Problem(self.line, "title is in capitals; a sentence-case suggestion is available "
                                               "in the editor", WARNING))
        return ParsedItem(self.line, self.end_line, self.section, title, published, time, paragraphs, signature,
                          source, self.raw_source, capitals, tuple(problems), tuple(self.repairs))

    def _title(self, problems):
        if self.kind == self.STRAY:
            problems.append(Problem(self.line, "text before the first title: it belongs to no release; delete it "
                                               "or add a title line (ending in DD.MM.YYYY) above it", ERROR))
            return "", None, None
        if self.kind == self.ORPHAN:
            problems.append(Problem(self.line, "Source line without a title: add the release's title line "
                                               "(ending in DD.MM.YYYY) and its text above it", ERROR))
            return "", None, None
        if self.date is None:
            problems.append(Problem(self.line, "title has no date (expected DD.MM.YYYY at its end or on the line "
                                               "below it)", ERROR))
            return self.heading, None, None
        title = self.heading.strip() if self.date_line else self.heading[: self.date.start()].strip()
        if not title:
            problems.append(Problem(self.line, "title is empty: the line holds only a date; "
                                               "put the title before it", ERROR))
        line = self.date_line or self.line
        day, month, year, hour, minute, second = self.date.group("day", "month", "year", "hour", "minute", "second")
        published = time = None
        try:
            published = datetime.date(int(year), int(month), int(day))
        except ValueError:
            problems.append(Problem(line, f"invalid date '{day}.{month}.{year}': there is no such day; "
                                          "correct the date of the title (DD.MM.YYYY)", ERROR))
        try:
            time = datetime.time(int(hour), int(minute), int(second or 0)) if hour is not None else None
        except ValueError:
            shown = f"{hour}:{minute}" + (f":{second}" if second else "")
            problems.append(Problem(line, f"invalid time '{shown}' after the date: correct it "
                                          "(HH:MM) or remove it", ERROR))
        return title, published, time

    def _source(self, problems):
        if not self.source_line:
            if self.kind == self.TITLED:
                problems.append(Problem(self.line, "no source line: the item ends at the next title and has no "
                                                   "source URL; it is matched on its agency, date and title", WARNING))
            return None
        source = parse_source_url(self.raw_source)
        if source is None and not self.raw_source:
            problems.append(Problem(self.source_line, "Source line has no URL: add the release's gov.kz "
                                                      "address after 'Source :'", ERROR))
        elif source is None:
            problems.append(Problem(self.source_line, f"Source {self.raw_source!r} is not a gov.kz press-release "
                                                      "URL (https://www.gov.kz/memleket/entities/<agency>/press/"
                                                      "news/details/<id>): correct it", ERROR))
        return source

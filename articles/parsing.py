"""
Parser for the plain-text scrape dump of gov.kz press releases. Standard library only.

The format, as aggregators' scrapers leave it::

    Law                                             <- a section line (any number of them)
    Title of the release 09.02.2025                 <- title ending in DD.MM.YYYY [HH:MM]
    Body line.Another sentence glued on.            <- body lines (paragraphs)
    Press service of the akim of the Turkestan region      <- optional signature
    Source : https://www.gov.kz/memleket/entities/<agency>/press/news/details/<id>

The scraper glues things together: the Source label to the last paragraph
(``…meeting.Source : https://…``), the signature to the body and to Source, sentences and
paragraphs without a space (``…akim.The agenda…``), and leaves literal ``\\u200b`` escapes.
``iter_dump()`` streams ``ParsedItem``s, each with its repaired text and the problems
found, with line numbers; it never raises on bad input.
"""

import datetime
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

ERROR, WARNING = "error", "warning"
LANGUAGES = ("kk", "ru", "en")

UPPER = "A-ZА-ЯЁӘҒҚҢӨҰҮҺІ"
LOWER = "a-zа-яёәғқңөұүһі"
DATE_AT_END = re.compile(r"(?:^|\s)(\d{1,2})\.(\d{1,2})\.(\d{4})(?:\s+(\d{1,2}):(\d{2}))?\s*$")
SOURCE = re.compile(r"(?:(?<![A-Za-z])source|Source|SOURCE|Источник|источник|ИСТОЧНИК|Дереккөз|дереккөз|ДЕРЕККӨЗ)"
                    r"\s*:\s*(\S*)\s*$")
SIGNATURE = re.compile(
    r"(?:(?<=[.!?»\"”)])\s*|^)("
    r"Press (?:[Ss]ervice|[Oo]ffice|[Cc]ent(?:er|re)) of [^.!?]{3,200}"
    r"|Пресс-(?:служба|центр) [^.!?]{3,200}"
    r"|[^.!?]{0,150}баспасөз (?:қызметі|орталығы)"
    r")\.?\s*$"
)
ESCAPES = re.compile(r"\\u(?:200[b-f]|2060|feff|00ad)", re.IGNORECASE)
ESCAPED_SPACE = re.compile(r"\\u(?:00a0|202f)", re.IGNORECASE)
INVISIBLE = re.compile("[\u200b-\u200f\u2060\ufeff\u00ad\u202a-\u202e\u2066-\u2069\x00-\x08\x0b-\x1f\x7f-\x9f]")
SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
# Where a sentence or paragraph ends and the next one starts with no space between.
GLUE = re.compile(
    rf"(?<=[{LOWER}{UPPER}\d)\]%»”])([.!?;:][»”\"]?)(?=[«“\"]?[{UPPER}])"  # "akim.The", "tips:Carefully"
    r"|(?<=[;:.\d])(?=- [^\s])"  # glued list items: "home;- eliminates", "8282- +7700"
    rf"|(?<=\d)(?=[{UPPER}][{LOWER}]{{2,}})"  # "3876Send"
)
ABBREVIATIONS = {"г", "гг", "им", "ул", "обл", "пр", "см", "стр", "тыс", "млн", "млрд", "руб", "т", "е", "etc", "vs",
                 "no", "st", "mr", "mrs", "ms", "dr", "prof", "jr", "sr", "inc", "ltd", "co", "p", "pp", "e", "i"}
PROTECTED = re.compile(r"https?://\S+|www\.\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\b(?:[\w-]+\.)+(?:kz|ru|com|org|net|gov|edu|io)"
                       r"\b(?:/\S*)?", re.IGNORECASE)


@dataclass(frozen=True)
class Problem:
    line: int
    message: str
    severity: str = ERROR


@dataclass(frozen=True)
class SourceRef:
    url: str
    agency_slug: str
    news_id: str
    language: str = ""


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
    """Remove zero-width and control characters (real or as literal escapes); fold spaces."""
    text = ESCAPED_SPACE.sub(" ", ESCAPES.sub("", text))
    text = unicodedata.normalize("NFC", INVISIBLE.sub("", text.replace("\t", " ")))
    return SPACES.sub(" ", text).strip()


def split_glued(text: str) -> list[str]:
    """Split a line into paragraphs where the scraper dropped the breaks between them."""
    protected = [m.span() for m in PROTECTED.finditer(text)]
    parts, start = [], 0
    for match in GLUE.finditer(text):
        cut = match.end(1) if match.group(1) else match.start()
        if any(a < cut < b for a, b in protected) or _is_abbreviation(text, match.start()):
            continue
        parts.append(text[start:cut])
        start = cut
    parts.append(text[start:])
    return [part.strip() for part in parts if part.strip()]


def _is_abbreviation(text, mark):
    """Whether the word before ``text[mark]`` is an initial or abbreviation ("Zh.", "г.", "No.")."""
    if text[mark] != ".":
        return False
    word = re.search(rf"[{LOWER}{UPPER}]+$", text[:mark])
    if not word:
        return False
    word = word.group()
    return (len(word) <= 2 and word[0].isupper()) or word.lower() in ABBREVIATIONS


def is_capitalised(title: str) -> bool:
    """Whether a title is written in capitals (at least 80% of at least 8 cased letters)."""
    cased = [ch for ch in title if ch.isupper() or ch.islower()]
    return len(cased) >= 8 and sum(ch.isupper() for ch in cased) >= 0.8 * len(cased)


def parse_source_url(url: str) -> SourceRef | None:
    """The canonical reference for a gov.kz press-release URL, or None."""
    url = url.strip().rstrip(".,;)»\"'")
    if not re.match(r"^(?:https?://)?(?:www\.)?gov\.kz/", url, re.IGNORECASE):
        return None
    parts = urlsplit(url if "://" in url else "https://" + url)
    segments = [s for s in parts.path.split("/") if s]
    language = next((s.lower() for s in segments if s.lower() in LANGUAGES), "")
    segments = [s for s in segments if s.lower() not in LANGUAGES]
    lowered = [s.lower() for s in segments]
    try:
        entities = lowered.index("entities")
        slug, press, kind, details, news_id = segments[entities + 1:entities + 6]
    except ValueError:
        return None
    if (press.lower(), details.lower()) != ("press", "details") or not news_id.isdigit() or not slug:
        return None
    if not re.fullmatch(r"[A-Za-z0-9_-]+", slug) or kind.lower() not in {"news", "article", "articles"}:
        return None
    query_language = (parse_qs(parts.query).get("lang") or [""])[0].lower()
    slug = slug.lower()
    canonical = f"https://www.gov.kz/memleket/entities/{slug}/press/news/details/{news_id}"
    return SourceRef(canonical, slug, news_id, query_language if query_language in LANGUAGES else language)


def parse_dump(text: str) -> list[ParsedItem]:
    return list(iter_dump(text.splitlines()))


def iter_dump(lines: Iterable[str]) -> Iterator[ParsedItem]:
    """Stream the items of a dump; holds only the current item in memory."""
    section, item, candidate = "", None, None
    for number, raw in enumerate(lines, start=1):
        line = clean_text(raw.rstrip("\r\n"))
        if not line:
            continue
        date = DATE_AT_END.search(line)
        if date and not SOURCE.search(line):
            if candidate:
                section, candidate = candidate[1], None
            if item:
                yield item.finish()
            item = _Builder(number, section, line, date)
            continue
        if item is None or item.closed:
            if candidate:
                # The short line was a title without a date, and this line is its body.
                if item:
                    yield item.finish()
                item = _Builder(candidate[0], section, candidate[1], None)
                candidate = None
            elif _looks_like_section(line):
                candidate = (number, line)
                continue
            else:
                if item:
                    yield item.finish()
                item = _Builder(number, section, line, None)
                continue
        item.add(number, line)
    if candidate:
        if item:
            yield item.finish()
        item = _Builder(candidate[0], section, candidate[1], None)
    if item:
        yield item.finish()


def _looks_like_section(line):
    return len(line) <= 60 and len(line.split()) <= 6 and not re.search(r"[.!?:;,]$", line) and not SOURCE.search(line)


@dataclass
class _Builder:
    line: int
    section: str
    title_line: str
    date: re.Match | None
    body: list = field(default_factory=list)
    source_line: int = 0
    raw_source: str = ""
    closed: bool = False
    end_line: int = 0

    def add(self, number, text):
        self.end_line = number
        match = SOURCE.search(text)
        if match:
            self.source_line, self.raw_source, self.closed = number, match.group(1), True
            text = text[: match.start()].strip()
        if text:
            self.body.append(text)

    def finish(self):
        problems = []
        title, published, time = self._title(problems)
        signature = self._split_signature()
        paragraphs = tuple(part for text in self.body for part in split_glued(text))
        source = parse_source_url(self.raw_source) if self.raw_source else None
        if not self.source_line:
            problems.append(Problem(self.line, "no Source line: the item cannot be keyed; "
                                               "add 'Source : <gov.kz URL>' after its body"))
        elif source is None:
            shown = self.raw_source or "nothing"
            problems.append(Problem(self.source_line, f"Source {shown!r} is not a gov.kz press-release URL "
                                                      "(…/memleket/entities/<agency>/press/news/details/<id>)"))
        if not paragraphs:
            problems.append(Problem(self.line, "empty body", WARNING))
        capitals = is_capitalised(title)
        if capitals:
            problems.append(Problem(self.line, "title is in capitals; a sentence-case suggestion is available "
                                               "in the editor", WARNING))
        return ParsedItem(self.line, max(self.end_line, self.line), self.section, title, published, time, paragraphs,
                          signature, source, self.raw_source, capitals, tuple(problems))

    def _title(self, problems):
        if self.date is None:
            problems.append(Problem(self.line, "title has no date (expected DD.MM.YYYY at the end of the line)"))
            return self.title_line, None, None
        title = self.title_line[: self.date.start()].strip()
        if not title:
            problems.append(Problem(self.line, "title is empty: the line holds only a date"))
        day, month, year, hour, minute = self.date.groups()
        try:
            published = datetime.date(int(year), int(month), int(day))
            time = datetime.time(int(hour), int(minute)) if hour is not None else None
        except ValueError:
            problems.append(Problem(self.line, f"invalid date {self.date.group().strip()!r}"))
            return title, None, None
        return title, published, time

    def _split_signature(self):
        if not self.body:
            return ""
        match = SIGNATURE.search(self.body[-1])
        if not match:
            return ""
        rest = self.body[-1][: match.start(1)].strip()
        self.body[-1:] = [rest] if rest else []
        return match.group(1).strip()

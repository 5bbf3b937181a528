"""
Text helpers every layer needs, standard library only: invisible characters, titles in capitals,
paragraphs the scraper glued together, and word diffs for the screens that compare texts.
"""

import difflib
import re
import unicodedata

from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

UPPER = "A-ZА-ЯЁӘҒҚҢӨҰҮҺІ"
LOWER = "a-zа-яёәғқңөұүһі"
INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u2060-\u2064\ufeff\u202a-\u202e\u2066-\u2069"
                       "\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f]")
# Characters XML 1.0 refuses (feeds) that INVISIBLE keeps for the parser's sake (vertical tab, form feed and the
# separators \x1c-\x1f split lines in Python), lone surrogates (cannot be encoded) and non-characters.
NOT_TEXT = re.compile("[\x0b\x0c\x1c-\x1f\ud800-\udfff\ufffe\uffff]")
GLUED_SENTENCE = re.compile(rf"([.!?;:]+)([\"”»]?)(?=[\"“«„]?[{UPPER}])")  # "akim.The", "tips:Carefully"
GLUED_QUOTE = re.compile(rf"(?<=\S)[\"”»](?=[{UPPER}][{LOWER}])")  # «Школа анализа»Аида
GLUED_LIST = re.compile(r"[-–—] (?:(?<=[.!?;:]. )(?=\S)|(?<=\d\d\d- )(?=[+(\d]))")  # "home;- x", "8282- +7700"
GLUED_NUMBER = re.compile(rf"\d(?<=\d\d\d)(?=[{UPPER}][{LOWER}]{{2}})")  # "3876Send"
URL_HINT = re.compile(r"://|www\.|@|\.(?:kz|ru|com|org|net|gov|edu|info|io)\b", re.IGNORECASE)
PROTECTED = re.compile(r"https?://\S+|www\.\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
                       r"|\b(?:[\w-]+\.)+(?:kz|ru|com|org|net|gov|edu|info|io)\b(?:/\S*)?", re.IGNORECASE)
ABBREVIATIONS = frozenset({
    "mrs", "prof", "jr", "sr", "vs", "gen", "col", "lt", "sen", "rep", "gov", "mt", "ave", "dept", "fig", "vol",
    "approx", "incl", "nos", "art", "им", "ул", "обл", "гг", "пр", "просп", "пл", "пер", "кв", "корп", "стр", "см",
    "тыс", "млн", "млрд", "руб", "тг", "проф", "акад", "ген", "тел", "др", "ст", "пос", "мкр", "жж", "көш", "ауд",
})  # fmt: skip


HIDDEN = re.compile("[" + INVISIBLE.pattern[1:-1] + NOT_TEXT.pattern[1:-1] + "]")  # both, in one pass


def strip_invisible(text: str) -> str:
    """Drop control, zero-width and bidirectional-override characters (they hide or reorder text)."""
    return HIDDEN.sub("", text)


def is_capitalised(title: str) -> bool:
    """Whether a title is written in capitals: at least 80% of at least 8 cased letters."""
    upper, lower = sum(map(str.isupper, title)), sum(map(str.islower, title))
    return upper + lower >= 8 and upper >= 0.8 * (upper + lower)


def split_glued(text: str) -> list[str]:
    """Split a line into paragraphs where the scraper dropped the breaks between them."""
    protected = [m.span() for m in PROTECTED.finditer(text)] if URL_HINT.search(text) else []
    parts, start = [], 0
    for candidate in sorted(_candidates(text)):
        cut = _cut(text, start, protected, *candidate)
        if cut is not None and cut > start:
            parts.append(text[start:cut])
            start = cut
    parts.append(text[start:])
    return [part.strip() for part in parts if part.strip()]


def _candidates(text):
    """(mark position, mark, quote after it, cut position) of every place that may be a lost break."""
    for m in GLUED_SENTENCE.finditer(text):
        yield m.start(), m.group(1), m.group(2), m.end()
    for m in GLUED_QUOTE.finditer(text):
        yield m.start(), "", m.group(), m.end()
    for m in GLUED_LIST.finditer(text):
        yield m.start(), "", "", m.start()
    for m in GLUED_NUMBER.finditer(text):
        yield m.end(), "", "", m.end()


def _cut(text, start, protected, at, mark, quote, cut):
    """Where to cut for a candidate, or None when the text there is not a lost break."""
    if any(a <= at < b for a, b in protected):
        return None  # URL or e-mail address
    if quote == '"' and text.count('"', start, at + len(mark)) % 2 == 0:
        if not mark:
            return None  # an opening quote glued to the word before it
        cut -= 1  # the quote opens the next paragraph
    if mark:
        before = text[at - 1] if at > start else ""
        if ".." in mark or not before or not (before.isalnum() or before in ")]%»”\"’"):
            return None  # ellipsis, or no word before the mark
        if mark == "." and _is_abbreviation(text, start, at):
            return None
    return cut


def _is_abbreviation(text, start, mark):
    """Whether the word before ``text[mark]`` is an initial or abbreviation ("Zh.", "г.", "им.")."""
    begin = mark
    while begin > start and text[begin - 1].isalpha():
        begin -= 1
    word = text[begin:mark]
    if not word:
        return False
    initial = len(word) == 1 or (len(word) == 2 and word[0].isupper() and word[1].islower())
    return initial or word.lower() in ABBREVIATIONS


def inline_diff(old, new, context=8):
    """HTML of the word-level changes from ``old`` to ``new``, long unchanged runs elided."""
    a, b = str(old).split(" "), str(new).split(" ")
    pieces = []
    opcodes = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    for tag, i1, i2, j1, j2 in opcodes:
        if tag == "equal":
            words = a[i1:i2]
            if len(words) > 2 * context:  # the context of the changes before and after it, not the text's ends
                last = i2 == len(a) and j2 == len(b)
                words = [*(words[:context] if pieces else []), "…", *([] if last else words[-context:])]
            pieces.append(conditional_escape(" ".join(words)))
            continue
        if i2 > i1:
            pieces.append(format_html("<del>{}</del>", " ".join(a[i1:i2])))
        if j2 > j1:
            pieces.append(format_html("<ins>{}</ins>", " ".join(b[j1:j2])))
    return mark_safe(" ".join(pieces))  # noqa: S308 - every piece is escaped above


SENTENCE_END = re.compile(rf"(?<=[.!?…])([\"”»)]?)\s+(?=[\"“«„(]?[{UPPER}\d])")


def normalise_segment(text: str) -> str:
    """A sentence as translation memory keys it: Unicode NFC, whitespace folded to single spaces."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def sentences(paragraph: str) -> list[str]:
    """Split a paragraph into sentences: after . ! ? or … (and a closing quote) followed by a space and a capital
    or a digit; never after an initial or a known abbreviation ("Zh. Abenov", "г. Астана")."""
    text = normalise_segment(paragraph)
    parts, start = [], 0
    for match in SENTENCE_END.finditer(text):
        mark = match.start(1) - 1
        if text[mark] == "." and _is_abbreviation(text, start, mark):
            continue
        parts.append(text[start:match.end(1)])
        start = match.end()
    parts.append(text[start:])
    return [part for part in parts if part]

"""
Notes the system writes, in the reader's language.

An import's findings and repairs and the origin of each revision are stored as the code writes them, in English:
the language of the commands' output and the logs, and the text that ``undo`` and the tests look for. The admin
shows each one in the editor's language: ``translated(note)`` finds the note's pattern in ``NOTES`` and returns its
message translated, with the note's own values (a line number, a file name, a language, a slug) put back in it.
A note no pattern knows — a person's own words (a reason, a change note), an older wording — is shown as stored.

    translated("line 8: title is in capitals; a sentence-case suggestion is available in the editor")
    # in Russian: "строка 8: заголовок набран прописными; в редакторе есть вариант с обычным регистром"
"""

import datetime
import re

from django.core.exceptions import FieldDoesNotExist
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import Article, ArticleTranslation, language_name


def _status(value):
    return str(Article.Status(value).label) if value in Article.Status.values else value


_STORED_FIELDS = {"published": "published_at", "original language": "original_language"}  # as imports label them


def _field(name):
    """A field of a release or a version by its name in the active language ("title" → "заголовок")."""
    name = _STORED_FIELDS.get(name, name)
    for model in (ArticleTranslation, Article):
        try:
            return str(model._meta.get_field(name).verbose_name)
        except FieldDoesNotExist:
            continue
    return name


def fields(value):
    """"title [en], section" → "заголовок (Английский), раздел": the fields an import or a source change names."""
    shown = []
    for item in value.split(", "):
        found = re.fullmatch(r"(?P<name>[\w ]+?)(?: \[(?P<language>kk|ru|en)\])?", item)
        shown.append(item if found is None else _("%(field)s (%(language)s)") % {
            "field": _field(found["name"]), "language": language_name(found["language"])}
            if found["language"] else _field(found["name"]))
    return ", ".join(shown)


def _replacements(value):
    """"“X” → “Y” in en body; …": each replacement of the glossary with its version and field named."""
    shown = []
    for item in value.split("; "):
        found = re.fullmatch(r"(?P<change>“.*” → “.*”) in (?P<language>kk|ru|en) (?P<field>\w+)", item)
        shown.append(item if found is None else _("%(change)s: %(language)s, %(field)s") % {
            "change": found["change"], "language": language_name(found["language"]), "field": _field(found["field"])})
    return "; ".join(shown)


def _assigned(value):
    """"section = Law, region = Almaty": the fields by their names; the values as they were assigned."""
    return ", ".join(f"{_field(name)} = {assigned}"
                     for name, assigned in re.findall(r"(\w+) = (.*?)(?=, \w+ = |$)", value))


def _moment(value):
    """A revision's moment as stored ("2026-12-03 21:24:39", UTC) in the admin's format and Almaty time; any other
    date (a parser's "31.02.2025") as it is."""
    try:
        moment = datetime.datetime.strptime(value, "%Y-%m-%d %H:%M:%S").replace(tzinfo=datetime.UTC)
    except ValueError:
        return value
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")


# How to show a note's values: a language or a state by its name, fields by their names; the others as stored.
_PARTS = {"language": language_name, "source": language_name, "title": language_name, "body": language_name,
          "status": _status, "date": _moment, "fields": fields, "replacements": _replacements, "assigned": _assigned}
NOTES = [
    # The dump parser (articles/importing/parsing.py): findings…
    (r"empty body: the release has no text before its Source line",
     _("empty body: the release has no text before its Source line")),
    (r"title is in capitals; a sentence-case suggestion is available in the editor",
     _("title is in capitals; a sentence-case suggestion is available in the editor")),
    (r"text before the first title: it belongs to no release; delete it or add a title line \(ending in DD\.MM\.YYYY\) "
     r"above it",
     _("text before the first title: it belongs to no release; delete it or add a title line (ending in DD.MM.YYYY) "
       "above it")),
    (r"Source line without a title: add the release's title line \(ending in DD\.MM\.YYYY\) and its text above it",
     _("Source line without a title: add the release's title line (ending in DD.MM.YYYY) and its text above it")),
    (r"title has no date \(expected DD\.MM\.YYYY at its end or on the line below it\)",
     _("title has no date (expected DD.MM.YYYY at its end or on the line below it)")),
    (r"title is empty: the line holds only a date; put the title before it",
     _("title is empty: the line holds only a date; put the title before it")),
    (r"invalid date '(?P<date>[^']*)': there is no such day; correct the date of the title \(DD\.MM\.YYYY\)",
     _("invalid date “%(date)s”: there is no such day; correct the date of the title (DD.MM.YYYY)")),
    (r"invalid time '(?P<time>[^']*)' after the date: correct it \(HH:MM\) or remove it",
     _("invalid time “%(time)s” after the date: correct it (HH:MM) or remove it")),
    (r"no source line: the item ends at the next title and has no source URL; it is matched on its agency, date and "
     r"title",
     _("no source line: the item ends at the next title and has no source URL; it is matched on its agency, date "
       "and title")),
    (r"Source line has no URL: add the release's gov\.kz address after 'Source :'",
     _("Source line has no URL: add the release's gov.kz address after “Source :”")),
    (r"Source '(?P<source_url>.*)' is not a gov\.kz press-release URL \(https://www\.gov\.kz/memleket/entities/<agency>/"
     r"press/news/details/<id>\): correct it",
     _("Source “%(source_url)s” is not a gov.kz press-release URL "
       "(https://www.gov.kz/memleket/entities/<agency>/press/news/details/<id>): correct it")),
    # … and repairs
    (r"the Source label was glued to the last sentence", _("the Source label was glued to the last sentence")),
    (r"the signature was glued to the text", _("the signature was glued to the text")),
    (r"(?P<count>\d+) glued paragraph break\(s\) restored",
     lambda count: ngettext("%(count)s glued paragraph break restored", "%(count)s glued paragraph breaks restored",
                            int(count)) % {"count": count}),
    # Loading (articles/importing/loading.py, formats.py)
    (r"duplicate of an earlier item with source (?P<source_url>\S+)",
     _("duplicate of an earlier item with source %(source_url)s")),
    (r"duplicate of an earlier item with the same agency, date and title \(and no source line\)",
     _("duplicate of an earlier item with the same agency, date and title (and no source line)")),
    (r"unknown agency '(?P<slug>[^']*)': an administrator adds it \(Agencies → Add\), then import again",
     _("unknown agency “%(slug)s”: an administrator adds it (Agencies → Add), then import again")),
    (r"unknown region '(?P<slug>[^']*)'", _("unknown region “%(slug)s”")),
    (r"agency '(?P<slug>[^']*)' is not an agency slug", _("agency “%(slug)s” is not an agency slug")),
    (r"agency '(?P<slug>[^']*)' is not one of yours: you may import releases of none",
     _("agency “%(slug)s” is not one of yours: you may import releases of no agency")),
    (r"agency '(?P<slug>[^']*)' is not one of yours: you may import releases of (?P<yours>.*)",
     _("agency “%(slug)s” is not one of yours: you may import releases of %(yours)s")),
    (r"this release is stored under agency '(?P<slug>[^']*)': (?P<detail>.*)",
     _("this release is stored under agency “%(slug)s”: %(detail)s")),
    (r"edited by an editor since the last import: the new source text of (?P<fields>.*) is held beside it for review",
     _("edited by an editor since the last import: the new source text of %(fields)s is held beside it for review")),
    (r"edited at the desk since this file was exported: the file's text of (?P<fields>.*) is not taken; it stays in "
     r"this row of the batch",
     _("edited at the desk since this file was exported: the file's text of %(fields)s is not taken; it stays in "
       "this row of the batch")),
    (r"the title is in (?P<title>\w\w) but the body is in (?P<body>\w\w): stored as two incomplete versions, flagged "
     r"needs translation",
     _("the title is in %(title)s but the body is in %(body)s: stored as two incomplete versions, flagged “needs "
       "translation”")),
    # A row of a table or a JSON export (articles/importing/formats.py)
    (r"no source URL and no agency: a release without its gov\.kz source URL is matched on its agency, date and "
     r"title; give the agency \(an 'agency' column, or the agency of the import\)",
     _("no source URL and no agency: a release without its gov.kz source URL is matched on its agency, date and "
       "title; give the agency (an “agency” column, or the agency of the import)")),
    (r"source URL '(?P<url>[^']*)' is not a web address", _("source URL “%(url)s” is not a web address")),
    (r"source URL '(?P<url>[^']*)' is not a gov\.kz press release address \(https://www\.gov\.kz/memleket/entities/"
     r"<agency>/press/news/details/<number>\); other sites are sources only when listed in KZPRESS_SOURCE_HOSTS",
     _("source URL “%(url)s” is not a gov.kz press release address "
       "(https://www.gov.kz/memleket/entities/<agency>/press/news/details/<number>); other sites are sources only "
       "when listed in KZPRESS_SOURCE_HOSTS")),
    (r"no agency: give an 'agency' slug or a gov\.kz source URL \(got '(?P<url>[^']*)'\)",
     _("no agency: give an “agency” slug or a gov.kz source URL (got “%(url)s”)")),
    (r"the source URL belongs to agency '(?P<slug>[^']*)', not '(?P<agency>[^']*)': correct the 'agency' column or "
     r"the source URL",
     _("the source URL belongs to agency “%(slug)s”, not “%(agency)s”: correct the “agency” column or the source "
       "URL")),
    (r"no title and no body", _("no title and no body")),
    (r"the '(?P<column>\w+)' column differs from '(?P<used>\w+)', which was used: an edit belongs in '\w+'",
     _("the “%(column)s” column differs from “%(used)s”, which was used: an edit belongs in “%(used)s”")),
    (r"unknown columns (?P<unknown>.*?); expected (?P<expected>.*?), and per language title_<kk\|ru\|en>, lead_…, "
     r"body_…, status_… as an export has them \(found: (?P<found>.*)\)",
     _("unknown columns %(unknown)s; expected %(expected)s, and per language title_<kk|ru|en>, lead_…, body_…, "
       "status_… as an export has them (found: %(found)s)")),
    (r"agency '(?P<slug>[^']*)' is not an agency slug: lower-case Latin letters, digits, '-' and '_' as in "
     r"https://www\.gov\.kz/memleket/entities/<slug>/ \(e\.g\. 'adilet'\)",
     _("agency “%(slug)s” is not an agency slug: lower-case Latin letters, digits, “-” and “_” as in "
       "https://www.gov.kz/memleket/entities/<slug>/ (e.g. “adilet”)")),
    (r"the (?P<language>kk|ru|en) version is marked approved but has no title or no body",
     _("the %(language)s version is marked approved but has no title or no body")),
    (r"no publication date", _("no publication date")),
    (r"publication date '(?P<date>[^']*)' is not YYYY-MM-DD or DD\.MM\.YYYY",
     _("publication date “%(date)s” is not YYYY-MM-DD or DD.MM.YYYY")),
    (r"unknown flags: (?P<flags>.*)", _("unknown flags: %(flags)s")),
    (r"(?P<column>[a-z_]+) '(?P<value>[^']*)' is not one of (?P<allowed>.*)",
     _("%(column)s “%(value)s” is not one of %(allowed)s")),
    # The origins of revisions and publications (articles/editorial/, articles/importing/)
    (r"Import batch (?P<number>\d+): (?P<file>.*)", _("Import batch %(number)s: %(file)s")),
    (r"Undo of import batch (?P<number>\d+): (?P<file>.*)", _("Undo of import batch %(number)s: %(file)s")),
    (r"(?P<detail>Translation desk: .*\)), a major change.*",
     _("%(detail)s; a major change: the other versions are outdated")),
    (r"Translation desk: (?P<language>kk|ru|en) version save \(.*\)",
     _("Translation desk: %(language)s version saved")),
    (r"Translation desk: (?P<language>kk|ru|en) version review \(.*\)",
     _("Translation desk: %(language)s version sent for review")),
    (r"Translation desk: (?P<language>kk|ru|en) version approve \(.*\)",
     _("Translation desk: %(language)s version approved")),
    (r"Translation desk: (?P<language>kk|ru|en) draft discarded \(back to the live text\)",
     _("Translation desk: %(language)s draft discarded (back to the live text)")),
    (r"Machine draft of the (?P<language>kk|ru|en) version from (?P<source>kk|ru|en)",
     _("Machine draft of the %(language)s version from the %(source)s one")),
    (r"Workflow: \w+ → (?P<status>\w+) — scheduled time reached",
     _("Workflow: %(status)s — the scheduled time came")),
    (r"Workflow: \w+ → (?P<status>\w+) — (?P<note>.*)", _("Workflow: %(status)s — %(note)s")),
    (r"Workflow: \w+ → (?P<status>\w+)", _("Workflow: %(status)s")),
    (r"Assigned (?P<assigned>.+ = .*)", _("Assigned: %(assigned)s")),
    (r"Text repair: paragraphs and spaces", _("Text repair: paragraphs and spaces")),
    (r"Glossary replacement: (?P<replacements>.*)", _("Glossary replacement: %(replacements)s")),
    (r"Published changes — (?P<note>.*)", _("Published changes — %(note)s")),
    (r"Published changes", _("Published changes")),
    (r"Edited in the admin", _("Edited in the admin")),
    (r"Created in the admin", _("Created in the admin")),
    (r"Source change accepted: (?P<fields>.*)", _("Source change accepted: %(fields)s")),
    (r"Source change rejected: (?P<fields>.*)", _("Source change rejected: %(fields)s")),
    (r"Reverted to the revision of (?P<date>[\d: -]+) \(#(?P<number>\d+)\)",
     _("Reverted to the revision of %(date)s (#%(number)s)")),
    (r"Preview link for (?P<recipient>.*) revoked", _("Preview link for %(recipient)s revoked")),
    (r"Preview link for (?P<recipient>.*)", _("Preview link for %(recipient)s")),
]
_COMPILED = [(re.compile(pattern), message) for pattern, message in NOTES]
LINE = re.compile(r"line (?P<line>\d+): (?P<detail>.*)", re.DOTALL)


def translated(note):
    """``note`` in the active language when its pattern is known, else as it was stored."""
    if not isinstance(note, str):
        return note
    numbered = LINE.fullmatch(note)
    if numbered:
        return _("line %(line)s: %(note)s") % {"line": numbered["line"], "note": translated(numbered["detail"])}
    for pattern, message in _COMPILED:
        found = pattern.fullmatch(note)
        if found is None:
            continue
        values = {name: _PARTS.get(name, str)(value) for name, value in found.groupdict().items()}
        if callable(message):  # a plural (a lazy message is not callable)
            return message(**values)
        if "detail" in values:  # the system's own words, a note of its own (a "note" is a person's, as written)
            values["detail"] = translated(found["detail"])
        return str(message) % values if values else str(message)
    return note


def translated_all(notes):
    """Each of ``notes`` (a list, or lines of one text) in the active language."""
    if isinstance(notes, str):
        return "\n".join(translated(line) for line in notes.splitlines())
    return [translated(note) for note in notes or ()]

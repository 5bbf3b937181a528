"""
From files to ``Release`` records, and from articles back to rows.

Every input format becomes rows of the same shape (``ROW_FIELDS``): the gov.kz dump
through ``articles.importing.parsing`` (``DumpFormat`` plugs it into django-import-export beside
CSV, XLSX and JSON), spreadsheets through django-import-export's own formats. One
function, ``release_from_row()``, applies the rules to every row: source URL and agency,
dates, language detection and the split of an English title over a Russian body.
Writing is left to ``articles.importing.loading.load_releases()``.

Exports carry, beside each version's working text, the text as the source last gave it (``source`` in JSON,
``source_<field>_<lang>`` columns at the end of CSV/XLSX): a backup restored into an empty database takes it as
the base later imports compare with, so it still knows what editors corrected.
"""

import datetime
import io
import json

import tablib
from django.conf import settings
from django.utils import timezone
from import_export.formats import base_formats

from .. import language as lang_detect
from ..models import Article, ArticleTranslation, Language
from ..text import strip_invisible
from . import detect
from .loading import Rejected, Release, Version
from .merging import ARTICLE_FIELDS
from .merging import VERSION_FIELDS as MERGED_FIELDS
from .merging import check as field_check
from .parsing import SLUG, iter_dump, parse_source_url

LANGUAGES = [code for code, _ in Language.choices]
VERSION_FIELDS = ("title", "lead", "body", "signature", "status")
SOURCE_FIELDS = ("title", "lead", "body", "signature")  # a version as the source last gave it
ROW_FIELDS = [
    "source_url", "news_id", "agency", "region", "section", "published", "language",
    "title", "lead", "body", "signature", "status", "flags",
    *[f"{name}_{code}" for code in LANGUAGES for name in VERSION_FIELDS],
    *[f"source_{name}_{code}" for code in LANGUAGES for name in SOURCE_FIELDS],
    "export_checks",  # each field as exported (``merging.check``): what the desk changed since is told apart
]  # fmt: skip
DUMP_FIELDS = ["line", *ROW_FIELDS[:13], "errors", "warnings", "repairs"]
KNOWN_COLUMNS = frozenset({*DUMP_FIELDS, *ROW_FIELDS, "translations", "reasons"})  # reasons: of a refused item
FLAG_NAMES = {"needs_translation", "upstream_changed", "title_in_capitals"}
DERIVED_FLAGS = {"no_source"}  # exported for the reader, worked out again on import
ARTICLE_STATUSES = tuple(Article.Status.values)
VERSION_STATUSES = tuple(ArticleTranslation.Status.values)


# --- the dump -------------------------------------------------------------------


def dump_rows(lines):
    """Rows (dicts of ``DUMP_FIELDS``) for a dump given as an iterable of lines; streams."""
    for item in iter_dump(lines):
        source = item.source
        yield {
            "line": item.line,
            "source_url": source.url if source else item.raw_source,
            "news_id": source.news_id if source else "",
            "agency": source.agency_slug if source else "",
            "region": None,
            "section": item.section,
            "published": _dump_datetime(item),
            "language": "",
            "title": item.title,
            "lead": "",
            "body": item.body,
            "signature": item.signature,
            "status": "",
            "flags": "title_in_capitals" if item.title_in_capitals else "",
            "errors": "\n".join(f"line {p.line}: {p.message}" for p in item.errors),
            "warnings": "\n".join(f"line {p.line}: {p.message}" for p in item.warnings),
            "repairs": "\n".join(item.repairs),
        }


def _dump_datetime(item):
    if item.published is None:
        return ""
    moment = datetime.datetime.combine(item.published, item.published_time or datetime.time())
    return moment.isoformat()


class DumpFormat(base_formats.Format):
    """The gov.kz plain-text scrape dump, as a django-import-export import format; the encoding is found
    from the bytes (``articles.importing.detect``), whatever the admin's default says."""

    def __init__(self, encoding=None, declared=None):
        self.encoding, self.declared = encoding, declared

    def get_title(self):
        return "dump"

    def get_extension(self):
        return "txt"

    def get_content_type(self):
        return "text/plain"

    def is_binary(self):
        return True

    def can_import(self):
        return True

    def create_dataset(self, in_stream):
        text = detect.decode(in_stream, self.declared).text if isinstance(in_stream, bytes) else in_stream
        dataset = tablib.Dataset(headers=DUMP_FIELDS)
        for row in dump_rows(io.StringIO(text, newline=None)):
            dataset.append([row[name] for name in DUMP_FIELDS])
        return dataset


class DetectedEncoding:
    """A text format (CSV, JSON) read as bytes whose encoding is found from them, not taken from the admin."""

    declared = None

    def is_binary(self):
        return True

    def get_read_mode(self):
        return "rb"

    def create_dataset(self, in_stream, **kwargs):
        text = detect.decode(in_stream, self.declared).text if isinstance(in_stream, bytes) else in_stream
        return self.dataset_from_text(text, **kwargs)

    def dataset_from_text(self, text, **kwargs):
        return base_formats.TablibFormat.create_dataset(self, text, **kwargs)


class CSV(DetectedEncoding, base_formats.CSV):
    """CSV in any encoding, separated by commas, semicolons (Excel in Russian) or tabs."""

    def dataset_from_text(self, text, **kwargs):
        delimiter = detect.sniff(text.encode("utf-8")[: detect.HEAD]).delimiter or ","
        return tablib.Dataset().load(text, format="csv", delimiter=delimiter)


class JSON(DetectedEncoding, base_formats.JSON):
    """JSON in any encoding."""


def check_columns(headers):
    """Refuse a table whose header names columns no release has, with what was expected."""
    headers = [str(name or "").strip() for name in headers or []]
    unknown = [name for name in headers if name not in KNOWN_COLUMNS]
    if unknown:
        raise RowError(f"line 1: unknown columns {', '.join(unknown)}; expected {', '.join(ROW_FIELDS[:13])}, "
                       "and per language title_<kk|ru|en>, lead_…, body_…, status_… as an export has them "
                       f"(found: {', '.join(headers)})")


# --- rows to releases ----------------------------------------------------------------


class RowError(ValueError):
    pass


def release_from_row(row, line, agency=None):
    """A ``Release`` for one row (a dict), or ``Rejected`` with every reason found. ``agency`` (a slug) is the
    agency of rows that name none and have no gov.kz source URL to tell it."""
    label = _text(row.get("title")) or _text(row.get("source_url")) or f"row {line}"
    line = int(row.get("line") or line)
    if _text(row.get("errors")):
        return Rejected(line, label, _text(row["errors"]).splitlines(), row=row)
    try:
        return _release(row, line, agency)
    except RowError as error:
        return Rejected(line, label, [f"line {line}: {error}", *_text(row.get("warnings")).splitlines()], row=row)


def _release(row, line, agency_given=None):
    raw_url = _text(row.get("source_url"))
    source = parse_source_url(raw_url) if raw_url else None
    agency = _text(row.get("agency")).lower() or (source.agency_slug if source else "") or (agency_given or "").lower()
    if not raw_url and not agency:
        raise RowError("no source URL and no agency: a release without its gov.kz source URL is matched on its "
                       "agency, date and title; give the agency (an 'agency' column, or the agency of the import)")
    if raw_url and source is None and not raw_url.startswith(("http://", "https://")):
        raise RowError(f"source URL {raw_url!r} is not a web address")
    if raw_url and source is None and not other_source(raw_url):
        raise RowError(f"source URL {raw_url!r} is not a gov.kz press release address "
                       "(https://www.gov.kz/memleket/entities/<agency>/press/news/details/<number>); other sites are "
                       "sources only when listed in KZPRESS_SOURCE_HOSTS")
    if not agency:
        raise RowError(f"no agency: give an 'agency' slug or a gov.kz source URL (got {raw_url!r})")
    check_agency_slug(agency)
    if source and agency != source.agency_slug:
        raise RowError(f"the source URL belongs to agency {source.agency_slug!r}, not {agency!r}: correct the "
                       "'agency' column or the source URL")
    status = _choice(row.get("status"), ARTICLE_STATUSES, "status")
    flags = _flags(row.get("flags"))
    versions, original = _versions(row, source)
    if not versions:
        raise RowError("no title and no body")
    release = Release(
        line=line,
        source_url=source.url if source else raw_url,
        news_id=_text(row.get("news_id")) or (source.news_id if source else ""),
        agency_slug=agency,
        published_at=_published(row.get("published")),
        original_language=original,
        versions=versions,
        section=_text(row.get("section")),
        signature=_text(row.get("signature")),
        region_slug=_text(row.get("region")).lower() or None,
        status=status,
        flags=frozenset(flags),
        warnings=tuple(_text(row.get("warnings")).splitlines()),
        repairs=tuple(_text(row.get("repairs")).splitlines()),
        exported=is_export(row),
        checks=_checks(row.get("export_checks")),
    )
    if warning := language_warning(release):
        release.warnings += (warning,)
    release.notices = ignored_plain_columns(row, release)
    return release


def _checks(value):
    """The ``export_checks`` of an export's row ({} when absent or not readable: merged as an older export)."""
    if isinstance(value, str):
        try:
            value = json.loads(value) if value.strip() else {}
        except ValueError:
            return {}
    return {str(k): str(v) for k, v in value.items() if v} if isinstance(value, dict) else {}


def ignored_plain_columns(row, release):
    """Warnings for a row of an export whose plain ``title``/``lead``/``body`` differ from the original's
    per-language columns, which win: an edit made in the plain column would otherwise vanish without a word."""
    version = release.versions.get(release.original_language)
    if version is None or not any(_text(row.get(f"{name}_{release.original_language}"))
                                  for name in ("title", "lead", "body")):
        return ()
    return tuple(f"line {release.line}: the '{name}' column differs from '{name}_{release.original_language}', "
                 f"which was used: an edit belongs in '{name}_{release.original_language}'"
                 for name in ("title", "lead", "body")
                 if _text(row.get(name)) and _text(row.get(name)) != getattr(version, name))


def is_export(row):
    """Whether ``row`` is a row of this site's export (it carries what the source gave: ``source_<field>_<lang>``
    columns, or a nested version's ``source``), not a source's own file."""
    nested = row.get("translations")
    if isinstance(nested, str) and nested.strip():
        nested = json.loads(nested)
    if isinstance(nested, dict):
        return any(isinstance(values, dict) and "source" in values for values in nested.values())
    return any(str(name).startswith("source_") and name != "source_url" for name in row)


def check_agency_slug(slug):
    """Refuse an agency that is not a slug (lower-case letters, digits, '-' and '_', at most 100), as gov.kz writes
    them and the site's URLs need them."""
    if len(slug) > 100 or not SLUG.fullmatch(slug):
        raise RowError(f"agency {slug!r} is not an agency slug: lower-case Latin letters, digits, '-' and '_' as in "
                       "https://www.gov.kz/memleket/entities/<slug>/ (e.g. 'adilet')")


def other_source(url):
    """True when ``url`` (not a gov.kz press release address) is on a host ``KZPRESS_SOURCE_HOSTS`` lists."""
    from urllib.parse import urlsplit

    hosts = {host.lower() for host in settings.KZPRESS_SOURCE_HOSTS} - {"gov.kz", "www.gov.kz"}
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
    except ValueError:
        return False
    return (parts.scheme in ("http", "https") and bool(host) and host in hosts and not parts.username
            and not parts.password)


def _versions(row, source):
    """(versions by language, original language) from nested, per-language or plain columns."""
    explicit = _explicit_versions(row)
    given = _choice(row.get("language"), LANGUAGES, "language")
    if explicit:
        original = given or next(iter(explicit))
        title, body = _text(row.get("title")), _text(row.get("body"))
        if original not in explicit and (title or body):
            explicit[original] = Version(title, _text(row.get("lead")), body)
        return explicit, original
    title, lead, body = _text(row.get("title")), _text(row.get("lead")), _text(row.get("body"))
    if not (title or body):
        return {}, given
    hint = given or (source.language if source else "") or "en"
    title_language = lang_detect.detect(title) or hint
    body_language = lang_detect.detect(body) or title_language if body else title_language
    if title_language == body_language:
        return {title_language: Version(title, lead, body)}, body_language
    # The title and the body are in different languages: keep each where it belongs.
    return {title_language: Version(title=title), body_language: Version(lead=lead, body=body)}, body_language


def language_warning(release):
    """The warning for a release whose title and body arrived in different languages."""
    titled = [code for code, v in release.versions.items() if v.title and not v.body]
    bodied = [code for code, v in release.versions.items() if v.body and not v.title]
    if titled and bodied:
        return (f"line {release.line}: the title is in {titled[0]} but the body is in {bodied[0]}: stored as two "
                "incomplete versions, flagged needs translation")
    return ""


def _explicit_versions(row):
    nested = row.get("translations")
    if isinstance(nested, str) and nested.strip():
        nested = json.loads(nested)
    versions = {}
    for code in LANGUAGES:
        values = (nested or {}).get(code) or {
            **{name: row.get(f"{name}_{code}") for name in VERSION_FIELDS},
            "source": {name: row.get(f"source_{name}_{code}") for name in SOURCE_FIELDS},
        }
        version = Version(*(_text(values.get(name)) for name in ("title", "lead", "body")))
        version.status = _choice(values.get("status"), VERSION_STATUSES, f"status_{code}")
        if values.get("signature") is not None:
            version.signature = _text(values["signature"])
        source = {name: _text(value) for name, value in (values.get("source") or {}).items() if name in SOURCE_FIELDS}
        version.source = source if any(source.values()) else None
        if not (version.title or version.body or version.lead):
            continue
        if version.status == ArticleTranslation.Status.APPROVED and not (version.title and version.body):
            raise RowError(f"the {code} version is marked approved but has no title or no body")
        versions[code] = version
    return versions


def _published(value):
    if isinstance(value, datetime.datetime):
        moment = value
    elif isinstance(value, datetime.date):
        moment = datetime.datetime.combine(value, datetime.time())
    else:
        text = _text(value)
        if not text:
            raise RowError("no publication date")
        moment = None
        for parse in (datetime.datetime.fromisoformat, lambda t: datetime.datetime.strptime(t, "%d.%m.%Y")):
            try:
                moment = parse(text)
                break
            except ValueError:
                continue
        if moment is None:
            raise RowError(f"publication date {text!r} is not YYYY-MM-DD or DD.MM.YYYY")
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, timezone.get_default_timezone())  # a date alone: midnight in Almaty
    return moment


def _choice(value, allowed, name):
    text = _text(value)
    if text and text not in allowed:
        raise RowError(f"{name} {text!r} is not one of {', '.join(allowed)}")
    return text


def _flags(value):
    if isinstance(value, list | tuple):
        names = [_text(v) for v in value]
    else:
        names = [part.strip() for part in _text(value).replace(";", ",").split(",")]
    names = [name for name in names if name]
    unknown = set(names) - FLAG_NAMES - DERIVED_FLAGS
    if unknown:
        raise RowError(f"unknown flags: {', '.join(sorted(unknown))}")
    return [name for name in names if name not in DERIVED_FLAGS]


def _text(value):
    """A cell as clean text: invisible characters dropped, an export's formula guard removed."""
    if value is None or value == "":
        return ""
    text = strip_invisible(str(value)).strip()
    if text[:1] == "'" and text[1:2] in FORMULA_START:
        text = text[1:]
    return text


# A cell starting with one of these is a formula to a spreadsheet (CSV/XLSX injection): exports
# write it with a leading apostrophe, which spreadsheets show as text and imports remove.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


# --- articles to rows -----------------------------------------------------------------


def export_queryset():
    return Article.objects.select_related("agency", "region").prefetch_related("translations").order_by("id")


def export_record(article):
    """One article as a nested dict: the JSON export shape, read back by ``release_from_row``."""
    versions = {t.language: t for t in article.translations.all()}
    original = versions.get(article.original_language)
    local = timezone.localtime(article.published_at)
    published = local.date().isoformat() if local.time() == datetime.time() else local.isoformat()
    return {
        "source_url": article.source_url,
        "news_id": article.news_id,
        "agency": article.agency.slug,
        "region": article.region.slug if article.region else None,
        "section": article.section,
        "published": published,
        "language": article.original_language,
        "title": original.title if original else "",
        "lead": original.lead if original else "",
        "body": original.body if original else "",
        "signature": original.signature if original else "",
        "status": article.status,
        "flags": article.flags,
        "translations": {
            code: {"title": v.title, "lead": v.lead, "body": v.body, "signature": v.signature, "status": v.status,
                   "source": _source(v)}
            for code, v in sorted(versions.items())
        },
        "export_checks": export_checks(article, versions),
    }


def export_checks(article, versions):
    """A check of each field as exported, by the names ``Release.checks`` reads: the import of an edited file
    tells the file's edits from the desk's changes since (``merging.merge``)."""
    checks = {name: field_check(getattr(article, name)) for name in ARTICLE_FIELDS}
    for code, version in versions.items():
        checks.update({f"{name}_{code}": field_check(getattr(version, name)) for name in MERGED_FIELDS})
    return checks


def _source(version):
    """The version as the source last gave it (what a later import compares with), or None if it never did."""
    base = version.upstream_base
    return {name: base.get(name, "") for name in SOURCE_FIELDS} if base else None


def flat_row(record):
    """The nested export record flattened to ``ROW_FIELDS`` for CSV and XLSX."""
    row = {name: record.get(name) for name in ROW_FIELDS[:13]}
    row["flags"] = ",".join(record["flags"])
    row["region"] = row["region"] or ""
    row["export_checks"] = json.dumps(record["export_checks"], separators=(",", ":"))
    for code in LANGUAGES:
        version = record["translations"].get(code, {})
        for name in VERSION_FIELDS:
            row[f"{name}_{code}"] = version.get(name, "")
        for name in SOURCE_FIELDS:
            row[f"source_{name}_{code}"] = (version.get("source") or {}).get(name, "")
    return {name: neutralise(value) for name, value in row.items()}


def export_dataset(queryset=None):
    dataset = tablib.Dataset(headers=ROW_FIELDS)
    for article in (queryset if queryset is not None else export_queryset()).iterator(chunk_size=1000):
        row = flat_row(export_record(article))
        dataset.append([row[name] for name in ROW_FIELDS])
    return dataset

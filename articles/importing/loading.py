"""
The one path that writes imported releases.

``load_releases()`` takes ``Release`` records (built from a dump, CSV, XLSX or JSON by
``articles.importing.formats``) and creates or updates articles keyed by source URL. The
command line, the admin import and any background job all call it; nothing else
writes imported rows.

Rules:
- a new source URL creates an article (a draft, unless ``publish`` and it has no flags); what it
  was created from is its base (``upstream_base``), or the ``source`` a record carries (a JSON
  export restored into an empty database keeps knowing what editors corrected);
- a known one is merged field by field with what the source gave last time
  (``articles.importing.merging``): a field nobody edited takes the new text, a field an editor corrected
  keeps the correction and the new source text is held beside it (``upstream_pending``,
  the article flagged ``upstream_changed``), and a record that repeats the working text (an
  import of our own export) changes nothing and moves no base;
- imports write working copies only, never what readers see (``LiveVersion``), except the first
  live copy of a new release they publish;
- a rejected record is reported with its line and stops nothing, unless
  ``all_or_nothing``; the whole file is one transaction, so stored data is never
  half-written, and ``dry_run`` rolls it back after computing the full outcome;
- ``agencies`` (the slugs an agency's staff may import for; None for every agency)
  refuses rows of other agencies, and rows that would move another agency's article;
  without ``may_publish`` new items land as drafts whatever the row asks;
- every article and version written gets a revision attributed to ``user`` with the
  ``origin`` ("Import: file.txt").
"""

import datetime
import hashlib
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from itertools import islice

from django.db import connection, transaction
from django.utils import timezone

from ..editorial import history
from ..models import LIVE_FIELDS, Agency, Article, ArticleTranslation, LiveVersion, Publication, Region, make_slug
from ..public.changes import one_bump
from . import bulk
from .merging import ARTICLE_FIELDS, VERSION_FIELDS, hold, label, merge, snapshot, stored

BATCH_SIZE = 500
AGENCY_SLUG = re.compile(r"[a-z0-9][a-z0-9_-]{0,99}")  # as gov.kz writes them (parsing.SLUG), at most 100
PUBLIC_ONCE = Article.PUBLIC_ONCE


def publications(live_versions, user, origin):
    """Who made the import's new releases public, when and why: one ``Publication`` per release."""
    by_article = {}
    for live in live_versions:
        by_article.setdefault(live.article_id, []).append(live.language)
    now = timezone.now()
    return [bulk.new(Publication, article_id=article_id, at=now, user=user, action="import",
                     languages=sorted(languages), reason=origin) for article_id, languages in by_article.items()]


def live_copy(version):
    """The live version of a new release the import publishes (the same text: nobody has edited it yet)."""
    now = timezone.now()
    live = bulk.new(LiveVersion, version=version, article=version.article, first_published_at=now, updated_at=now,
                    modified_at=now, **{name: getattr(version, name) for name in ("language", *LIVE_FIELDS)})
    live.fill_search_text()
    return live
CONTENT_FIELDS = ("title", "lead", "body")


@dataclass
class Version:
    title: str = ""
    lead: str = ""
    body: str = ""
    status: str = ""  # empty: decided by ``Release.version_status``
    signature: str | None = None  # None: the release's signature if this is the original, else not given
    source: dict | None = None  # the text as the source gave it, when the record knows (a JSON export)


@dataclass
class Release:
    """One release as a source gives it, ready to load."""

    line: int
    source_url: str
    news_id: str
    agency_slug: str
    published_at: object  # aware datetime
    original_language: str
    versions: dict  # language -> Version
    section: str = ""
    signature: str = ""
    region_slug: str | None = None  # None: the agency's region
    status: str = ""  # requested status of a new article; empty: draft (or published with ``publish``)
    flags: frozenset = frozenset()
    warnings: tuple = ()
    repairs: tuple = ()  # what the parser repaired
    exported: bool = False  # a row of this site's export: the desk's text, not the source's (``merging.merge``)
    checks: dict = field(default_factory=dict)  # an export's check of each field as exported: ``title_kk``, …
    notices: tuple = ()  # said of the row whatever the import does with it (a column of the file left unused)

    @property
    def label(self):
        version = self.versions.get(self.original_language) or next(iter(self.versions.values()), Version())
        return version.title or next((v.title for v in self.versions.values() if v.title), self.source_url)

    def version_status(self, language):
        version = self.versions[language]
        if version.status:
            return version.status
        if not (version.title and version.body):
            return ArticleTranslation.Status.NEEDS_TRANSLATION
        if language == self.original_language:
            return ArticleTranslation.Status.APPROVED
        return ArticleTranslation.Status.NEEDS_REVIEW

    def fingerprint(self):
        return fingerprint(
            self.agency_slug,
            self.section,
            self.published_at,
            self.signature,
            self.original_language,
            {lang: (v.title, v.lead, v.body) for lang, v in self.versions.items()},
        )

    def exported_checks(self, language=None):
        """The export's checks of the article's fields, or of the ``language`` version's, by field name."""
        if not self.exported:
            return None
        suffix = f"_{language}" if language else ""
        names = VERSION_FIELDS if language else ARTICLE_FIELDS
        return {name: self.checks[name + suffix] for name in names if self.checks.get(name + suffix)}

    def incoming(self, language):
        """The fields of the ``language`` version this record gives, as a merge takes them."""
        version = self.versions[language]
        fields = {name: getattr(version, name) for name in CONTENT_FIELDS}
        if version.signature is not None:
            fields["signature"] = version.signature
        elif language == self.original_language:
            fields["signature"] = self.signature
        return fields


@dataclass
class Rejected:
    """A source item that cannot be loaded, with the reasons."""

    line: int
    label: str
    messages: list
    row: dict | None = None  # the item as the file gave it, for the file of refused items


@dataclass
class Outcome:
    NEW, CHANGED, UNCHANGED, CONFLICT, ERROR = "new", "changed", "unchanged", "conflict", "error"

    kind: str
    line: int
    label: str
    source_url: str = ""
    article_id: int | None = None
    messages: list = field(default_factory=list)
    diff: list = field(default_factory=list)  # (field, old, new)
    flagged: bool = False
    published: bool = False  # the load made the release public
    before: dict | None = None  # the release as it was before the load changed it (``before_state``)
    row: dict | None = None  # a refused item as the file gave it
    repairs: list = field(default_factory=list)


@dataclass
class LoadReport:
    counts: Counter = field(default_factory=Counter)
    outcomes: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    rolled_back: bool = False

    def add(self, outcome, keep):
        self.counts[outcome.kind] += 1
        if outcome.flagged:
            self.counts["flagged"] += 1
        if outcome.kind == Outcome.ERROR:
            self.errors.append(outcome)
        if keep:
            self.outcomes.append(outcome)

    def summary(self):
        return {
            "created": self.counts[Outcome.NEW],
            "updated": self.counts[Outcome.CHANGED],
            "unchanged": self.counts[Outcome.UNCHANGED],
            "conflicts": self.counts[Outcome.CONFLICT],
            "flagged": self.counts["flagged"],
            "errors": [{"line": o.line, "message": "; ".join(o.messages), "item": o.label} for o in self.errors],
        }


class RolledBack(Exception):
    """Raised inside the file transaction to undo a dry run or a failed all-or-nothing load."""


def fingerprint(agency_slug, section, published_at, signature, original_language, versions):
    moment = published_at.astimezone(datetime.UTC).isoformat()
    payload = [agency_slug, section, moment, signature, original_language, sorted(versions.items())]
    return hashlib.sha256(json.dumps(payload, ensure_ascii=False).encode()).hexdigest()


def load_releases(records, *, dry_run=False, publish=False, all_or_nothing=False, keep_outcomes=False,
                  on_outcome=None, flush=None, batch_size=BATCH_SIZE, user=None, origin="Import", agencies=None,
                  may_publish=True):
    """Load ``Release``/``Rejected`` records; returns a ``LoadReport``."""
    report = LoadReport()
    loader = _Loader(publish=publish and may_publish, user=user, origin=origin[:100], agencies=agencies,
                     may_publish=may_publish)
    iterator = iter(records)
    try:
        with one_bump() as mark_changed, transaction.atomic(), history.origin(user, origin):
            _serialise_imports()
            while batch := list(islice(iterator, batch_size)):
                for outcome in loader.load_batch(batch):
                    report.add(outcome, keep_outcomes)
                    if on_outcome:
                        on_outcome(outcome)
            if flush:
                flush()  # the caller's own writes, in this transaction
            if dry_run or (all_or_nothing and report.errors):
                raise RolledBack
            if loader.published:
                mark_changed(loader.published)  # rows written by COPY send no signals
    except RolledBack:
        report.rolled_back = True
    return report


def _limit(model, name):
    return model._meta.get_field(name).max_length


def over_limits(release):
    """Messages for each field of ``release`` longer than the database keeps (refused whole, never truncated)."""
    values = [("source URL", release.source_url, _limit(Article, "source_url")),
              ("news id", release.news_id, _limit(Article, "news_id")),
              ("agency", release.agency_slug, _limit(Agency, "slug")),
              ("section", release.section, _limit(Article, "section")),
              ("signature", release.signature, _limit(ArticleTranslation, "signature")),
              ("region", release.region_slug or "", _limit(Region, "slug"))]
    values += [(f"title [{language}]", version.title, _limit(ArticleTranslation, "title"))
               for language, version in release.versions.items()]
    return [f"{name} is {len(value)} characters long; at most {limit} are kept" for name, value, limit in values
            if len(value) > limit]


IMPORT_LOCK = 0x6B7A_7072  # "kzpr": the advisory lock key of imports


def _serialise_imports():
    """One import at a time on PostgreSQL (a transaction-scoped advisory lock): a second import of the
    same file waits, then finds every item stored and changes nothing. SQLite serialises writers itself."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [IMPORT_LOCK])


class _Loader:
    def __init__(self, publish, user=None, origin="Import", agencies=None, may_publish=True):
        self.publish = publish
        self.user, self.origin, self.allowed, self.may_publish = user, origin, agencies, may_publish
        self.agencies = {}
        self.seen_urls = set()
        self.region_ids = dict(Region.objects.values_list("slug", "pk"))
        self.hash_only = []  # articles merged with no change but the fingerprint of the last record
        self.published = set()  # ids of the new releases the load made public

    def load_batch(self, batch):
        too_long = {id(r): problems for r in batch if isinstance(r, Release) and (problems := over_limits(r))}
        releases = [r for r in batch if isinstance(r, Release) and id(r) not in too_long]
        self._resolve_agencies({r.agency_slug for r in releases if self._may_import(r.agency_slug)})
        existing = self._existing(releases)
        outcomes, new_articles, new_releases = [], [], []
        for record in batch:
            if isinstance(record, Rejected):
                outcomes.append(Outcome(Outcome.ERROR, record.line, record.label, messages=list(record.messages),
                                        row=record.row))
            elif id(record) in too_long:
                outcomes.append(Outcome(Outcome.ERROR, record.line, record.label[:200], messages=too_long[id(record)]))
            elif key(record) in self.seen_urls:
                outcomes.append(Outcome(Outcome.ERROR, record.line, record.label, record.source_url, messages=[
                    f"duplicate of an earlier item with source {record.source_url}" if record.source_url else
                    "duplicate of an earlier item with the same agency, date and title (and no source line)"]))
            elif not self._may_import(record.agency_slug):
                outcomes.append(Outcome(Outcome.ERROR, record.line, record.label, record.source_url,
                                        messages=[self._refusal(record.agency_slug)]))
            elif record.agency_slug not in self.agencies:
                outcomes.append(Outcome(Outcome.ERROR, record.line, record.label, record.source_url, messages=[
                    f"unknown agency {record.agency_slug!r}: an administrator adds it (Agencies → Add), then import "
                    "again"]))
            elif key(record) in existing and not self._may_import(existing[key(record)].agency.slug):
                outcomes.append(Outcome(Outcome.ERROR, record.line, record.label, record.source_url, messages=[
                    f"this release is stored under agency {existing[key(record)].agency.slug!r}: "
                    + self._refusal(existing[key(record)].agency.slug)]))
            elif record.region_slug and record.region_slug not in self.region_ids:
                outcomes.append(Outcome(Outcome.ERROR, record.line, record.label, record.source_url,
                                        messages=[f"unknown region {record.region_slug!r}"]))
            elif key(record) in existing:
                self.seen_urls.add(key(record))
                outcomes.append(self._load_existing(existing[key(record)], record))
            else:
                self.seen_urls.add(key(record))
                article = self._new_article(record)
                new_articles.append(article)
                new_releases.append(record)
                outcome = Outcome(Outcome.NEW, record.line, record.label, record.source_url,
                                  messages=[*record.warnings, *record.notices], flagged=self._is_flagged(article),
                                  published=article.status in PUBLIC_ONCE, repairs=list(record.repairs))
                outcomes.append(outcome)
        if new_articles:
            bulk.insert(Article, new_articles)
            versions = bulk.insert(ArticleTranslation, (
                version for article, record in zip(new_articles, new_releases, strict=True)
                for version in self._versions(article, record)
            ))
            live = bulk.insert(LiveVersion, (
                live_copy(version) for version in versions
                if version.status == ArticleTranslation.Status.APPROVED and version.article.status in PUBLIC_ONCE))
            self.published.update(version.article_id for version in live)
            for model, objects in ((Article, new_articles), (ArticleTranslation, versions), (LiveVersion, live)):
                bulk.insert_history(model, objects, user=self.user, reason=self.origin)
            bulk.insert(Publication, publications(live, self.user, self.origin))
            new = iter(new_articles)
            for outcome in outcomes:
                if outcome.kind == Outcome.NEW:
                    outcome.article_id = next(new).pk
        if self.hash_only:
            Article.objects.bulk_update(self.hash_only, ["upstream_hash"])
            self.hash_only = []
        return outcomes

    def _existing(self, releases):
        """The stored articles of ``releases``, by ``key``: by source URL, or for an item without a source line by
        agency, publication time and title."""
        found = {}
        urls = [r.source_url for r in releases if r.source_url]
        stored = Article.objects.select_related("agency").prefetch_related("translations")
        if urls:
            found.update((a.source_url, a) for a in stored.filter(source_url__in=urls))
        unsourced = [r for r in releases if not r.source_url]
        if unsourced:
            candidates = stored.filter(source_url__isnull=True, agency__slug__in={r.agency_slug for r in unsourced},
                                       published_at__in={r.published_at for r in unsourced})
            for article in candidates:
                for version in article.translations.all():
                    found.setdefault(unsourced_key(article.agency.slug, article.published_at, version.title), article)
        return found

    def _may_import(self, slug):
        """An agency's staff import for their agencies only; whoever imports for every agency, for any agency slug."""
        if self.allowed is None:
            return AGENCY_SLUG.fullmatch(slug) is not None
        return slug in self.allowed

    def _refusal(self, slug):
        if not AGENCY_SLUG.fullmatch(slug):
            return f"agency {slug!r} is not an agency slug"
        yours = ", ".join(sorted(self.allowed)) or "none"
        return f"agency {slug!r} is not one of yours: you may import releases of {yours}"

    def _resolve_agencies(self, slugs):
        missing = slugs - self.agencies.keys()
        if not missing:
            return
        for agency in Agency.objects.filter(slug__in=missing):
            self.agencies[agency.slug] = agency
        if self.allowed is not None:
            return  # an agency's staff import for the agencies they belong to: never a new one (``_may_import``)
        for slug in sorted(missing - self.agencies.keys()):
            self.agencies[slug], _ = Agency.objects.get_or_create(  # a valid slug (``_may_import``)
                slug=slug, defaults={"name_en": slug, "needs_review": True}
            )

    def _is_flagged(self, article):
        return bool(article.flags) or self.agencies[article.agency.slug].needs_review

    def _new_article(self, record):
        agency = self.agencies[record.agency_slug]
        article = bulk.new(Article, source_url=record.source_url or None, upstream_hash=record.fingerprint(),
                           agency=agency, news_id=record.news_id, section=record.section,
                           published_at=record.published_at, original_language=record.original_language)
        article.region_id = agency.region_id if record.region_slug is None else self.region_ids[record.region_slug]
        article.upstream_base = snapshot(article, ARTICLE_FIELDS)
        article.needs_translation = "needs_translation" in record.flags or any(
            record.version_status(lang) == ArticleTranslation.Status.NEEDS_TRANSLATION for lang in record.versions
        )
        article.title_in_capitals = "title_in_capitals" in record.flags
        article.upstream_changed = "upstream_changed" in record.flags
        if record.status and (self.may_publish or record.status in (Article.Status.DRAFT, Article.Status.IN_REVIEW)):
            article.status = record.status
        elif self.publish and not (article.flags or agency.needs_review):
            article.status = Article.Status.PUBLISHED
        return article

    def _status(self, record, language):
        """The status a version takes from ``record``: approved only by whoever may publish (as on the editor
        screens, where an agency editor approves nothing); ready for review otherwise."""
        status = record.version_status(language)
        if status == ArticleTranslation.Status.APPROVED and not self.may_publish:
            return ArticleTranslation.Status.NEEDS_REVIEW
        return status

    def _versions(self, article, record):
        return (self._version(article, record, language) for language in record.versions)

    def _version(self, article, record, language):
        """A new version as ``record`` gives it; its base is the record's ``source`` if known, else itself."""
        fields = record.incoming(language)
        version = bulk.new(ArticleTranslation, article=article, language=language,
                           is_original=language == article.original_language,
                           status=self._status(record, language), slug=make_slug(fields["title"]),
                           **{"signature": "", **fields})
        base = snapshot(version, VERSION_FIELDS)
        source = record.versions[language].source or {}
        version.upstream_base = {**base, **{name: source[name] for name in VERSION_FIELDS
                                            if isinstance(source.get(name), str)}}
        return version

    def _load_existing(self, article, record):
        """Merge ``record`` into a stored article field by field (``articles.importing.merging``)."""
        outcome = Outcome(Outcome.UNCHANGED, record.line, record.label, record.source_url, article.pk,
                          repairs=list(record.repairs), messages=list(record.notices))
        if not record.exported:  # (an export is the desk's text: what the source gave last time says nothing of it)
            new_hash = record.fingerprint()
            if article.upstream_hash == new_hash:
                return outcome  # the same record as last time: already merged
            article.upstream_hash = new_hash
        before = before_state(article)
        incoming = {name: getattr(record, name) for name in ARTICLE_FIELDS}
        if incoming["original_language"] == "en" and article.original_language in ("kk", "ru"):
            # The aggregator's English is a machine translation: the gov.kz original stays the original.
            incoming["original_language"] = article.original_language
        # The release's own fields (shown to readers beside the live text) as the editor screens allow: an agency
        # editor changes them while the release is a draft only; otherwise the source's change is held for review.
        may_change = self.may_publish or article.status == Article.Status.DRAFT
        exported = {} if record.exported else None  # an export: what it changes is an edit, not the source
        merges = [(None, article, merge(article, incoming, source=exported, exported=record.exported_checks())
                   if may_change else hold(article, incoming))]
        current = {t.language: t for t in article.translations.all()}
        added = [self._version(article, record, language) for language in record.versions if language not in current]
        merges += [(language, current[language], merge(current[language], record.incoming(language),
                                                        source=(record.versions[language].source or {})
                                                        if record.exported else None,
                                                        exported=record.exported_checks(language)))
                   for language in record.versions if language in current]
        kept = [(label(name, language), _shown(mine), _shown(theirs))  # the desk's text → the file's, for the batch
                for language, _, m in merges for name, mine, theirs in m.kept]
        if kept:
            outcome.kind, outcome.diff = Outcome.CONFLICT, list(kept)
            outcome.messages.append("edited at the desk since this file was exported: the file's text of "
                                    f"{', '.join(name for name, _, _ in kept)} is not taken; it stays in this row of "
                                    "the batch")
        if not (added or any(m.changed for _, _, m in merges)):
            self.hash_only.append(article)
            return outcome
        held = [(label(name, language), _shown(mine), _shown(theirs))
                for language, _, m in merges for name, mine, theirs in m.held]
        outcome.diff = [(label(name, language), _shown(old), _shown(new))
                        for language, _, m in merges for name, old, new in m.taken]
        outcome.diff += held + kept
        outcome.diff += [(label(name, v.language), "", getattr(v, name)) for v in added for name in CONTENT_FIELDS
                         if getattr(v, name)]
        outcome.messages = list(record.warnings) + outcome.messages
        outcome.kind = Outcome.CONFLICT if held or kept else Outcome.CHANGED
        outcome.before = before
        if held:
            outcome.messages.append("edited by an editor since the last import: the new source text of "
                                    f"{', '.join(name for name, _, _ in held)} is held beside it for review")
            article.upstream_changed = True
        article.lock_version += 1
        article.save()
        self._save_versions(article, record, merges[1:], added, current)
        outcome.flagged = self._is_flagged(article)
        return outcome

    def _save_versions(self, article, record, merges, added, current):
        changed = [version for language, version in current.items()  # no longer, or now, the original
                   if language not in record.versions
                   and version.is_original != (language == article.original_language)]
        for version in changed:
            version.is_original = not version.is_original
        for language, version, merged in merges:
            original = language == article.original_language
            if not (merged.changed or version.is_original != original):
                continue
            version.is_original = original
            if merged.taken:
                version.status = self._status(record, language)
                if version.status == ArticleTranslation.Status.APPROVED and not (version.title and version.body):
                    version.status = ArticleTranslation.Status.NEEDS_TRANSLATION
                version.slug = version.slug or make_slug(version.title)
            changed.append(version)
        for version in sorted(changed, key=lambda v: v.is_original):  # the old original gives way first
            version.save()
        for version in added:
            version.is_original = version.language == article.original_language
            version.save()


ARTICLE_STATE = ("section", "published_at", "original_language", "region_id", "news_id", "status",
                 "needs_translation", "upstream_changed", "title_in_capitals", "upstream_hash", "upstream_base",
                 "upstream_pending")
VERSION_STATE = ("title", "lead", "body", "signature", "slug", "status", "is_original", "upstream_base",
                 "upstream_pending")


def before_state(article):
    """What an import may change of ``article`` and its versions, as JSON (what undoing the import restores)."""
    return {"article": {name: stored(getattr(article, name)) for name in ARTICLE_STATE},
            "versions": {v.language: {name: getattr(v, name) for name in VERSION_STATE}
                         for v in article.translations.all()}}


def key(record):
    """What identifies a release across imports: its canonical source URL, or without one its agency, publication
    time and title."""
    return record.source_url or unsourced_key(record.agency_slug, record.published_at, record.label)


def unsourced_key(agency_slug, published_at, title):
    return ("unsourced", agency_slug, published_at.astimezone(datetime.UTC).isoformat(), title.strip().casefold())


def _shown(value):
    return timezone.localtime(value).isoformat() if isinstance(value, datetime.datetime) else value

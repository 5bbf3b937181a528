"""
The one path that writes imported releases.

``load_releases()`` takes ``Release`` records (built from a dump, CSV, XLSX or JSON by
``articles.importers``) and creates or updates articles keyed by source URL. The
command line, the admin import and any background job all call it; nothing else
writes imported rows.

Rules:
- a new source URL creates an article (a draft, unless ``publish`` and it has no flags);
- a known one whose source text is unchanged changes nothing, even if an editor has
  corrected the article since;
- a known one whose source text changed updates the article only if no editor touched
  it since the last import; otherwise the new text is kept beside the editor's version
  (``upstream_pending``) and the article is flagged ``upstream_changed``;
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
from collections import Counter
from dataclasses import dataclass, field
from itertools import islice

from django.db import connection, transaction
from django.utils import timezone

from . import bulk
from .editorial import history
from .models import LIVE_FIELDS, Agency, Article, ArticleTranslation, LiveVersion, Region, make_slug
from .public.caching import bump_after_commit

BATCH_SIZE = 500
PUBLIC_ONCE = {Article.Status.PUBLISHED, Article.Status.SCHEDULED, Article.Status.WITHDRAWN,
               Article.Status.UNPUBLISHED}


def live_copy(version):
    """The live version of a new release the import publishes (the same text: nobody has edited it yet)."""
    now = timezone.now()
    return LiveVersion(version=version, article=version.article, first_published_at=now, updated_at=now,
                       modified_at=now, **{name: getattr(version, name) for name in ("language", *LIVE_FIELDS)})
CONTENT_FIELDS = ("title", "lead", "body")


@dataclass
class Version:
    title: str = ""
    lead: str = ""
    body: str = ""
    status: str = ""  # empty: decided by ``Release.version_status``


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

    def as_pending(self):
        """The source text as kept beside an editor's version."""
        return {
            "line": self.line,
            "section": self.section,
            "signature": self.signature,
            "published_at": self.published_at.isoformat(),
            "original_language": self.original_language,
            "versions": {lang: {f: getattr(v, f) for f in CONTENT_FIELDS} for lang, v in self.versions.items()},
        }


@dataclass
class Rejected:
    """A source item that cannot be loaded, with the reasons."""

    line: int
    label: str
    messages: list


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


def article_fingerprint(article, languages):
    versions = {t.language: t for t in article.translations.all()}
    return fingerprint(
        article.agency.slug,
        article.section,
        article.published_at,
        original_signature(article),
        article.original_language,
        {
            lang: tuple(getattr(versions[lang], f) if lang in versions else "" for f in CONTENT_FIELDS)
            for lang in languages
        },
    )


def load_releases(records, *, dry_run=False, publish=False, all_or_nothing=False, keep_outcomes=False,
                  on_outcome=None, batch_size=BATCH_SIZE, user=None, origin="Import", agencies=None,
                  may_publish=True):
    """Load ``Release``/``Rejected`` records; returns a ``LoadReport``."""
    report = LoadReport()
    loader = _Loader(publish=publish and may_publish, user=user, origin=origin[:100], agencies=agencies,
                     may_publish=may_publish)
    iterator = iter(records)
    try:
        with transaction.atomic(), history.origin(user, origin):
            _serialise_imports()
            while batch := list(islice(iterator, batch_size)):
                for outcome in loader.load_batch(batch):
                    report.add(outcome, keep_outcomes)
                    if on_outcome:
                        on_outcome(outcome)
            if dry_run or (all_or_nothing and report.errors):
                raise RolledBack
            if report.counts[Outcome.NEW] or report.counts[Outcome.CHANGED] or report.counts[Outcome.CONFLICT]:
                bump_after_commit()
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

    def load_batch(self, batch):
        too_long = {id(r): problems for r in batch if isinstance(r, Release) and (problems := over_limits(r))}
        releases = [r for r in batch if isinstance(r, Release) and id(r) not in too_long]
        self._resolve_agencies({r.agency_slug for r in releases if self._may_import(r.agency_slug)})
        existing = {
            a.source_url: a
            for a in Article.objects.filter(source_url__in=[r.source_url for r in releases])
            .select_related("agency")
            .prefetch_related("translations")
        }
        outcomes, new_articles, new_releases = [], [], []
        for record in batch:
            if isinstance(record, Rejected):
                outcomes.append(Outcome(Outcome.ERROR, record.line, record.label, messages=list(record.messages)))
            elif id(record) in too_long:
                outcomes.append(Outcome(Outcome.ERROR, record.line, record.label[:200], messages=too_long[id(record)]))
            elif record.source_url in self.seen_urls:
                outcomes.append(Outcome(Outcome.ERROR, record.line, record.label, record.source_url,
                                        messages=[f"duplicate of an earlier item with source {record.source_url}"]))
            elif not self._may_import(record.agency_slug):
                outcomes.append(Outcome(Outcome.ERROR, record.line, record.label, record.source_url,
                                        messages=[self._refusal(record.agency_slug)]))
            elif record.source_url in existing and not self._may_import(existing[record.source_url].agency.slug):
                outcomes.append(Outcome(Outcome.ERROR, record.line, record.label, record.source_url, messages=[
                    f"this release is stored under agency {existing[record.source_url].agency.slug!r}: "
                    + self._refusal(existing[record.source_url].agency.slug)]))
            elif record.region_slug and record.region_slug not in self.region_ids:
                outcomes.append(Outcome(Outcome.ERROR, record.line, record.label, record.source_url,
                                        messages=[f"unknown region {record.region_slug!r}"]))
            elif record.source_url in existing:
                self.seen_urls.add(record.source_url)
                outcomes.append(self._load_existing(existing[record.source_url], record))
            else:
                self.seen_urls.add(record.source_url)
                article = self._new_article(record)
                new_articles.append(article)
                new_releases.append(record)
                outcome = Outcome(Outcome.NEW, record.line, record.label, record.source_url,
                                  messages=list(record.warnings), flagged=self._is_flagged(article))
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
            for model, objects in ((Article, new_articles), (ArticleTranslation, versions), (LiveVersion, live)):
                bulk.insert_history(model, objects, user=self.user, reason=self.origin)
            by_url = {a.source_url: a.pk for a in new_articles}
            for outcome in outcomes:
                if outcome.kind == Outcome.NEW:
                    outcome.article_id = by_url[outcome.source_url]
        return outcomes

    def _may_import(self, slug):
        return self.allowed is None or slug in self.allowed

    def _refusal(self, slug):
        yours = ", ".join(sorted(self.allowed)) or "none"
        return f"agency {slug!r} is not one of yours: you may import releases of {yours}"

    def _resolve_agencies(self, slugs):
        missing = slugs - self.agencies.keys()
        if not missing:
            return
        for agency in Agency.objects.filter(slug__in=missing):
            self.agencies[agency.slug] = agency
        for slug in sorted(missing - self.agencies.keys()):
            self.agencies[slug], _ = Agency.objects.get_or_create(
                slug=slug, defaults={"name_en": slug, "needs_review": True}
            )

    def _is_flagged(self, article):
        return bool(article.flags) or self.agencies[article.agency.slug].needs_review

    def _new_article(self, record):
        agency = self.agencies[record.agency_slug]
        article = Article(source_url=record.source_url, upstream_hash=record.fingerprint())
        self._apply(article, record, agency)
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

    def _apply(self, article, record, agency):
        article.agency = agency
        article.news_id = record.news_id
        article.section = record.section
        article.published_at = record.published_at
        article.original_language = record.original_language
        if record.region_slug is None:
            article.region_id = agency.region_id
        else:
            article.region_id = self.region_ids.get(record.region_slug)

    def _versions(self, article, record):
        for language, version in record.versions.items():
            yield ArticleTranslation(
                article=article,
                language=language,
                is_original=language == record.original_language,
                status=record.version_status(language),
                title=version.title,
                lead=version.lead,
                body=version.body,
                signature=record.signature if language == record.original_language else "",
                slug=make_slug(version.title),
            )

    def _load_existing(self, article, record):
        outcome = Outcome(Outcome.UNCHANGED, record.line, record.label, record.source_url, article.pk)
        new_hash = record.fingerprint()
        if article.upstream_hash == new_hash:
            return outcome
        outcome.diff = _diff(article, record)
        outcome.messages = list(record.warnings)
        edited = article_fingerprint(article, record.versions) != article.upstream_hash
        if edited:
            outcome.kind = Outcome.CONFLICT
            outcome.flagged = True
            outcome.messages.append("edited by an editor since the last import: the new source text is kept "
                                    "beside it for review")
            article.upstream_pending = record.as_pending()
            article.upstream_changed = True
            article.upstream_hash = new_hash
            article.lock_version += 1
            article.save(update_fields=["upstream_pending", "upstream_changed", "upstream_hash", "lock_version",
                                        "updated_at"])
            return outcome
        outcome.kind = Outcome.CHANGED
        self._apply(article, record, self.agencies[record.agency_slug])
        article.upstream_hash = new_hash
        article.lock_version += 1
        article.save()
        current = {t.language: t for t in article.translations.all()}
        for version in self._versions(article, record):
            old = current.get(version.language)
            if old is None:
                version.save()
                continue
            for name in ("title", "lead", "body", "signature", "status", "is_original"):
                setattr(old, name, getattr(version, name))
            old.slug = old.slug or version.slug
            old.save()
        outcome.flagged = self._is_flagged(article)
        return outcome


def _diff(article, record):
    """(field, old, new) for every source field that differs."""
    rows = []
    simple = {
        "section": (article.section, record.section),
        "signature": (original_signature(article), record.signature),
        "published": (_local(article.published_at), _local(record.published_at)),
        "original language": (article.original_language, record.original_language),
    }
    for name, (old, new) in simple.items():
        if old != new:
            rows.append((name, old, new))
    current = {t.language: t for t in article.translations.all()}
    for lang, version in record.versions.items():
        for name in CONTENT_FIELDS:
            old = getattr(current[lang], name) if lang in current else ""
            new = getattr(version, name)
            if old != new:
                rows.append((f"{name} [{lang}]", old, new))
    return rows


def original_signature(article):
    return next((t.signature for t in article.translations.all() if t.is_original), "")


def _local(moment):
    return timezone.localtime(moment).isoformat()


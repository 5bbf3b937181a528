"""
What a change does to the public site: the one notion of "a public change".

Model signals (live versions, articles, agencies, regions, footer pages) name the *scopes* a change touches (see
``articles.public.caching``); when the transaction commits, ``announce`` bumps those scopes' cache versions and,
with ``KZPRESS_STATIC_RENDER``, queues the re-rendering of the static files that show them
(``articles.public.rendering``). The changes of one transaction are announced once, together.

- a live version (publishing, a major or minor change): the release's pages, the home pages, the lists and feeds
  of its language, agency, region and section, in the version's language;
- an article's state (scheduling, withdrawal, unpublishing) or its agency, region or section: the same in every
  language it has live, before and after a move;
- an agency's or a region's names (or slug, kind, region): ``names:agency:<id>`` / ``names:region:<id>`` — every
  list names every agency and region in its filters, so all lists, and the pages of its releases;
- a footer page: ``pages``.

An import or its undo (``one_bump``) announces once, at the end: the releases it created, changed, published or
removed, found with a few queries whatever their number (no query per saved row), and their lists. Its static
files are rendered in small chunks after the renders of people's publishes, which go first (``PUBLISH_PRIORITY``).

Working copies are not public: editing them announces nothing.
"""

import contextlib
import contextvars
import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from django.utils import timezone

from ..models import Agency, Article, LiveVersion, Region, SitePage
from . import caching

LANGUAGES = tuple(code for code, _name in settings.LANGUAGES)
NAME_FIELDS = ("slug", "kind", "region_id", *(f"{field}_{code}" for field in ("name", "description")
                                             for code in LANGUAGES))
ARTICLE_PLACES = {"agency", "agency_id", "region", "region_id", "section"}
_deferred = contextvars.ContextVar("kzpress_public_changes_deferred", default=None)
PUBLISH_QUEUE = "publish"  # a person's change, rendered by a worker of its own (README: kzpress-worker@publish)
PUBLISH_PRIORITY = 10  # the render of a person's change runs before the chunks of an import's (priority 0)
SITEMAP_PRIORITY = 5  # the sitemap after a person's change: behind the next change's pages, before imports
SITEMAP_QUEUED = "kzpress:sitemap-queued"  # a render of the sitemaps is queued and has not started
SITEMAP_DELAY = 30  # seconds a queued render of the sitemaps waits, for the changes that follow to share it
BULK_CHUNK = 25  # releases per render task of an import (75 pages): a publish waits for one such task at most
LIST_CHUNK = 4  # lists per render task of an import (each a page and three feeds, slower than a release's page)


class _Collected:
    """What the changes saved inside ``one_bump`` touched: releases by id (with the languages whose live versions
    changed, a deleted one's included), the places of deleted releases and of releases before a move, and other
    scopes as they are."""

    def __init__(self):
        self.scopes, self.articles, self.gone, self.site = set(), {}, [], False

    def __bool__(self):
        return bool(self.scopes or self.articles or self.gone or self.site)

    def article(self, pk, language=None):
        self.articles.setdefault(pk, set()).update([language] if language else ())

    def resolve(self):
        """The scopes of everything collected."""
        scopes = set(self.scopes)
        if self.site:
            scopes.add(caching.SITE)
        ids = sorted(self.articles)
        for start in range(0, len(ids), 1000):
            chunk = ids[start:start + 1000]
            live = {}
            for article_id, language in LiveVersion.objects.filter(article_id__in=chunk).values_list(
                    "article_id", "language"):
                live.setdefault(article_id, set()).add(language)
            for pk, agency, region, section in Article.objects.filter(pk__in=chunk).values_list(
                    "pk", "agency__slug", "region__slug", "section"):
                languages = live.get(pk, set()) | self.articles[pk]
                if languages:
                    scopes |= release_scopes(pk, sorted(languages), agency, region, section)
        if self.gone:
            agencies = dict(Agency.objects.filter(pk__in={g[1] for g in self.gone}).values_list("pk", "slug"))
            regions = dict(Region.objects.filter(pk__in={g[2] for g in self.gone}).values_list("pk", "slug"))
            for pk, agency_id, region_id, section in self.gone:
                scopes |= release_scopes(pk, LANGUAGES, agencies.get(agency_id), regions.get(region_id), section)
        return scopes


def release_scopes(article, languages, agency_slug=None, region_slug=None, section=None):
    """The scopes of a release (``article``, or its id with the slugs given) in ``languages``."""
    if isinstance(article, Article):
        agency_slug = article.agency.slug
        region_slug = article.region.slug if article.region_id else None
        section, article = article.section, article.pk
    scopes = {f"article:{article}"}
    for language in languages:
        scopes |= {caching.RELEASES, f"lang:{language}", f"agency:{agency_slug}:{language}"}
        if region_slug:
            scopes.add(f"region:{region_slug}:{language}")
        if section:
            scopes.add(caching.section_scope(section, language))
    return scopes


def cache_scopes(scopes):
    """The cache versions to bump for announced ``scopes``: names and footer pages are on every page."""
    return {caching.SITE if scope.startswith("names:") or scope == "pages" else scope for scope in scopes}


def announce(scopes, *, bulk=False):
    """Bump the caches of ``scopes`` and queue their static files (now: call it once the change is committed).

    A person's change is rendered ahead of the queue in two tasks: its releases' pages with the news feeds and lists
    of their languages (what subscribers and readers poll), then the homes and the agencies' and regions' lists.
    They go to the ``PUBLISH_QUEUE`` when the backend has it, whose worker renders nothing else: a publish never
    waits for an import's task to finish. An import's (``bulk``) follows in small tasks, its lists and feeds
    first (``LIST_CHUNK`` lists, then ``BULK_CHUNK`` releases a task), so that a publish waits for one short task
    at most. The sitemaps, which list every release (seconds at a million), are rendered by a task of their own
    ``SITEMAP_DELAY`` seconds later, once for all the changes of that time: crawlers read them hours apart, and a
    worker rendering them after every publish would leave one worker for the next publish's pages."""
    caching.bump(cache_scopes(scopes))
    if not settings.KZPRESS_STATIC_RENDER:
        return
    from .rendering import render_changes

    backend = render_changes.get_backend()
    ranked = backend.supports_priority  # a backend without (RQ) keeps the queue's order
    if not bulk:
        first = sorted(s for s in scopes if s.startswith(("article:", "lang:")))
        urgent = render_changes.using(
            **({"priority": PUBLISH_PRIORITY} if ranked else {}),
            **({"queue_name": PUBLISH_QUEUE} if PUBLISH_QUEUE in backend.queues else {}))
        for group in (first, sorted(set(scopes) - set(first))):
            if group:
                urgent.enqueue(group, sitemap=False)
    else:
        releases = sorted(s for s in scopes if s.startswith("article:"))
        others = sorted(set(scopes) - set(releases), key=lambda s: (not s.startswith(("lang:", "releases")), s))
        for group, size in ((others, LIST_CHUNK), (releases, BULK_CHUNK)):  # news lists, other lists, releases
            for start in range(0, len(group), size):
                render_changes.enqueue(group[start:start + size], sitemap=False)
    if caching.RELEASES in scopes and caching.cache.add(SITEMAP_QUEUED, True, 3600):
        # Once for the changes that come while it waits (the task clears the mark as it starts).
        later = {"run_after": timezone.now() + datetime.timedelta(seconds=SITEMAP_DELAY)} \
            if backend.supports_defer else {}
        render_changes.using(**({"priority": SITEMAP_PRIORITY} if ranked else {}), **later).enqueue(["sitemap"])


STALLED = datetime.timedelta(minutes=1)


def waiting_tasks(now=None):
    """[(queue, tasks)] of the database queue's tasks that could have run for more than ``STALLED`` and have not:
    no worker takes that queue (after an upgrade that kept the old workers, say), so the public site stays as it
    was — a withdrawn release still in the static files, a publish not in the feeds. For the administrators' index;
    empty with another backend, which keeps its queue elsewhere."""
    from django_tasks_db.backend import DatabaseBackend
    from django_tasks_db.models import DBTaskResult, get_date_max

    from .rendering import render_changes

    if not isinstance(render_changes.get_backend(), DatabaseBackend):
        return []
    cutoff = (now or timezone.now()) - STALLED
    ready = DBTaskResult.objects.filter(status="READY").filter(
        Q(run_after=get_date_max(), enqueued_at__lt=cutoff) | Q(run_after__lt=cutoff))
    return list(ready.values_list("queue_name").annotate(count=Count("pk")).order_by("queue_name"))


def changed(scopes):
    """``scopes`` changed in the current transaction: announced once it commits, with its other changes."""
    if not scopes:
        return
    deferred = _deferred.get()
    if deferred is not None:
        deferred.scopes |= set(scopes)  # an import: announced with the rest at its end
        return
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        announce(set(scopes))  # autocommit: it is committed already
        return
    queued = {id(func) for _sids, func, _robust in connection.run_on_commit}
    group = connection.__dict__.setdefault("_kzpress_changes", [])
    group[:] = [change for change in group if id(change) in queued]  # a rolled back savepoint took its changes
    change = _Change(scopes, group)
    group.append(change)
    transaction.on_commit(change)


class _Change:
    """The on-commit callback of one change. The first of a transaction's to run announces its scopes and those of
    the changes queued after it in the same transaction, which then do nothing: one announcement per commit.
    Django empties the connection's queue before it runs it, so the changes know each other from when they were
    queued (``group``: the transaction's changes, in order), not from that queue."""

    def __init__(self, scopes, group):
        self.scopes, self.done, self.group = set(scopes), False, group
        self.__name__ = self.__qualname__ = type(self).__name__  # named like the functions on-commit queues hold

    def __call__(self):
        if self.done:
            return
        group = self.group[self.group.index(self):] if self in self.group else [self]
        group = [change for change in group if not change.done]
        for change in group:
            change.done = True
        announce(set().union(*(change.scopes for change in group)))


@contextlib.contextmanager
def one_bump():
    """Changes saved inside are announced once at the end (after commit), not one each: an import creating three
    hundred agencies and a thousand releases announces once. Yields ``mark(article_ids=None)``, for changes written
    without signals (``COPY``): the releases it made public, or, without ids, everything."""
    found = _Collected()

    def mark(article_ids=None):
        if article_ids is None:
            found.site = True
        for pk in article_ids or ():
            found.article(pk)

    token = _deferred.set(found)
    try:
        yield mark
    finally:
        _deferred.reset(token)
    if found:
        transaction.on_commit(lambda: announce(found.resolve(), bulk=True))


def _live_languages(article_id):
    return list(LiveVersion.objects.filter(article_id=article_id).values_list("language", flat=True))


def _places(**filters):
    """(agency slug, region slug, section) of an article."""
    return Article.objects.filter(**filters).values_list("agency__slug", "region__slug", "section").first()


@receiver([post_save, post_delete], sender=LiveVersion)
def _live_version_changed(sender, instance, **kwargs):
    if (deferred := _deferred.get()) is not None:
        return deferred.article(instance.article_id, instance.language)
    places = _places(pk=instance.article_id)
    if places is None:  # the article is being deleted: its own signal names the rest
        return changed({f"article:{instance.article_id}", caching.RELEASES, f"lang:{instance.language}"})
    changed(release_scopes(instance.article_id, [instance.language], *places))


@receiver(pre_save, sender=Article)
def _article_before(sender, instance, update_fields=None, **kwargs):
    """Where the article was listed, when this save may move it (another agency, region or section). Inside
    ``one_bump`` (an import) only for a release readers can see: moving a draft changes no list."""
    if not instance.pk or not (update_fields is None or ARTICLE_PLACES & set(update_fields)):
        return
    if _deferred.get() is None or instance.status not in (Article.Status.DRAFT, Article.Status.IN_REVIEW):
        instance._kzpress_places_before = _places(pk=instance.pk)


@receiver(post_save, sender=Article)
def _article_changed(sender, instance, created, update_fields=None, **kwargs):
    if created:
        return  # nothing of it is live yet
    if (instance.status in (Article.Status.DRAFT, Article.Status.IN_REVIEW) and update_fields is not None
            and not {"status", *ARTICLE_PLACES} & set(update_fields)):
        return  # editorial bookkeeping on a release that is not public
    before = getattr(instance, "_kzpress_places_before", None)
    if (deferred := _deferred.get()) is not None:
        deferred.article(instance.pk)
        if before:
            deferred.scopes |= release_scopes(instance.pk, LANGUAGES, *before)
        return
    languages = _live_languages(instance.pk)
    if not languages:
        return  # nothing of it was ever live: readers saw nothing
    scopes = release_scopes(instance.pk, languages, *_places(pk=instance.pk))
    if before:
        scopes |= release_scopes(instance.pk, languages, *before)
    changed(scopes)


@receiver(post_delete, sender=Article)
def _article_deleted(sender, instance, **kwargs):
    if (deferred := _deferred.get()) is not None:
        deferred.articles.pop(instance.pk, None)
        return deferred.gone.append((instance.pk, instance.agency_id, instance.region_id, instance.section))
    agency = Agency.objects.filter(pk=instance.agency_id).values_list("slug", flat=True).first()
    region = Region.objects.filter(pk=instance.region_id).values_list("slug", flat=True).first()
    changed(release_scopes(instance.pk, LANGUAGES, agency, region, instance.section))


@receiver(pre_save, sender=Agency)
@receiver(pre_save, sender=Region)
def _names_before(sender, instance, **kwargs):
    if instance.pk:
        fields = [name for name in NAME_FIELDS if sender is Agency or name != "region_id"]
        instance._kzpress_names_before = sender.objects.filter(pk=instance.pk).values(*fields).first()


@receiver([post_save, post_delete], sender=Agency)
@receiver([post_save, post_delete], sender=Region)
def _names_changed(sender, instance, signal, **kwargs):
    """A new, renamed or deleted agency or region: in every list's filters, on its releases' pages."""
    kind = "agency" if sender is Agency else "region"
    before = getattr(instance, "_kzpress_names_before", None)
    if signal is post_save and before and all(getattr(instance, name) == value for name, value in before.items()):
        return  # saved as it was (or only its members or review flag changed): nothing public changed
    scopes = {f"names:{kind}:{instance.pk}"}
    gone = instance.slug if signal is post_delete else before["slug"] if before else instance.slug
    if signal is post_delete or gone != instance.slug:  # its old pages go
        scopes |= {f"{kind}:{gone}:{language}" for language in LANGUAGES}
    changed(scopes)


@receiver([post_save, post_delete], sender=SitePage)
def _page_changed(sender, **kwargs):
    changed({"pages"})

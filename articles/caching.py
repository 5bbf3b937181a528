"""
Public caching: one "generation" counter in Django's cache, bumped whenever an article
or a language version changes (signals, and the importer after a bulk load). Cached
public responses and feed ETags include it, so a change invalidates them all at once;
``Last-Modified`` is the time of the last bump.

A scheduled release becomes public at its time without any write, so the generation also
remembers the next scheduled time: the first request after it starts a new generation.
"""

import hashlib
import time
from datetime import UTC, datetime
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Min
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone
from django.views.decorators.cache import cache_control
from django.views.decorators.http import condition

from .models import Article, ArticleTranslation

KEY = "kzpress:public-generation"
TIMEOUT = None  # never expires on its own


def next_scheduled():
    """Unix time of the next scheduled publication still to come, or None."""
    due = (Article.objects.filter(status=Article.Status.SCHEDULED, publish_at__gt=timezone.now())
           .aggregate(first=Min("publish_at"))["first"])
    return due.timestamp() if due else None


def generation():
    """(number, unix time, next scheduled time) of the current generation; starts one if the cache has none."""
    value = cache.get(KEY)
    if value is None:
        value = (int(time.time() * 1000), time.time(), next_scheduled())
        cache.add(KEY, value, TIMEOUT)
        value = cache.get(KEY, value)
    if value[2] is not None and time.time() >= value[2]:
        bump(value)
        value = cache.get(KEY, value)
    return value


def bump(current=None):
    number = (current or generation())[0]
    cache.set(KEY, (number + 1, time.time(), next_scheduled()), TIMEOUT)


def bump_after_commit():
    transaction.on_commit(bump)


@receiver([post_save, post_delete], sender=Article)
@receiver([post_save, post_delete], sender=ArticleTranslation)
def _changed(sender, **kwargs):
    bump_after_commit()


def request_generation(request):
    """The generation, read once per request (ETag, Last-Modified, the cache key and the router all ask)."""
    if not hasattr(request, "_kzpress_generation"):
        request._kzpress_generation = generation()
    return request._kzpress_generation


def etag(request, *args, **kwargs):
    number = request_generation(request)[0]
    return hashlib.sha256(f"{number}:{request.get_full_path()}".encode()).hexdigest()[:32]


def last_modified(request, *args, **kwargs):
    return datetime.fromtimestamp(int(request_generation(request)[1]), UTC)


def is_public_read(request):
    """An anonymous GET of a public page: no session cookie, so nothing on the page depends on who asks."""
    return (request.method in ("GET", "HEAD") and not request.path.startswith("/admin/")
            and settings.SESSION_COOKIE_NAME not in request.COOKIES)


def cached(view):
    """Serve ``view``'s successful GET responses from the cache, keyed by generation and full path."""

    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD") or not settings.KZPRESS_PUBLIC_CACHE:
            return view(request, *args, **kwargs)
        path = hashlib.sha256(request.get_full_path().encode()).hexdigest()  # any query string: a bounded key
        key = f"kzpress:page:{request_generation(request)[0]}:{path}"
        response = cache.get(key)
        if response is None:
            response = view(request, *args, **kwargs)
            if hasattr(response, "render"):
                response = response.render()
            if response.status_code in (200, 404, 410):
                cache.set(key, response, settings.KZPRESS_PUBLIC_CACHE_SECONDS)
        return response

    return wrapper


def public(view, max_age=60):
    """A public page or feed: for anonymous visitors, ETag and Last-Modified (304 when nothing changed) and the
    rendered response kept in the cache until the next change; for logged-in users, rendered fresh and private."""
    shared = cache_control(public=True, max_age=max_age)(
        condition(etag_func=etag, last_modified_func=last_modified)(cached(view)))
    private = cache_control(private=True, no_cache=True)(view)

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        return (shared if is_public_read(request) else private)(request, *args, **kwargs)

    return wrapper

"""
Public caching: one "generation" counter in Django's cache, bumped whenever an article
or a language version changes (signals, and the importer after a bulk load). Cached
public responses and feed ETags include it, so a change invalidates them all at once;
``Last-Modified`` is the time of the last bump.

A scheduled release becomes public at its time without any write, so the generation also
remembers the next scheduled time: the first request after it starts a new generation.
"""

import contextlib
import contextvars
import gzip
import hashlib
import re
import threading
import time
from collections import OrderedDict
from datetime import UTC, datetime
from functools import wraps

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.dummy import DummyCache
from django.db import transaction
from django.db.models import Min
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.http import HttpResponse, HttpResponseNotModified
from django.utils import timezone
from django.utils.http import parse_http_date_safe
from django.views.decorators.cache import cache_control
from django.views.decorators.http import condition

from ..models import Agency, Article, LiveVersion, Region, SitePage

KEY = "kzpress:public-generation"
TIMEOUT = None  # never expires on its own


def next_scheduled():
    """Unix time of the next scheduled publication still to come, or None."""
    due = (Article.objects.scheduled_after(timezone.now())
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


_deferred = contextvars.ContextVar("kzpress_cache_bump_deferred", default=None)


@contextlib.contextmanager
def one_bump():
    """Changes saved inside start one generation at the end (after commit), not one each: an import creating three
    hundred agencies bumps once. Yields ``mark()``, for changes written without signals (``COPY``)."""
    changed = [False]
    token = _deferred.set(changed)
    try:
        yield lambda: changed.__setitem__(0, True)
    finally:
        _deferred.reset(token)
    if changed[0]:
        bump_after_commit()


@receiver([post_save, post_delete], sender=Article)
@receiver([post_save, post_delete], sender=LiveVersion)
@receiver([post_save, post_delete], sender=Agency)
@receiver([post_save, post_delete], sender=Region)
@receiver([post_save, post_delete], sender=SitePage)
def _changed(sender, **kwargs):
    """What readers see changed: live text, an article's state, an agency's or region's names, a footer page.
    (Working copies are not public: editing them leaves every cached page as it is.)"""
    deferred = _deferred.get()
    if deferred is not None:
        deferred[0] = True
        return
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


class _LocalPages:
    """A small per-process LRU of rendered public pages, in front of the shared cache (no network round trip and
    no unpickling for the pages a process serves most). Keys carry the generation, so a change retires them."""

    def __init__(self, size=1024):
        self.size, self.entries, self.lock = size, OrderedDict(), threading.Lock()

    def get(self, key):
        with self.lock:
            entry = self.entries.get(key)
            if entry is not None:
                self.entries.move_to_end(key)
            return entry

    def set(self, key, entry):
        with self.lock:
            self.entries[key] = entry
            self.entries.move_to_end(key)
            while len(self.entries) > self.size:
                self.entries.popitem(last=False)

    def clear(self):
        with self.lock:
            self.entries.clear()


local_pages = _LocalPages()
GZIP_MIN_BYTES = 1024  # smaller bodies are not worth it (Django's GZipMiddleware draws the line at 200 bytes)
ACCEPTS_GZIP = re.compile(r"\bgzip\b")  # as django.middleware.gzip
# The public site: /kk/, /ru/, /en/ and the sitemap.
PUBLIC_PREFIXES = frozenset([*(code for code, _ in settings.LANGUAGES), "sitemap.xml"])


def page_key(request):
    """The page's key: its host (validated against ALLOWED_HOSTS: a disallowed one raises DisallowedHost, a 400, as
    it would uncached; each host's absolute links stay its own) and full path, under the current generation."""
    path = hashlib.sha256(f"{request.get_host()}{request.get_full_path()}".encode()).hexdigest()  # a bounded key
    return f"kzpress:page2:{request_generation(request)[0]}:{path}"


class PublicCacheMiddleware:
    """Answer anonymous GETs of public pages and feeds from the cache before the rest of the stack runs: a 304 when
    the visitor's ETag is current, else the stored response. Stores what ``public`` views marked as shareable,
    as it left the inner middleware (so every header is there). Place it after the security and CSP middleware
    (they process cached responses too) and before the session middleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (request.method != "GET" or not settings.KZPRESS_PUBLIC_CACHE or not is_public_read(request)
                or request.path_info.split("/", 2)[1] not in PUBLIC_PREFIXES):
            return self.get_response(request)
        key = page_key(request)
        entry = local_pages.get(key)
        if entry is None:
            entry = cache.get(key)
            if entry is not None:
                local_pages.set(key, entry)
        if entry is not None:
            return self.replay(request, entry)
        response = self.get_response(request)
        if getattr(request, "_kzpress_shareable", False) and response.status_code in (200, 404, 410) \
                and not response.streaming and not response.cookies:
            entry = self.entry(response)
            local_pages.set(key, entry)
            cache.set(key, entry, settings.KZPRESS_PUBLIC_CACHE_SECONDS)
        return response

    @staticmethod
    def entry(response):
        """(status, headers, body, gzipped body or None): compressed once when kept, not on every answer."""
        content, packed = response.content, None
        headers = dict(response.headers.items())
        if len(content) >= GZIP_MIN_BYTES and "Content-Encoding" not in headers:
            packed = gzip.compress(content, compresslevel=6, mtime=0)
            vary = headers.get("Vary")
            headers["Vary"] = f"{vary}, Accept-Encoding" if vary else "Accept-Encoding"
        return response.status_code, headers, content, packed

    @staticmethod
    def replay(request, entry):
        status, headers, content, packed = entry
        headers = dict(headers)
        if packed is not None and ACCEPTS_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", "")):
            content = packed
            headers.update({"Content-Encoding": "gzip", "Content-Length": str(len(packed))})
            if headers.get("ETag", "").startswith('"'):
                headers["ETag"] = "W/" + headers["ETag"]  # another representation (as Django's GZipMiddleware)
        tag, since = headers.get("ETag"), request.META.get("HTTP_IF_MODIFIED_SINCE")
        if "HTTP_IF_NONE_MATCH" in request.META:
            current = bool(tag) and tag.removeprefix("W/") in request.META["HTTP_IF_NONE_MATCH"]
        else:
            modified = parse_http_date_safe(headers.get("Last-Modified", ""))
            current = bool(since) and modified is not None and modified <= (parse_http_date_safe(since) or -1)
        if status == 200 and current:
            response = HttpResponseNotModified()
            for name in ("ETag", "Last-Modified", "Cache-Control", "Vary"):
                if name in headers:
                    response.headers[name] = headers[name]
            return response
        return HttpResponse(content, status=status, headers=headers)


def keeps_generation():
    """Whether the cache can hold the generation. Without one (``CACHE_BACKEND=dummy``) every request would start
    a generation of its own: validators that change on every request, bought with a query each time."""
    return not isinstance(caches["default"], DummyCache)


def public(view, max_age=60):
    """A public page or feed: for anonymous visitors, ETag and Last-Modified (304 when nothing changed), and the
    response marked for ``PublicCacheMiddleware`` to keep until the next change; for logged-in users, rendered
    fresh and private. With no cache to keep the generation in, no validators."""
    validated = condition(etag_func=etag, last_modified_func=last_modified)(view) if keeps_generation() else view
    shared = cache_control(public=True, max_age=max_age)(validated)
    private = cache_control(private=True, no_cache=True)(view)

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_public_read(request):
            return private(request, *args, **kwargs)
        request._kzpress_shareable = True
        return shared(request, *args, **kwargs)

    return wrapper

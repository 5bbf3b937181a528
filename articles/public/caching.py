"""
Public caching, scope by scope.

What readers see is divided into *scopes*: ``site`` (everything: names of agencies and regions, footer pages, an
import), ``releases`` (the home pages and the sitemap: any release in any language), ``lang:<code>`` (the news list
and its feeds in one language), ``agency:<slug>:<code>``, ``region:<slug>:<code>`` and ``section:<name>:<code>``
(a list limited to one agency, region or section in one language) and ``article:<id>`` (a release's pages). Each
scope has a *version* in Django's cache, the time of its last change in milliseconds; a change bumps only the
scopes it touches (``articles.public.changes`` says which).

A cached response remembers the scopes it depends on and their versions when it was made; a request reads the
versions of its URL's scopes and the response in one ``get_many`` (one round trip), and replays the response only
if none of them moved. ETags and ``Last-Modified`` come from the same versions.

A scheduled release becomes public at its time without any write, so the cache also remembers the next scheduled
time: the first request after it bumps the scopes of the releases that came due.
"""

import contextvars
import gzip
import hashlib
import re
import threading
import time
from collections import OrderedDict
from datetime import UTC, datetime
from functools import wraps
from urllib.parse import quote

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.dummy import DummyCache
from django.db.models import Min
from django.http import HttpResponse, HttpResponseNotModified
from django.utils import timezone
from django.utils.http import parse_http_date_safe
from django.views.decorators.cache import cache_control
from django.views.decorators.http import condition

from ..models import Article, SitePage
from ..sections import spellings

PREFIX = "kzpress:v:"
NEXT_SCHEDULED = "kzpress:next-scheduled"
TIMEOUT = None  # versions never expire on their own (one that is evicted starts again, newer: nothing stale)
SITE, RELEASES = "site", "releases"


MAX_KEY = 200  # memcached takes keys of up to 250 characters, Django's prefix and version included


def version_key(scope):
    """The cache key of ``scope``'s version; a scope named by a long query value (any filter a URL may carry, read
    before the view checks it) by its digest, so that no request makes a key of unbounded length."""
    key = PREFIX + quote(scope, safe=":-_.")
    return key if len(key) <= MAX_KEY else f"{PREFIX}sha256:{hashlib.sha256(scope.encode()).hexdigest()}"


def section_scope(section, language):
    """The scope of a section in a language, whichever of its names it is given by."""
    return f"section:{spellings(section)[0].casefold()}:{language}"


def next_scheduled():
    """Unix time of the next scheduled publication still to come, or None."""
    due = (Article.objects.scheduled_after(timezone.now())
           .aggregate(first=Min("publish_at"))["first"])
    return due.timestamp() if due else None


def now_ms():
    return int(time.time() * 1000)


def read(scopes, *keys):
    """(versions of ``scopes``, values of the other cache ``keys``), in one round trip. A scope the cache does not
    hold starts now; a scheduled release that came due since the last look bumps its scopes first."""
    scopes = list(dict.fromkeys(scopes))
    wanted = [version_key(s) for s in scopes]
    found = cache.get_many([*wanted, NEXT_SCHEDULED, *keys])
    due = found.get(NEXT_SCHEDULED)
    if due is None:
        due = (next_scheduled(),)
        cache.set(NEXT_SCHEDULED, due, TIMEOUT)
    if due[0] is not None and time.time() >= due[0]:
        came_due()
        found.update(cache.get_many(wanted))
    versions = {}
    for scope, key in zip(scopes, wanted, strict=True):
        value = found.get(key)
        if value is None:
            value = now_ms()
            if not cache.add(key, value, TIMEOUT):
                value = cache.get(key, value)
        versions[scope] = value
    return versions, {key: found.get(key) for key in keys}


def versions(scopes):
    return read(scopes)[0]


def bump(scopes=(SITE,)):
    """Start new versions of ``scopes`` (everything by default), newer than the ones they replace."""
    keys = [version_key(s) for s in dict.fromkeys(scopes)]
    old, now = cache.get_many(keys), now_ms()
    cache.set_many({**{key: max(now, old.get(key, 0) + 1) for key in keys}, NEXT_SCHEDULED: (next_scheduled(),)},
                   TIMEOUT)


def came_due():
    """Scheduled releases whose time came: their scopes change now (and their static files are rendered)."""
    from .changes import announce, release_scopes

    cache.set(NEXT_SCHEDULED, (next_scheduled(),), TIMEOUT)  # first, so one request does this, not every one
    scopes = set()
    for article in (Article.objects.filter(status=Article.Status.SCHEDULED, publish_at__lte=timezone.now())
                    .select_related("agency", "region")):
        scopes |= release_scopes(article, article.live_versions.values_list("language", flat=True))
    if scopes:
        announce(scopes)


def dependencies(path, query):
    """The scopes a public URL may depend on, read before the view runs (the view narrows them down with
    ``depends_on``): ``site`` always, then what its path and filters name."""
    parts = path.strip("/").split("/")
    if parts[0] == "sitemap.xml" or len(parts) == 1:
        return [SITE, RELEASES]
    language, head = parts[0], parts[1]
    if head == "news" and len(parts) > 2 and parts[2].isdigit():
        return [SITE, f"article:{int(parts[2])}"]
    if head in ("agencies", "regions") and len(parts) > 2:
        return [SITE, RELEASES, f"{'agency' if head == 'agencies' else 'region'}:{parts[2]}:{language}"]
    if head == "news":
        found = [SITE, RELEASES, f"lang:{language}"]
        for name in ("agency", "region"):
            if query.get(name, "").strip():
                found.append(f"{name}:{query[name].strip()}:{language}")
        if query.get("section", "").strip():
            found.append(section_scope(query["section"], language))
        return found
    if head in SitePage.Slug.values:
        return [SITE]
    return [SITE, RELEASES]


def list_scopes(language, scope_field=None, scope=None, data=None, elsewhere=False):
    """What a list or feed in ``language`` depends on: its agency or region, else the narrowest valid filter (a
    valid agency, region or section), else every release in the language; ``elsewhere``: releases in others."""
    if scope is not None:
        found = [f"{scope_field}:{scope.slug}:{language}"]
    elif data and data.get("agency"):
        found = [f"agency:{data['agency'].slug}:{language}"]
    elif data and data.get("region"):
        found = [f"region:{data['region'].slug}:{language}"]
    elif data and data.get("section"):
        found = [section_scope(data["section"], language)]
    else:
        found = [f"lang:{language}"]
    return [SITE, *found, *([RELEASES] if elsewhere else [])]


def depends_on(request, scopes):
    """Record what the response to ``request`` depends on (by default, every scope its URL names)."""
    request._kzpress_scopes = list(scopes)


def request_versions(request):
    """The versions of the request's scopes, read once per request (ETag, Last-Modified, the cache and the router
    all ask); the cache middleware reads them with the response."""
    if not hasattr(request, "_kzpress_versions"):
        request._kzpress_versions = versions(dependencies(request.path_info, request.GET))
    return request._kzpress_versions


def changed_at(request):
    """Unix time of the last change to what the request's page shows."""
    return max(request_versions(request).values()) / 1000


def etag(request, *args, **kwargs):
    stamp = ",".join(f"{scope}={version}" for scope, version in sorted(request_versions(request).items()))
    return hashlib.sha256(f"{stamp}:{request.get_full_path()}".encode()).hexdigest()[:32]


def last_modified(request, *args, **kwargs):
    return datetime.fromtimestamp(int(changed_at(request)), UTC)


def is_public_read(request):
    """An anonymous GET of a public page: no session cookie, so nothing on the page depends on who asks."""
    return (request.method in ("GET", "HEAD") and not request.path.startswith("/admin/")
            and settings.SESSION_COOKIE_NAME not in request.COOKIES)


class _LocalPages:
    """A small per-process LRU of rendered public pages, in front of the shared cache (no network round trip and
    no unpickling for the pages a process serves most). Entries carry the versions they were made at, checked against
    the shared cache's on every request."""

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
PUBLIC_PREFIXES = frozenset([*(code for code, _ in settings.LANGUAGES), "sitemap.xml", "sitemap-index.xml",
                             "sitemap-releases.xml", "sitemap-listings.xml"])


rendering_files = contextvars.ContextVar("kzpress_rendering_files", default=False)  # the static renderer asks


def page_key(request):
    """The page's key: its host (validated against ALLOWED_HOSTS: a disallowed one raises DisallowedHost, a 400, as
    it would uncached; each host's absolute links stay its own) and full path; the scopes' versions it depends on
    are kept in the entry (``current``)."""
    path = hashlib.sha256(f"{request.get_host()}{request.get_full_path()}".encode()).hexdigest()  # a bounded key
    return f"kzpress:page3:{path}"


def current(entry, versions):
    """Whether a kept ``entry`` is still what its URL shows: none of the scopes it depends on moved."""
    return entry is not None and tuple(versions.get(scope) for scope in entry[0]) == entry[1]


class PublicCacheMiddleware:
    """Answer anonymous GETs of public pages and feeds from the cache before the rest of the stack runs: a 304 when
    the visitor's ETag is current, else the stored response. Stores what ``public`` views marked as shareable,
    as it left the inner middleware (so every header is there), with the versions of the scopes it depends on.
    One cache round trip answers a kept page: the versions and the page come together (only the versions when this
    process holds the page). Place it after the security and CSP middleware (they process cached responses too)
    and before the session middleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (request.method != "GET" or not settings.KZPRESS_PUBLIC_CACHE or not is_public_read(request)
                or rendering_files.get()
                or request.path_info.split("/", 2)[1] not in PUBLIC_PREFIXES):
            return self.get_response(request)
        key = page_key(request)
        scopes = dependencies(request.path_info, request.GET)
        entry = local_pages.get(key)
        found, kept = read(scopes, *(() if entry is not None else (key,)))
        request._kzpress_versions = found
        if entry is not None and not current(entry, found):
            entry = cache.get(key)  # another process may have kept a newer one
        elif entry is None:
            entry = kept[key]
        if entry is not None and current(entry, found):
            local_pages.set(key, entry)
            return self.replay(request, entry)
        response = self.get_response(request)
        if getattr(request, "_kzpress_shareable", False) and response.status_code in (200, 404, 410) \
                and not response.streaming and not response.cookies:
            depends = getattr(request, "_kzpress_scopes", scopes)
            if all(scope in found for scope in depends):  # else a request could not check it: not kept
                entry = (tuple(depends), tuple(found[s] for s in depends), *self.entry(response))
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
        _scopes, _stamp, status, headers, content, packed = entry
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


def keeps_versions():
    """Whether the cache can hold the scopes' versions. Without one (``CACHE_BACKEND=dummy``) every request would
    start versions of its own: validators that change on every request, bought with a query each time."""
    return not isinstance(caches["default"], DummyCache)


def public(view, max_age=60):
    """A public page or feed: for anonymous visitors, ETag and Last-Modified (304 when nothing changed), and the
    response marked for ``PublicCacheMiddleware`` to keep until the next change, and for nginx's micro-cache to keep
    for ``KZPRESS_EDGE_CACHE_SECONDS`` (``X-Accel-Expires``); for logged-in users, rendered fresh and private.
    With no cache to keep the versions in, no validators."""
    validated = condition(etag_func=etag, last_modified_func=last_modified)(view) if keeps_versions() else view
    shared = cache_control(public=True, max_age=max_age)(validated)
    private = cache_control(private=True, no_cache=True)(view)

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_public_read(request):
            return private(request, *args, **kwargs)
        request._kzpress_shareable = True
        response = shared(request, *args, **kwargs)
        if settings.KZPRESS_EDGE_CACHE_SECONDS and response.status_code in (200, 404, 410):
            # nginx (deploy/nginx.conf) may keep this answer for so long, for anonymous visitors only; it
            # caches nothing that does not say so, and never a response that sets a cookie.
            response.headers["X-Accel-Expires"] = str(settings.KZPRESS_EDGE_CACHE_SECONDS)
        return response

    return wrapper

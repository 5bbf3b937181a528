"""The bench's URLs (the site's plus ``/bare/``) with every view the site wraps in ``caching.public`` wrapped
instead in Django's ``cache_page`` (for anonymous reads; logged-in users get the view fresh and private, as with
``public``), with the same ``Cache-Control`` max-age. Used by ``bench/settings_library.py``.

Django's page cache keeps a page until its timeout (``KZPRESS_PUBLIC_CACHE_SECONDS``, 300 s): it has no way to
drop the pages a publish changed, so readers may see a stale page or feed for up to that long."""

from functools import wraps

from django.conf import settings
from django.urls import URLPattern, URLResolver
from django.views.decorators.cache import cache_control, cache_page

from articles.public.caching import is_public_read, public
from bench.urls import urlpatterns as bench_patterns

_PUBLIC_CODE = public(lambda request: None).__code__  # every view ``public`` returns runs this code


def library(view, max_age):
    shared = cache_page(settings.KZPRESS_PUBLIC_CACHE_SECONDS)(cache_control(public=True, max_age=max_age)(view))
    private = cache_control(private=True, no_cache=True)(view)

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        return (shared if is_public_read(request) else private)(request, *args, **kwargs)

    return wrapper


def rewrap(patterns):
    """The patterns with each ``public`` view re-wrapped by ``library`` (in place: resolvers are rebuilt lazily)."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            rewrap(pattern.url_patterns)
        elif isinstance(pattern, URLPattern) and getattr(pattern.callback, "__code__", None) is _PUBLIC_CODE:
            name = pattern.name or ""
            max_age = 3600 if name == "sitemap" else 300 if "feed" in name else 60  # as the site's urls.py
            pattern.callback = library(pattern.callback.__wrapped__, max_age)
    return patterns


urlpatterns = rewrap(list(bench_patterns))

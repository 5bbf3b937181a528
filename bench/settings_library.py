"""Benchmark settings for the library way of caching (``bench/run.py --modes library``): the production settings
without the hand-written response cache (``PublicCacheMiddleware`` out, ``KZPRESS_PUBLIC_CACHE`` off), and instead
Django's own pieces: ``cache_page`` around each public view (``bench/urls_library.py``), ``ConditionalGetMiddleware``
(ETag from the body, 304s) and ``GZipMiddleware`` (compresses every answer), in the places Django's documentation
gives them. The cache is the same (Redis in the bench)."""

from bench.settings import *  # noqa: F403
from bench.settings import MIDDLEWARE

ROOT_URLCONF = "bench.urls_library"
KZPRESS_PUBLIC_CACHE = False
_at = MIDDLEWARE.index("articles.public.caching.PublicCacheMiddleware")
# GZip before anything that reads or changes the body; ConditionalGet after it (so the ETag is of the plain body).
MIDDLEWARE = [*MIDDLEWARE[:_at], "django.middleware.gzip.GZipMiddleware",
              "django.middleware.http.ConditionalGetMiddleware", *MIDDLEWARE[_at + 1:]]

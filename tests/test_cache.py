"""kzpress.cache: Django's Redis backend with one client per connection pool."""

import os
import socket

import pytest

from kzpress.cache import RedisCache

REDIS_URL = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/15"


def redis_is_there():
    host, port = "127.0.0.1", 6379
    try:
        socket.create_connection((host, port), timeout=0.5).close()
        return True
    except OSError:
        return False


pytestmark = pytest.mark.skipif(not redis_is_there(), reason="no Redis on 127.0.0.1:6379")


def test_one_client_serves_every_call_and_values_round_trip():
    cache = RedisCache(REDIS_URL, {"KEY_PREFIX": "kzpress-test-cache"})
    client = cache._cache.get_client("a")
    assert cache._cache.get_client("b") is client and cache._cache.get_client("c", write=True) is client
    cache.set("answer", {"generation": 42}, 30)
    assert cache.get("answer") == {"generation": 42}
    assert cache.add("answer", "other", 30) is False
    cache.delete("answer")
    assert cache.get("answer") is None


def test_a_scope_named_by_a_long_query_value_gets_a_bounded_cache_key():
    """A filter value comes from the query string, of any length: the key of its version stays within memcached's
    250 characters (Django warns beyond), distinct for distinct values, and a scope of normal length keeps its key."""
    import warnings

    from django.core.cache.backends.base import memcache_key_warnings

    from articles.public.caching import version_key

    long_scopes = [f"section:{'word' * 500}{n}:en" for n in range(2)]
    keys = [version_key(scope) for scope in long_scopes]
    assert keys[0] != keys[1]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for key in keys:
            assert list(memcache_key_warnings(f":1:{key}")) == []
    assert version_key("agency:adilet:ru") == "kzpress:v:agency:adilet:ru"

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

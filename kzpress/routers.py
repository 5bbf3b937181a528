"""
Read replica routing: with ``DATABASE_REPLICA_URL`` set, the public site's anonymous reads go to the replica and
everything else (the admin, logged-in users, every write, every read inside a transaction) to the primary.

The replica may lag behind the primary. For ``KZPRESS_REPLICA_LAG`` seconds after a change to what a page shows
(the newest version of its cache scopes) its reads stay on the primary too, so a page rebuilt after a publish
never shows the state from before it, and never goes back into the cache.
"""

import contextvars
import time

from django.conf import settings

_public_read = contextvars.ContextVar("kzpress_public_read", default=False)
REPLICA = "replica"


class PublicReadsToReplica:
    def db_for_read(self, model, **hints):
        return REPLICA if _public_read.get() else None

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the same data on both

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return True  # a physical replica gets its schema from the primary; a test replica gets its own


def replica_for_public_reads(get_response):
    """Middleware: mark anonymous public GETs as replica reads, unless articles changed a moment ago."""
    from articles.public.caching import changed_at, is_public_read

    def middleware(request):
        if REPLICA not in settings.DATABASES or not is_public_read(request):
            return get_response(request)
        if time.time() - changed_at(request) < settings.KZPRESS_REPLICA_LAG:
            return get_response(request)
        token = _public_read.set(True)
        try:
            return get_response(request)
        finally:
            _public_read.reset(token)

    return middleware

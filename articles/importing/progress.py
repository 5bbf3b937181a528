"""Live progress of a running import, for the progress page.

An import writes its data in one transaction, which no other connection sees before it commits; its progress is
therefore kept outside the database, in the ``imports`` cache (Redis when ``REDIS_URL`` is set, so every server
sees it; otherwise files under ``var/``, shared by the processes of one machine).
"""

import time

from django.core.cache import caches

KEY = "kzpress:import-progress:{}"
KEEP_SECONDS = 24 * 3600


def _cache():
    return caches["imports"]


def report(batch_id, items, line, total_lines):
    """``items`` loaded so far, the last at ``line`` of ``total_lines``."""
    key = KEY.format(batch_id)
    started = (_cache().get(key) or {}).get("started") or time.time()
    _cache().set(key, {"items": items, "line": line, "total_lines": total_lines, "started": started,
                       "at": time.time()}, KEEP_SECONDS)


def finish(batch_id):
    _cache().delete(KEY.format(batch_id))


def read(batch_id):
    """{items, fraction, rate (items/s), seconds_left} of a running import, or None."""
    value = _cache().get(KEY.format(batch_id))
    if not value:
        return None
    elapsed = max(value["at"] - value["started"], 0.001)
    fraction = min(value["line"] / max(value["total_lines"], 1), 1.0)
    rate = value["items"] / elapsed
    seconds_left = elapsed * (1 - fraction) / fraction if fraction > 0 else None
    return {"items": value["items"], "fraction": round(fraction, 4), "rate": round(rate, 1),
            "seconds_left": round(seconds_left) if seconds_left is not None else None}

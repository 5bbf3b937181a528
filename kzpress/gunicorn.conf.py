"""gunicorn settings for kzpress: ``gunicorn -c kzpress/gunicorn.conf.py kzpress.wsgi``.

Every value can be overridden from the environment (``GUNICORN_CMD_ARGS`` too). The web processes keep no state
of their own: sessions live in the database, the cache in Redis (``REDIS_URL``), so any number of them can run on
any number of machines behind a load balancer.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "gthread")
threads = int(os.environ.get("GUNICORN_THREADS", 2))
# Recycle workers now and then (a slow leak never grows without bound), not all at once; rarely, since a new
# worker starts with cold caches (every 2,000 requests cost a third of the throughput under load).
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 100_000))
max_requests_jitter = max_requests // 10
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))
graceful_timeout = 20
keepalive = 5
preload_app = True  # import Django once, fork workers sharing its memory
# Trust X-Forwarded-* only from the reverse proxy in front (its address; "*" if only it can reach this port).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None  # empty: no access log
errorlog = "-"
limit_request_line = 8190

"""gunicorn settings for the benchmarks: exactly the production ones (``kzpress/gunicorn.conf.py``: workers from
``-w``/``WEB_CONCURRENCY``, gthread, threads, max_requests, timeouts, preload), with the access log off unless
``GUNICORN_ACCESS_LOG`` names a destination (``-`` or a file).

    DJANGO_SETTINGS_MODULE=bench.settings gunicorn -c bench/gunicorn.conf.py -w 2 -b 127.0.0.1:8001 kzpress.wsgi

bench/run.py and bench/load_test.py start it this way.
"""

import os
import runpy
from pathlib import Path

_production = runpy.run_path(str(Path(__file__).resolve().parents[1] / "kzpress" / "gunicorn.conf.py"))
globals().update({name: value for name, value in _production.items() if not name.startswith("_")})

accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None

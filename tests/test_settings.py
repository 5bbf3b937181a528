"""Settings come from the environment: checked in a fresh interpreter each time."""

import json
import os
import subprocess
import sys

from django.conf import settings

SNIPPET = """
import json
from kzpress import settings as s
db = s.DATABASES["default"]
print(json.dumps({"engine": db["ENGINE"], "name": str(db["NAME"]), "debug": s.DEBUG, "hosts": s.ALLOWED_HOSTS,
                  "ssl": getattr(s, "SECURE_SSL_REDIRECT", None), "options": db.get("OPTIONS", {})}, default=str))
"""


def load_settings(**env):
    clean = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DEBUG", "SECRET_KEY", "ALLOWED_HOSTS"}}
    clean.update(env)
    result = subprocess.run([sys.executable, "-c", SNIPPET], env=clean, cwd=settings.BASE_DIR,
                            capture_output=True, text=True)
    return result


def test_sqlite_file_is_the_default_database():
    out = json.loads(load_settings(DEBUG="1").stdout)
    assert out["engine"] == "django.db.backends.sqlite3"
    assert out["name"].endswith("kzpress.sqlite3")


def test_database_url_selects_postgresql():
    out = json.loads(load_settings(DEBUG="1", DATABASE_URL="postgres://kz@db.example:5433/press").stdout)
    assert out["engine"] == "django.db.backends.postgresql"
    assert out["name"] == "press"


def test_postgresql_statements_are_prepared_by_the_server_unless_turned_off():
    url = "postgres://kz@db.example:5433/press"
    options = json.loads(load_settings(DEBUG="1", DATABASE_URL=url).stdout)["options"]
    assert options["server_side_binding"] is True and options["prepare_threshold"] == 2
    options = json.loads(load_settings(DEBUG="1", DATABASE_URL=url, DATABASE_PREPARED="0").stdout)["options"]
    assert "server_side_binding" not in options and "prepare_threshold" not in options


def test_production_refuses_to_start_without_a_secret_key():
    result = load_settings(DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_production_defaults_are_safe():
    out = json.loads(load_settings(SECRET_KEY="x" * 50, ALLOWED_HOSTS="press.example.kz").stdout)
    assert out["debug"] is False
    assert out["hosts"] == ["press.example.kz"]
    assert out["ssl"] is True

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


def local_env(cwd, **env):
    """The environment ``scripts/serve`` runs the site with (``kz_local_env`` of scripts/lib.sh), run in ``cwd``."""
    lib = settings.BASE_DIR / "scripts" / "lib.sh"
    clean = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS"}} | env
    out = subprocess.run(["bash", "-c", f'. "{lib}" && kz_local_env 127.0.0.1:8123 && env -0'], cwd=cwd, env=clean,
                         capture_output=True, text=True, check=True).stdout
    return dict(line.split("=", 1) for line in out.split("\0") if "=" in line)


def test_the_local_server_runs_without_debug_pages_with_a_secret_kept_in_var(tmp_path):
    env = local_env(tmp_path)
    secret = (tmp_path / "var" / "secret-key").read_text()
    assert env["SECRET_KEY"] == secret and len(secret) == 96
    assert (tmp_path / "var" / "secret-key").stat().st_mode & 0o077 == 0  # readable by its owner only
    assert local_env(tmp_path)["SECRET_KEY"] == secret  # generated once, then kept
    result = load_settings(**{k: env[k] for k in ("SECRET_KEY", "ALLOWED_HOSTS", "SECURE_SSL_REDIRECT")})
    out = json.loads(result.stdout)
    assert out["debug"] is False and out["ssl"] is False  # plain HTTP on this machine
    assert "127.0.0.1" in out["hosts"] and "localhost" in out["hosts"]


def test_the_local_server_keeps_a_secret_given_in_the_environment(tmp_path):
    assert local_env(tmp_path, SECRET_KEY="given")["SECRET_KEY"] == "given"
    assert not (tmp_path / "var").exists()


def test_serve_refuses_unknown_options():
    result = subprocess.run([str(settings.BASE_DIR / "scripts" / "serve"), "--debug"], capture_output=True, text=True)
    assert result.returncode == 2 and "usage" in result.stderr

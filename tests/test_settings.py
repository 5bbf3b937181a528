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
    clean["KZPRESS_ENV_FILE"] = "/nonexistent/.env"  # a developer's own .env plays no part unless a test gives one
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


def test_production_refuses_to_start_in_one_line_that_says_what_to_do():
    clean = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY"}}
    clean["KZPRESS_ENV_FILE"] = "/nonexistent/.env"
    result = subprocess.run([sys.executable, "manage.py", "check"], env=clean, cwd=settings.BASE_DIR,
                            capture_output=True, text=True)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().count("\n") == 0
    assert "SECRET_KEY is not set" in result.stderr and "./scripts/serve" in result.stderr


def test_the_web_server_refuses_to_boot_in_one_line_without_a_secret():
    clean = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY"}}
    clean["KZPRESS_ENV_FILE"] = "/nonexistent/.env"
    result = subprocess.run([sys.executable, "-c", "import kzpress.wsgi"], env=clean, cwd=settings.BASE_DIR,
                            capture_output=True, text=True)
    assert result.returncode == 3  # gunicorn's "worker failed to boot": it stops instead of respawning workers
    assert result.stderr.startswith("kzpress: SECRET_KEY is not set") and result.stderr.count("\n") == 1


def local_env(cwd, **env):
    """The environment ``scripts/serve`` runs the site with (``kz_local_env`` of scripts/lib.sh), run in ``cwd``."""
    lib = settings.BASE_DIR / "scripts" / "lib.sh"
    clean = {k: v for k, v in os.environ.items()
             if k not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "KZPRESS_ENV_FILE"}} | env
    out = subprocess.run(["bash", "-c", f'. "{lib}" && kz_local_env 127.0.0.1:8123 && env -0'], cwd=cwd, env=clean,
                         capture_output=True, text=True, check=True).stdout
    return dict(line.split("=", 1) for line in out.split("\0") if "=" in line)


def read_env_file(path):
    return dict(line.split("=", 1) for line in path.read_text().splitlines() if line and not line.startswith("#"))


def test_the_first_serve_writes_a_local_env_file_with_a_generated_secret(tmp_path):
    local_env(tmp_path)
    written = read_env_file(tmp_path / ".env")
    assert len(written["SECRET_KEY"]) == 96 and written["DEBUG"] == "0"
    assert "127.0.0.1" in written["ALLOWED_HOSTS"] and written["SECURE_SSL_REDIRECT"] == "0"
    assert (tmp_path / ".env").stat().st_mode & 0o077 == 0  # readable by its owner only
    local_env(tmp_path)
    assert read_env_file(tmp_path / ".env") == written  # written once, then kept
    assert not (tmp_path / "var").exists()  # .env is the one place


def test_an_older_servers_secret_moves_into_the_env_file(tmp_path):
    (tmp_path / "var").mkdir()
    (tmp_path / "var" / "secret-key").write_text("k" * 96)
    local_env(tmp_path, DATABASE_URL="postgres://postgres@127.0.0.1:5432/mine")
    written = read_env_file(tmp_path / ".env")
    assert written["SECRET_KEY"] == "k" * 96
    assert written["DATABASE_URL"] == "postgres://postgres@127.0.0.1:5432/mine"  # commands use the served database
    assert not (tmp_path / "var" / "secret-key").exists()


def test_settings_read_the_env_file_and_the_environment_wins(tmp_path):
    local_env(tmp_path)
    out = json.loads(load_settings(KZPRESS_ENV_FILE=str(tmp_path / ".env")).stdout)
    assert out["debug"] is False and out["ssl"] is False  # the served site: no debug pages, plain HTTP
    assert "127.0.0.1" in out["hosts"] and "localhost" in out["hosts"]
    out = json.loads(load_settings(KZPRESS_ENV_FILE=str(tmp_path / ".env"), DEBUG="1").stdout)
    assert out["debug"] is True  # serve --dev


def test_manage_py_commands_run_as_written_with_the_env_file(tmp_path):
    local_env(tmp_path)
    clean = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS"}}
    clean.update(KZPRESS_ENV_FILE=str(tmp_path / ".env"), DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}")
    result = subprocess.run([sys.executable, "manage.py", "help"], env=clean, cwd=settings.BASE_DIR,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "[articles]" in result.stdout and "import_releases" in result.stdout and "ensure_admin" in result.stdout
    result = subprocess.run([sys.executable, "manage.py", "import_releases", "--help"], env=clean,
                            cwd=settings.BASE_DIR, capture_output=True, text=True)
    assert result.returncode == 0 and "--all-or-nothing" in result.stdout, result.stderr


def test_serve_refuses_unknown_options():
    result = subprocess.run([str(settings.BASE_DIR / "scripts" / "serve"), "--debug"], capture_output=True, text=True)
    assert result.returncode == 2 and "usage" in result.stderr

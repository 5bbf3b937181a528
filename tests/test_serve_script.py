"""scripts/serve as a newcomer runs it: a busy address is said at once, in one line, before any work; a missing
PostgreSQL database is created (``manage.py ensure_database``) or said how to create it."""

import os
import socket
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import connection

SERVE = settings.BASE_DIR / "scripts" / "serve"


def clean_env(tmp_path, **env):
    drop = {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "KZPRESS_ADDR", "KZPRESS_ENV_FILE"}
    return {k: v for k, v in os.environ.items() if k not in drop} | {
        "KZPRESS_ENV_FILE": str(tmp_path / ".env"), "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"} | env


def test_a_busy_address_is_said_in_one_line_before_any_work(tmp_path):
    with socket.create_server(("127.0.0.1", 0)) as busy:
        port = busy.getsockname()[1]
        result = subprocess.run([str(SERVE)], env=clean_env(tmp_path, KZPRESS_ADDR=f"127.0.0.1:{port}"),
                                capture_output=True, text=True, timeout=300)
    assert result.returncode == 1
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert lines == [f"127.0.0.1:{port} is not free (Address already in use): stop what listens there, or serve "
                     "elsewhere with KZPRESS_ADDR=127.0.0.1:8001 ./scripts/serve"]
    assert not (tmp_path / "db.sqlite3").exists()  # nothing migrated, nothing imported
    assert not (tmp_path / ".env").exists()


def test_an_address_that_is_not_one_is_said_in_one_line(tmp_path):
    result = subprocess.run([str(SERVE)], env=clean_env(tmp_path, KZPRESS_ADDR="localhost"), capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 1
    assert result.stderr.strip().endswith("KZPRESS_ADDR=localhost is not an address: write HOST:PORT, e.g. "
                                          "KZPRESS_ADDR=127.0.0.1:8001")


def ensure_database(url):
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL"}} | {
        "DATABASE_URL": url, "DEBUG": "1", "KZPRESS_ENV_FILE": "/nonexistent/.env"}
    return subprocess.run([sys.executable, "manage.py", "ensure_database"], env=env, cwd=settings.BASE_DIR,
                          capture_output=True, text=True, timeout=120)


@pytest.mark.django_db
def test_a_missing_postgresql_database_is_created(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL)")
    params = connection.settings_dict
    name = f"{params['NAME']}_created"
    url = f"postgres://{params['USER']}@{params['HOST'] or '127.0.0.1'}:{params['PORT'] or 5432}/{name}"
    with connection._nodb_cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {connection.ops.quote_name(name)}")
    try:
        result = ensure_database(url)
        assert result.returncode == 0, result.stderr
        assert f"Created the PostgreSQL database '{name}'." in result.stdout
        assert ensure_database(url).stdout == ""  # there now: nothing to do
    finally:
        with connection._nodb_cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {connection.ops.quote_name(name)}")


def test_an_unreachable_postgresql_server_is_said_in_one_line():
    with socket.create_server(("127.0.0.1", 0)) as closed:
        port = closed.getsockname()[1]
    result = ensure_database(f"postgres://nobody@127.0.0.1:{port}/nothing")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().startswith("CommandError: cannot reach PostgreSQL for database 'nothing'")


def test_sqlite_needs_nothing(tmp_path):
    result = ensure_database(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    assert result.returncode == 0 and result.stdout == ""

"""Imports in separate processes against the test database: two at once make no duplicates, a killed one leaves the
database as it was. PostgreSQL only (SQLite has one writer at a time by design, and the default run has one process).
"""

import json
import os
import signal
import subprocess
import sys
import time

import pytest
from django.conf import settings
from django.db import connection

from articles.importing.formats import export_queryset, export_record
from articles.importing.loading import IMPORT_LOCK
from articles.models import Article, ArticleTranslation
from bench.import_bench import generate_dump

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not os.environ.get("DATABASE_URL", "").startswith("postgres"),
                       reason="needs PostgreSQL (set DATABASE_URL)"),
]
SAMPLE = settings.BASE_DIR / "samples" / "govkz-law-2025-02-09.txt"


def start_import(path, *options):
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    env = {**os.environ, "DATABASE_URL": url, "DEBUG": "0", "SECRET_KEY": "test", "ALLOWED_HOSTS": "localhost"}
    return subprocess.Popen([sys.executable, "manage.py", "import_releases", str(path), "--json", *options],
                            cwd=settings.BASE_DIR, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def snapshot():
    return [export_record(article) for article in export_queryset()]


def import_lock_holders():
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted "
                       "AND ((classid::bigint << 32) | objid::bigint) = %s", [IMPORT_LOCK])
        return cursor.fetchone()[0]


def test_two_imports_of_the_same_file_at_once_make_no_duplicates(tmp_path):
    dump = tmp_path / "releases.txt"
    generate_dump(dump, 1500)
    first, second = start_import(dump, "--publish"), start_import(dump, "--publish")
    results = []
    for process in (first, second):
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
        results.append(json.loads(out))
    assert sorted(r["created"] for r in results) == [0, 1500]  # one stored everything, the other found it stored
    assert sorted(r["unchanged"] for r in results) == [0, 1500]
    assert Article.objects.count() == 1500
    assert Article.objects.values("source_url").distinct().count() == 1500
    assert ArticleTranslation.objects.count() == 1500


def test_the_database_refuses_a_second_article_for_a_source_even_without_the_lock():
    from django.db import IntegrityError

    from tests.factories import ArticleFactory

    article = ArticleFactory()
    with pytest.raises(IntegrityError):
        ArticleFactory(source_url=article.source_url, agency=article.agency)


def test_a_killed_import_leaves_the_database_as_it_was(tmp_path):
    assert start_import(SAMPLE, "--publish").wait(timeout=60) == 0
    version = ArticleTranslation.objects.filter(language="en").order_by("pk").first()
    version.title = "Corrected by an editor"
    version.save()
    before, count = snapshot(), Article.objects.count()

    dump = tmp_path / "large.txt"
    generate_dump(dump, 30000)
    process = start_import(dump, "--publish")
    deadline = time.monotonic() + 30
    while not import_lock_holders():  # the import has begun its transaction
        assert process.poll() is None and time.monotonic() < deadline, process.stderr.read()
        time.sleep(0.05)
    time.sleep(1.5)  # several batches written inside that transaction
    assert process.poll() is None, "the import ended before it could be killed; give it a larger file"
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)

    assert Article.objects.count() == count
    assert snapshot() == before
    deadline = time.monotonic() + 10
    while import_lock_holders() and time.monotonic() < deadline:  # the server notices the dead connection
        time.sleep(0.05)
    assert import_lock_holders() == 0
    again = start_import(SAMPLE)
    out, err = again.communicate(timeout=60)
    assert again.returncode == 0, err
    assert json.loads(out)["unchanged"] == count  # the next import runs, and finds the stored data intact

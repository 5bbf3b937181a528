"""articles.prepared: querysets compiled once, run with each call's values."""

import datetime
from unittest import mock

import pytest
import time_machine
from django.db import connection, models
from django.db.models.sql.compiler import SQLCompiler
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import LiveVersion
from articles.prepared import Prepared, Slot
from articles.public.feeds import ITEMS
from articles.public.paging import newest
from articles.public.views import RELEASE_VERSIONS

pytestmark = pytest.mark.django_db


def release_versions():
    return Prepared(lambda: LiveVersion.objects.reachable(now=Slot.now())
                    .filter(article_id=Slot("article", models.IntegerField())).for_display().order_by("language"))


def plain(article_id):
    return list(LiveVersion.objects.reachable().filter(article_id=article_id).for_display().order_by("language"))


def described(versions):
    """What a page reads of each version, the related rows included."""
    return [(v.pk, v.language, v.title, v.body, v.article.status, v.article.agency.slug,
             v.article.region.slug if v.article.region else None) for v in versions]


def test_the_same_rows_and_related_objects_as_the_queryset_for_every_value(make_article):
    articles = [make_article(status="published", versions={"en": f"Release {n}", "ru": f"Релиз {n}"})
                for n in range(3)]
    prepared = release_versions()
    for article in articles:
        with CaptureQueriesContext(connection) as queries:
            found = prepared(article=article.pk)
            described(found)  # article, agency and region came with the versions: no query more
        assert len(queries) == 1
        assert described(found) == described(plain(article.pk))
        assert [v.language for v in found] == ["en", "ru"]
    assert prepared(article=max(a.pk for a in articles) + 1) == []


def test_compiled_once_then_only_the_values_change(make_article, settings):
    first, second = (make_article(status="published", versions={"en": f"Release {n}"}) for n in range(2))
    prepared = release_versions()
    with mock.patch.object(SQLCompiler, "as_sql", autospec=True, side_effect=SQLCompiler.as_sql) as compiled:
        assert described(prepared(article=first.pk)) == described(plain(first.pk))
        assert compiled.call_count == 2  # the prepared query once, the plain queryset once
        assert described(prepared(article=second.pk)) == described(plain(second.pk))
        assert compiled.call_count == 3  # only the plain queryset again

        settings.KZPRESS_PREPARED_QUERIES = False  # the benchmark's comparison: compiled on every call
        fresh = release_versions()
        for article in (first, second):
            assert described(fresh(article=article.pk)) == described(plain(article.pk))
        assert compiled.call_count == 7


def test_now_is_the_time_of_each_call_not_of_the_compilation(make_article):
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        release = make_article(status="scheduled", publish_at=start + datetime.timedelta(minutes=5),
                               versions={"en": "Scheduled"})
        assert RELEASE_VERSIONS(article=release.pk) == []  # compiled now, before its time
        clock.shift(datetime.timedelta(minutes=6))
        assert [v.title for v in RELEASE_VERSIONS(article=release.pk)] == ["Scheduled"]
        assert RELEASE_VERSIONS(article=release.pk, now=start) == []  # or at a time given


def test_feed_rows_keep_to_their_language_and_scope(make_article, agency):
    ours = make_article(status="published", agency=agency, versions={"en": "Ours", "kk": "Біздікі"})
    make_article(status="published", versions={"en": "Theirs"})
    everything = newest("display", None, 0, ITEMS + 1)(language="en")
    assert {v.title for v in everything} >= {"Ours", "Theirs"}
    of_agency = newest("display", "agency", 0, ITEMS + 1)
    assert [v.title for v in of_agency(language="en", scope=agency.pk)] == ["Ours"]
    assert [v.article_id for v in of_agency(language="kk", scope=agency.pk)] == [ours.pk]


def test_a_missing_value_is_named():
    with pytest.raises(TypeError, match="'article'"):
        release_versions()()


def test_a_migration_makes_every_prepared_query_compile_again(make_article):
    from django.core.management.sql import emit_post_migrate_signal

    article = make_article(status="published", versions={"en": "Compiled"})
    RELEASE_VERSIONS(article=article.pk)
    assert RELEASE_VERSIONS._compiled
    emit_post_migrate_signal(0, False, "default")  # what migrate sends at its end
    assert not RELEASE_VERSIONS._compiled
    assert [v.title for v in RELEASE_VERSIONS(article=article.pk)] == ["Compiled"]

import datetime
import os

import pytest

from tests.factories import AgencyFactory, ArticleFactory, TranslationFactory


def pytest_addoption(parser):
    parser.addoption(
        "--clock", default=None, metavar="ISO-INSTANT",
        help="Run the whole suite with the clock started at this instant (e.g. 2026-12-02T18:59:00Z): "
             "proves no test depends on the hour it runs at. Also read from KZPRESS_TEST_CLOCK.",
    )


@pytest.fixture(autouse=True)
def _clock(request):
    """With --clock (or KZPRESS_TEST_CLOCK), every test runs with the wall clock moved to that instant."""
    instant = request.config.getoption("--clock") or os.environ.get("KZPRESS_TEST_CLOCK")
    if not instant:
        yield
        return
    import time_machine

    with time_machine.travel(datetime.datetime.fromisoformat(instant.replace("Z", "+00:00")), tick=True):
        yield


@pytest.fixture
def agency(db):
    return AgencyFactory()


@pytest.fixture
def make_article(db):
    """Create an article with versions: make_article(en="Title", ru=None, status=...)."""

    def make(versions=None, **fields):
        article = ArticleFactory(**fields)
        for language, title in (versions or {article.original_language: None}).items():
            extra = {"title": title} if title else {}
            TranslationFactory(article=article, language=language, **extra)
        return article

    return make


@pytest.fixture(autouse=True)
def clear_cache():
    """Each test starts with an empty cache (its database changes are rolled back, never committed)."""
    from django.core.cache import cache

    from articles.public.caching import local_pages

    cache.clear()
    local_pages.clear()


@pytest.fixture
def staff(db):
    """staff(role, *agencies) → a logged-in-able user; see tests.factories.StaffFactory."""
    from tests.factories import StaffFactory

    def make(role, *agencies, **fields):
        from django.contrib.auth.models import Group

        from articles.editorial.access import sync_groups

        if not Group.objects.exists():  # a transactional test before this one flushed the migration's groups
            sync_groups()
        return StaffFactory(role=role, agencies=agencies, **fields)

    return make

import pytest

from tests.factories import AgencyFactory, ArticleFactory, TranslationFactory


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

    from articles.caching import local_pages

    cache.clear()
    local_pages.clear()


@pytest.fixture
def staff(db):
    """staff(role, *agencies) → a logged-in-able user; see tests.factories.StaffFactory."""
    from tests.factories import StaffFactory

    def make(role, *agencies, **fields):
        from django.contrib.auth.models import Group

        from articles.access import sync_groups

        if not Group.objects.exists():  # a transactional test before this one flushed the migration's groups
            sync_groups()
        return StaffFactory(role=role, agencies=agencies, **fields)

    return make

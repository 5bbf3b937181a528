"""The read-replica router, against two real databases (set DATABASE_REPLICA_URL; .ci/run does, on PostgreSQL).

Nothing replicates between the two test databases, so a row that differs between them shows where a read went.
"""

import pytest
from django.conf import settings
from django.db import router

from articles.models import Agency, Article, ArticleTranslation, LiveVersion, Region

pytestmark = [
    pytest.mark.django_db(databases=["default", "replica"]),
    pytest.mark.skipif("replica" not in settings.DATABASES, reason="no replica configured (DATABASE_REPLICA_URL)"),
]


@pytest.fixture
def copied(make_article):
    """A published article on the primary, and the same article on the replica with another title."""
    article = make_article(versions={"en": "Primary title"}, status="published")
    for obj in (article.agency.region, article.agency, article, *article.translations.all(),
                *article.live_versions.all()):
        if obj is not None:
            obj.save(using="replica")
    LiveVersion.objects.using("replica").filter(article=article).update(title="Replica title")
    return article


def title_on_page(client, article, **extra):
    page = client.get(f"/en/news/{article.pk}/", follow=True, **extra).content.decode()
    return "Replica title" if "Replica title" in page else "Primary title" if "Primary title" in page else None


def test_anonymous_public_reads_go_to_the_replica(client, copied, settings):
    settings.KZPRESS_REPLICA_LAG = 0
    assert title_on_page(client, copied) == "Replica title"
    assert client.get("/en/news/feed/rss/").content.decode().count("Replica title") == 1


def test_logged_in_users_and_the_admin_read_the_primary(admin_client, copied, settings):
    settings.KZPRESS_REPLICA_LAG = 0
    assert title_on_page(admin_client, copied) == "Primary title"
    page = admin_client.get(f"/admin/articles/article/{copied.pk}/change/").content.decode()
    assert "Primary title" in page and "Replica title" not in page


def test_right_after_a_change_public_reads_stay_on_the_primary(client, copied, settings):
    settings.KZPRESS_REPLICA_LAG = 60  # the generation was just started: articles "changed" a moment ago
    assert title_on_page(client, copied) == "Primary title"


def test_writes_always_go_to_the_primary():
    for model in (Article, ArticleTranslation, Agency, Region):
        assert router.db_for_write(model) == "default"
    assert router.db_for_read(Article) == "default"  # outside a public request


def test_data_migrations_write_to_the_database_they_migrate():
    """Each database gets its own shipped agencies, glossary, footer pages and editorial groups (a data migration
    that read or wrote through the router would fill the primary twice and leave the replica empty or failing)."""
    from django.contrib.auth.models import Group

    from articles.models import SitePage, Term

    for model in (Region, Agency, Term, SitePage, Group):
        on_primary = model.objects.using("default").count()
        assert on_primary > 0
        assert model.objects.using("replica").count() == on_primary, model.__name__
    assert set(Group.objects.using("replica").values_list("name", "permissions__codename")) == set(
        Group.objects.using("default").values_list("name", "permissions__codename"))

import pytest

from articles.models import Article

pytestmark = pytest.mark.django_db


def test_sitemap_lists_public_versions_in_every_language_and_nothing_else(client, make_article):
    public = make_article(versions={"en": "Public release", "ru": "Публичный релиз"}, status=Article.Status.PUBLISHED)
    draft = make_article(versions={"en": "Draft release"})
    xml = client.get("/sitemap.xml").content.decode()
    for version in public.translations.all():
        assert version.get_absolute_url() in xml
    assert draft.translations.get().get_absolute_url() not in xml
    for code in ("kk", "ru", "en"):
        assert f"/{code}/news/</loc>" in xml


def test_robots_txt_points_to_the_sitemap_and_keeps_crawlers_out_of_the_admin(client):
    text = client.get("/robots.txt").content.decode()
    assert "Disallow: /admin/" in text and "/sitemap.xml" in text

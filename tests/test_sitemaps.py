import pytest
from django.utils import timezone

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


def test_the_sitemap_index_reaches_every_public_release_however_many(client, make_article, monkeypatch):
    """``/sitemap.xml`` holds the newest ``limit`` versions only; the index names every page of every section, so
    crawlers reach the older releases too."""
    import re

    from articles.public.sitemaps import ReleaseSitemap

    monkeypatch.setattr(ReleaseSitemap, "limit", 2)
    releases = [make_article(versions={"en": f"Release {n}"}, status=Article.Status.PUBLISHED) for n in range(5)]
    draft = make_article(versions={"en": "Draft release"})
    index = client.get("/sitemap-index.xml")
    assert index.status_code == 200 and index["Content-Type"].startswith("application/xml")
    pages = re.findall(r"<loc>http://testserver(/sitemap-[^<]+)</loc>", index.content.decode())
    assert pages == ["/sitemap-releases.xml", "/sitemap-releases.xml?p=2", "/sitemap-releases.xml?p=3",
                     "/sitemap-listings.xml"]
    listed = "".join(client.get(page.replace("&amp;", "&")).content.decode() for page in pages)
    for article in releases:
        assert article.translations.get().get_absolute_url() in listed
    assert draft.translations.get().get_absolute_url() not in listed
    assert releases[0].translations.get().get_absolute_url() not in client.get("/sitemap.xml").content.decode()
    assert "/sitemap-index.xml" in client.get("/robots.txt").content.decode()


def test_the_index_reads_the_newest_change_and_the_count_once(client, make_article, django_assert_max_num_queries):
    """Django's index reads every item for its lastmod (32 s at a million releases) and each page counts them all
    again: one aggregate for both per public change instead."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from articles.models import LiveVersion

    for n in range(3):
        make_article(versions={"en": f"Release {n}"}, status=Article.Status.PUBLISHED)
    make_article(versions={"en": "Draft release"})
    latest = LiveVersion.objects.public().order_by("-modified_at").first().modified_at
    with CaptureQueriesContext(connection) as queries:
        for path in ("/sitemap.xml", "/sitemap-index.xml", "/sitemap-releases.xml"):
            assert client.get(path).status_code == 200
    totals = [q["sql"].upper() for q in queries.captured_queries if "COUNT(" in q["sql"].upper()
              or "MAX(" in q["sql"].upper()]
    assert len(totals) == 1 and "MAX(" in totals[0] and "COUNT(" in totals[0]  # one pass over them for both
    index = client.get("/sitemap-index.xml").content.decode()
    assert f"<lastmod>{timezone.localtime(latest).date().isoformat()}" in index  # its date in Almaty

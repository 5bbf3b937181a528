"""Feeds as a feed reader sees them: valid, only public versions of the feed's language, stable GUIDs, cheap polling."""

from pathlib import Path

import feedparser
import pytest

from articles.editorial.workflow import transition
from articles.importing.formats import dump_rows, release_from_row
from articles.importing.loading import load_releases
from articles.models import Article, ArticleTranslation, LiveVersion

pytestmark = pytest.mark.django_db

SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "govkz-law-2025-02-09.txt"
KINDS = {"rss": "feed/rss/", "atom": "feed/atom/"}


@pytest.fixture
def sample():
    with SAMPLE.open(encoding="utf-8") as handle:
        load_releases([release_from_row(row, row["line"]) for row in dump_rows(handle)], publish=True)


def read(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


@pytest.mark.parametrize("kind", KINDS)
def test_sample_feed_holds_the_published_items_in_date_order(client, sample, kind):
    feed = read(client, f"/en/news/{KINDS[kind]}")
    public = LiveVersion.objects.public("en")
    assert {e.title for e in feed.entries} == set(public.values_list("title", flat=True))
    assert len(feed.entries) == 9
    assert "Gender equality issues remain relevant" not in {e.title for e in feed.entries}
    dates = [e.published_parsed for e in feed.entries]
    assert dates == sorted(dates, reverse=True)
    assert feed.feed.language == "en"
    entry = next(e for e in feed.entries if e.title.startswith("Digital bailiff"))
    assert {t.term for t in entry.tags} >= {"Ministry of Justice of the Republic of Kazakhstan", "Law"}
    assert entry.author == "Ministry of Justice of the Republic of Kazakhstan"
    assert entry.id == "https://www.gov.kz/memleket/entities/adilet/press/news/details/931102#en"
    assert entry.link.endswith(Article.objects.get(news_id="931102").translations.get().get_absolute_url())


def test_json_feed(client, sample):
    data = client.get("/en/news/feed.json").json()
    assert data["version"] == "https://jsonfeed.org/version/1.1"
    assert len(data["items"]) == 9 and data["language"] == "en"


def test_other_languages_and_drafts_never_appear(client, make_article):
    make_article(versions={"ru": "Русский релиз"}, status=Article.Status.PUBLISHED, original_language="ru")
    make_article(versions={"en": "Draft release"})
    assert read(client, "/en/news/feed/rss/").entries == []
    assert [e.title for e in read(client, "/ru/news/feed/rss/").entries] == ["Русский релиз"]


def test_agency_region_and_filter_feeds(client, sample):
    assert {e.author for e in read(client, "/en/agencies/enbek/feed/atom/").entries} == {
        "Ministry of Labour and Social Protection of the Population of the Republic of Kazakhstan"}
    assert len(read(client, "/en/regions/abay/feed/rss/").entries) == 2
    filtered = read(client, "/en/news/feed/rss/?q=digital&agency=adilet")
    assert [e.title for e in filtered.entries] == ["Digital bailiff presented at the Digital Almaty 2025 forum"]
    assert "adilet" in filtered.feed.title or "Justice" in filtered.feed.title
    assert client.get("/en/agencies/no-such/feed/rss/").status_code == 404


def test_guid_is_stable_across_edits_and_reimport(client, sample, admin_user):
    before = {e.title: e.id for e in read(client, "/en/news/feed/rss/").entries}
    version = ArticleTranslation.objects.get(article__news_id="931102")
    version.title = "Digital bailiff presented in Almaty"
    version.save()
    with SAMPLE.open(encoding="utf-8") as handle:
        load_releases([release_from_row(row, row["line"]) for row in dump_rows(handle)])
    after = {e.id for e in read(client, "/en/news/feed/rss/").entries}
    assert set(before.values()) == after


def test_hostile_titles_and_bodies_are_escaped(client, make_article):
    article = make_article(versions={"en": "<script>alert(1)</script> & <b>bold</b>"}, status=Article.Status.PUBLISHED)
    article.translations.update(body="<img src=x onerror=alert(1)> & ]]> end")
    for url in ("/en/news/feed/rss/", "/en/news/feed/atom/"):
        entry = read(client, url).entries[0]
        assert entry.title == "<script>alert(1)</script> & <b>bold</b>"
        assert "<img" not in entry.content[0].value  # shown as text, never as markup
    assert "<script>" not in client.get("/en/news/feed.json").json()["items"][0]["content_html"]


def test_conditional_get_200_then_304_then_200_after_a_publish(client, make_article,
                                                              django_capture_on_commit_callbacks):
    make_article(versions={"en": "First"}, status=Article.Status.PUBLISHED)
    first = client.get("/en/news/feed/rss/")
    assert first.status_code == 200 and first["ETag"] and first["Last-Modified"]
    assert "max-age=300" in first["Cache-Control"]
    again = client.get("/en/news/feed/rss/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    draft = make_article(versions={"en": "Second"})
    with django_capture_on_commit_callbacks(execute=True):
        transition(draft, "publish")
    after = client.get("/en/news/feed/rss/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert after.status_code == 200
    assert "Second" in after.content.decode()


def test_list_and_article_pages_advertise_their_feeds(client, make_article):
    article = make_article(versions={"en": "Advertised"}, status=Article.Status.PUBLISHED)
    listing = client.get("/en/news/?section=Law").content.decode()
    rss = ('<link rel="alternate" type="application/rss+xml" title="Law — press releases in English (RSS)" '
           'href="/en/news/feed/rss/?section=Law">')
    assert rss in listing
    page = client.get(article.translations.get().get_absolute_url()).content.decode()
    assert f'href="/en/agencies/{article.agency.slug}/feed/atom/"' in page


@pytest.mark.parametrize("count", [2, 40])
@pytest.mark.parametrize("url", ["/en/news/feed/rss/", "/en/news/feed/atom/", "/en/news/feed.json"])
def test_feed_queries_do_not_grow_with_its_items(client, make_article, django_assert_num_queries, url, count):
    for n in range(count):
        make_article(versions={"en": f"Item {n}"}, status=Article.Status.PUBLISHED)
    with django_assert_num_queries(2):  # next scheduled time (for the ETag), the items with agency and region
        response = client.get(url)
    assert response.content.decode().count("Item ") >= count
    with django_assert_num_queries(0):  # a revalidation from the cache
        assert client.get(url, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304

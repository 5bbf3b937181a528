"""Feeds as a feed reader sees them: valid, only public versions of the feed's language, stable GUIDs, cheap polling."""

import calendar
import datetime
import html
import io
import re
from zoneinfo import ZoneInfo

import feedparser
import pytest
from django.utils import timezone
from hypothesis import given
from hypothesis import settings as hyp_settings
from hypothesis import strategies as st

from articles.editorial.workflow import transition
from articles.models import Article, ArticleTranslation, LiveVersion, Region
from tests.factories import AgencyFactory, import_sample

pytestmark = pytest.mark.django_db

KINDS = {"rss": "feed/rss/", "atom": "feed/atom/"}


@pytest.fixture
def sample():
    import_sample(publish=True)


def read(client, url):
    """The feed at ``url`` as feedparser reads it (JSON Feed, which feedparser 6.0 does not read: checked against
    the JSON Feed 1.1 requirements and shaped like feedparser's result)."""
    response = client.get(url)
    assert response.status_code == 200, url
    if response["Content-Type"].startswith("application/feed+json"):
        return read_json_feed(response.json())
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


def read_json_feed(data):
    assert data["version"] == "https://jsonfeed.org/version/1.1" and data["title"]
    for item in data["items"]:
        assert isinstance(item["id"], str) and (item.get("content_html") or item.get("content_text"))
        for name in ("date_published", "date_modified"):
            datetime.datetime.fromisoformat(item[name])  # RFC 3339
    return feedparser.FeedParserDict(
        feed=feedparser.FeedParserDict(title=data["title"], language=data["language"]),
        entries=[feedparser.FeedParserDict(title=item["title"], id=item["id"]) for item in data["items"]])


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
    import_sample()
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


LINK = re.compile(r'<link rel="alternate" type="(application/[a-z+]+)" title="([^"]+)" href="([^"]+)">')
FORMATS = {"application/rss+xml": "RSS", "application/atom+xml": "Atom", "application/feed+json": "JSON Feed"}


@pytest.fixture
def trilingual(make_article):
    akimat = AgencyFactory(slug="test-akimat", kind="akimat", region=Region.objects.get(slug="turkestan"),
                           name_en="Akimat of Turkestan Region", name_ru="Акимат Туркестанской области",
                           name_kk="Түркістан облысының әкімдігі")
    return make_article(versions={"en": "Roads cleared", "ru": "Дороги очищены", "kk": "Жолдар тазартылды"},
                        agency=akimat, status=Article.Status.PUBLISHED, section="Regions")


@pytest.mark.parametrize(("lang", "what"), [("en", "press releases in English"),
                                            ("ru", "пресс-релизы на русском языке"),
                                            ("kk", "қазақ тіліндегі баспасөз хабарламалары")])
def test_every_page_advertises_feeds_that_name_what_they_hold(client, trilingual, lang, what):
    """Each listing and the release page advertise feeds whose titles say what they hold and in which language;
    every advertised feed parses cleanly and calls itself what the page called it."""
    pages = ["/", "/news/", "/agencies/test-akimat/", "/regions/turkestan/", "/news/?section=Regions",
             "/news/?q=roads&agency=test-akimat"]
    release = trilingual.translations.get(language=lang).get_absolute_url()
    for path in [f"/{lang}{p}" for p in pages] + [release]:
        links = LINK.findall(client.get(path).content.decode())
        titles = [title for _mime, title, _href in links]
        assert len(links) == (6 if path == release else 3) and len(set(titles)) == len(titles), (path, titles)
        for mime, title, href in links:
            assert what in title and title.endswith(f" ({FORMATS[mime]})"), title
            feed = read(client, html.unescape(href))
            assert feed.feed.title == title.removesuffix(f" ({FORMATS[mime]})")
            assert feed.feed.language == lang
    agency_feed = next(t for _m, t, h in LINK.findall(client.get(release).content.decode()) if "agencies" in h)
    assert agency_feed.startswith(trilingual.agency.name(lang) + " — ")


def test_a_feed_title_names_the_agency_the_section_and_the_language(client, trilingual):
    assert read(client, "/en/agencies/test-akimat/feed/rss/").feed.title == \
        "Akimat of Turkestan Region — press releases in English"
    assert read(client, "/ru/news/feed/atom/?section=Regions").feed.title == \
        "Регионы — пресс-релизы на русском языке"
    assert read(client, "/kk/news/feed/rss/").feed.title == \
        "Барлық мемлекеттік органдар — қазақ тіліндегі баспасөз хабарламалары"


def test_published_is_the_govkz_time_and_updated_moves_only_with_a_major_change(client, make_article, staff,
                                                                                django_capture_on_commit_callbacks):
    """A publisher approves a translator's correction as a major change: the entry keeps its publication time and
    its updated time moves to the change."""
    from articles.editorial.access import PUBLISHER, TRANSLATOR
    from articles.editorial.desk import APPROVE, SAVE, save_version

    at = datetime.datetime(2025, 2, 9, 14, 30, tzinfo=ZoneInfo("Asia/Almaty"))
    article = make_article(versions={"en": "Budget adopted"}, status=Article.Status.PUBLISHED, published_at=at)
    LiveVersion.objects.filter(article=article).update(updated_at=at, first_published_at=at)
    for url in ("/en/news/feed/atom/", "/en/news/feed/rss/"):
        entry = read(client, url).entries[0]
        assert calendar.timegm(entry.published_parsed) == at.timestamp()
    translator, publisher = staff(TRANSLATOR, article.agency), staff(PUBLISHER, article.agency)
    version = article.translations.get()
    save_version(article, "en", title="Budget adopted for 2025", lead="", body=version.body, action=SAVE,
                 user=translator)
    before = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        save_version(article, "en", title="Budget adopted for 2025", lead="", body=version.body, action=APPROVE,
                     user=publisher, major=True, change_note="The year was missing from the title.")
    entry = read(client, "/en/news/feed/atom/").entries[0]
    assert entry.title == "Budget adopted for 2025"
    assert calendar.timegm(entry.published_parsed) == at.timestamp()  # the release's gov.kz time, unchanged
    assert calendar.timegm(entry.updated_parsed) >= int(before.timestamp())  # the major change
    assert "The year was missing from the title." in entry.content[0].value
    item = client.get("/en/news/feed.json").json()["items"][0]
    assert datetime.datetime.fromisoformat(item["date_published"]) == at
    assert datetime.datetime.fromisoformat(item["date_modified"]) >= before.replace(microsecond=0)


def test_a_release_dated_by_day_only_is_published_at_midnight_in_almaty():
    from articles.importing.formats import release_from_row

    row = {"source_url": "https://www.gov.kz/memleket/entities/adilet/press/news/details/1", "agency": "adilet",
           "published": "2025-02-09", "language": "en", "title": "A release", "body": "Text."}
    release = release_from_row(row, 2)
    assert release.published_at == datetime.datetime(2025, 2, 9, tzinfo=ZoneInfo("Asia/Almaty"))


@pytest.mark.parametrize("kind", ["rss", "atom", "json"])
def test_paging_reaches_past_the_newest_fifty(client, make_article, kind):
    """RFC 5005 paging: page 1 links to page 2, which holds the next fifty (older) items and links back."""
    now = timezone.now()
    for n in range(60):
        make_article(versions={"en": f"Item {n}"}, status=Article.Status.PUBLISHED,
                     published_at=now - datetime.timedelta(hours=n))
    url = {"rss": "/en/news/feed/rss/?section=Law", "atom": "/en/news/feed/atom/?section=Law",
           "json": "/en/news/feed.json?section=Law"}[kind]
    if kind == "json":
        first = client.get(url).json()
        assert [i["title"] for i in first["items"]] == [f"Item {n}" for n in range(50)]
        second = client.get(first["next_url"]).json()
        assert [i["title"] for i in second["items"]] == [f"Item {n}" for n in range(50, 60)]
        assert "next_url" not in second
        return
    first = read(client, url)
    links = {link.rel: link.href for link in first.feed.links}
    assert [e.title for e in first.entries] == [f"Item {n}" for n in range(50)]
    assert links["next"] == "http://testserver/en/news/feed/" + url.split("/feed/")[1].split("?")[0] + \
        "?section=Law&page=2"
    second = read(client, links["next"])
    assert [e.title for e in second.entries] == [f"Item {n}" for n in range(50, 60)]
    second_links = {link.rel: link.href for link in second.feed.links}
    assert "next" not in second_links and second_links["previous"] == links["first"]
    assert client.get(url + "&page=0").status_code == 404 and client.get(url + "&page=x").status_code == 404


TEXT = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=40)


@hyp_settings(max_examples=300, deadline=None)
@given(name=st.sampled_from(["title", "link", "atom:link", "category"]), contents=st.none() | TEXT,
       attrs=st.none() | st.dictionaries(st.sampled_from(["rel", "href", "type", "xml:lang"]), TEXT, max_size=3))
def test_the_feed_writer_writes_what_djangos_does(name, contents, attrs):
    """``XMLWriter.addQuickElement`` writes an element in one string: byte for byte Django's writer, control
    characters refused alike."""
    from django.utils.xmlutils import SimplerXMLGenerator, UnserializableContentError

    from articles.public.feeds import XMLWriter

    results = []
    for writer_class in (SimplerXMLGenerator, XMLWriter):
        out = io.StringIO()
        writer = writer_class(out, "utf-8", short_empty_elements=True)
        writer.startElement("item", {})  # pending: the next element closes its start tag
        try:
            writer.addQuickElement(name, contents, attrs)
            writer.addQuickElement("guid", "after")
        except UnserializableContentError:
            results.append("refused")
            continue
        writer.endElement("item")
        results.append(out.getvalue())
    assert results[0] == results[1]


def test_a_feed_items_paragraphs_are_escaped_one_by_one(make_article, client):
    article = make_article(status="published", versions={"en": "Escaping"})
    version = article.live_versions.get(language="en")
    version.body = 'Tom & "Jerry" <b>\n\n  \n\nSecond <p> paragraph\n\nThird\'s'
    version.save()
    content = read(client, "/en/news/feed/rss/").entries[0].content[0].value
    assert content == "".join(f"<p>{html.escape(p)}</p>" for p in version.paragraphs)


@pytest.mark.parametrize(("url", "written"), [
    ("/en/news/feed/rss/", "<pubDate>Sun, 09 Feb 2025 00:00:00 +0500</pubDate>"),
    ("/en/news/feed/atom/", "<published>2025-02-09T00:00:00+05:00</published>"),
    ("/en/news/feed.json", '"date_published": "2025-02-09T00:00:00+05:00"'),
])
def test_feed_dates_are_written_in_almaty_time(client, make_article, url, written):
    """A release the source dated "09.02.2025" is stored at midnight in Almaty: in UTC it would read 8 February in any
    reader that shows the date as written."""
    make_article(versions={"en": "Dated by its source"}, status=Article.Status.PUBLISHED,
                 published_at=datetime.datetime(2025, 2, 9, tzinfo=ZoneInfo("Asia/Almaty")))
    assert written in client.get(url).content.decode().replace('":"', '": "')

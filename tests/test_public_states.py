"""Each editorial state on every public surface: pages, lists, search, feeds and the sitemap."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from articles.editorial.access import PUBLISHER
from articles.editorial.workflow import publish_due, transition

pytestmark = pytest.mark.django_db

TITLE = "Zhambyl akimat opens a water pipeline"
SURFACES = {
    "news list": "/en/news/",
    "search": "/en/news/?q=pipeline",
    "agency page": "/en/agencies/{agency}/",
    "rss": "/en/news/feed/rss/",
    "atom": "/en/news/feed/atom/",
    "json feed": "/en/news/feed.json",
    "agency rss": "/en/agencies/{agency}/feed/rss/",
}


def visible(client, article):
    """The surfaces on which the article's title appears."""
    return {name for name, url in SURFACES.items()
            if TITLE in client.get(url.format(agency=article.agency.slug)).content.decode()}


@pytest.fixture
def release(make_article, agency):
    return make_article(agency=agency, versions={"en": TITLE}, status="draft")


def test_scheduled_release_appears_everywhere_at_its_time_without_any_job(client, release, staff, agency):
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        transition(release, "schedule", staff(PUBLISHER, agency), publish_at=start + datetime.timedelta(minutes=30))
        assert visible(client, release) == set()  # every surface rendered (and cached) before its time
        assert client.get(f"/en/news/{release.pk}/").status_code == 404
        clock.shift(datetime.timedelta(minutes=29))
        assert visible(client, release) == set()
        clock.shift(datetime.timedelta(minutes=1, seconds=1))
        assert visible(client, release) == set(SURFACES)  # no write happened: the caches knew the time
        assert client.get(f"/en/news/{release.pk}/").status_code in (200, 301, 302)
        assert publish_due() == 1  # the command then records the state change


def test_withdrawn_release_keeps_its_page_and_leaves_everything_else(client, release, staff, agency,
                                                                     django_capture_on_commit_callbacks):
    publisher = staff(PUBLISHER, agency)
    with django_capture_on_commit_callbacks(execute=True):
        transition(release, "publish", publisher)
    assert visible(client, release) == set(SURFACES)
    with django_capture_on_commit_callbacks(execute=True):  # the cache is invalidated after the commit
        transition(release, "withdraw", publisher, note="Figures were wrong.")
    assert visible(client, release) == set()
    page = client.get(f"/en/news/{release.pk}/", follow=True)
    assert page.status_code == 200 and "Figures were wrong." in page.content.decode()


def test_unpublished_release_is_gone_everywhere(client, release, staff, agency, django_capture_on_commit_callbacks):
    publisher = staff(PUBLISHER, agency)
    with django_capture_on_commit_callbacks(execute=True):
        transition(release, "publish", publisher)
    assert visible(client, release) == set(SURFACES)
    with django_capture_on_commit_callbacks(execute=True):
        transition(release, "unpublish", publisher)
    assert visible(client, release) == set()
    assert client.get(f"/en/news/{release.pk}/", follow=True).status_code == 410
    assert TITLE not in client.get("/sitemap.xml").content.decode()


@pytest.mark.parametrize("state", ["draft", "in_review"])
def test_unreviewed_releases_appear_nowhere(client, make_article, agency, state):
    article = make_article(agency=agency, versions={"en": TITLE}, status=state)
    assert visible(client, article) == set()
    assert client.get(f"/en/news/{article.pk}/").status_code == 404


@pytest.mark.parametrize("url", ["/en/news/feed/rss/", "/en/news/feed/atom/", "/en/news/feed.json"])
def test_a_feed_says_it_changed_when_a_scheduled_release_comes_due(client, make_article, release, staff, agency, url):
    """A reader who polled just before the time must not be told "not modified" after it: the feed's Last-Modified
    and its own dates move to the moment the release went public (not when its text was prepared)."""
    import email.utils

    import feedparser

    start = timezone.now().replace(microsecond=0)
    with time_machine.travel(start, tick=False) as clock:
        make_article(agency=agency, versions={"en": "An earlier release"}, status="published")
        due = start + datetime.timedelta(minutes=30)
        transition(release, "schedule", staff(PUBLISHER, agency), publish_at=due)
        clock.shift(datetime.timedelta(minutes=29))
        before = client.get(url)
        clock.shift(datetime.timedelta(minutes=2))
        after = client.get(url, HTTP_IF_MODIFIED_SINCE=before["Last-Modified"])
    assert after.status_code == 200 and TITLE in after.content.decode()
    assert email.utils.parsedate_to_datetime(after["Last-Modified"]) >= due
    if "json" not in url:  # RSS lastBuildDate, Atom <updated>
        built = feedparser.parse(after.content).feed.updated_parsed
        assert datetime.datetime(*built[:6], tzinfo=datetime.UTC) >= due

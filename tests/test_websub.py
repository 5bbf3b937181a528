"""articles.public.websub: feeds name their hub, and a publication pings it (a stub hub on 127.0.0.1)."""

import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, HTTPServer

import feedparser
import pytest

from articles.editorial.workflow import transition
from articles.models import Article

pytestmark = pytest.mark.django_db


@pytest.fixture
def hub(settings):
    """A WebSub hub stub: records the form of every POST it receives."""
    received = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            length = int(self.headers["Content-Length"])
            received.append(urllib.parse.parse_qs(self.rfile.read(length).decode()))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.KZPRESS_WEBSUB_HUB = f"http://127.0.0.1:{server.server_port}/"
    settings.KZPRESS_SITE_URL = "https://press.example.kz"
    yield received
    server.shutdown()
    server.server_close()


def test_feeds_name_the_hub(client, hub, settings, make_article):
    make_article(versions={"en": "Hub"}, status=Article.Status.PUBLISHED)
    links = {link.rel: link.href for link in feedparser.parse(client.get("/en/news/feed/atom/").content).feed.links}
    assert links["hub"] == settings.KZPRESS_WEBSUB_HUB
    assert feedparser.parse(client.get("/en/news/feed/rss/").content).feed.links[-1].rel == "hub"
    assert client.get("/en/news/feed.json").json()["hubs"] == [{"type": "WebSub", "url": settings.KZPRESS_WEBSUB_HUB}]


def test_a_publication_pings_the_hub_with_the_feeds_that_changed(hub, make_article,
                                                                django_capture_on_commit_callbacks):
    article = make_article(versions={"en": "Pinged", "ru": "Пинг"}, region=None)
    with django_capture_on_commit_callbacks(execute=True):
        transition(article, "publish")
    assert len(hub) == 1 and hub[0]["hub.mode"] == ["publish"]
    topics = hub[0]["hub.url"]
    assert "https://press.example.kz/en/news/feed/rss/" in topics
    assert "https://press.example.kz/ru/news/feed.json" in topics
    assert f"https://press.example.kz/en/agencies/{article.agency.slug}/feed/atom/" in topics
    assert len(topics) == 2 * 6  # all news and the agency, three formats, two languages


def test_nothing_is_pinged_without_a_hub_and_an_unreachable_hub_costs_only_a_log_line(
        settings, make_article, django_capture_on_commit_callbacks, caplog):
    from articles.public.websub import ping

    settings.KZPRESS_WEBSUB_HUB, settings.KZPRESS_SITE_URL = "", "https://press.example.kz"
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        transition(make_article(versions={"en": "Quiet"}), "publish")
    assert callbacks and not any("announce" in c.__qualname__ for c in callbacks)
    settings.KZPRESS_WEBSUB_HUB = "http://127.0.0.1:9/"  # the discard port: nothing listens
    assert ping.call(["https://press.example.kz/en/news/feed/rss/"]) is None
    assert "did not take the ping" in caplog.text

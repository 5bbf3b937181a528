import datetime
import json
import os
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.factories import AgencyFactory, ArticleFactory, TranslationFactory

# A developer's .env (written by scripts/serve) plays no part in the suite, nor in the processes it starts
# (``manage.py check --deploy``, workers, imports): those that test it name their own file.
os.environ["KZPRESS_ENV_FILE"] = os.devnull


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

    from articles.public import search
    from articles.public.caching import local_pages

    cache.clear()
    local_pages.clear()
    search._starts.clear()


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


class FakeLibreTranslate(BaseHTTPRequestHandler):
    """A LibreTranslate stand-in: "[target] text" for each text ("q" a string or a list); ``requests`` keeps the
    payloads; ``mode`` "slow", "error" or "garbage" misbehaves."""

    mode = "ok"
    requests = []

    def do_POST(self):
        payload = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        type(self).requests.append(payload)
        if self.mode == "slow":
            time.sleep(1.5)
        if self.mode == "error":
            self.send_response(500)
            self.end_headers()
            return
        q = payload["q"]
        translated = [f"[{payload['target']}] {t}" for t in q] if isinstance(q, list) else f"[{payload['target']}] {q}"
        body = b"not json" if self.mode == "garbage" else json.dumps({"translatedText": translated}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass

    @classmethod
    def texts(cls):
        """Every text the service was asked to translate."""
        return [t for r in cls.requests for t in (r["q"] if isinstance(r["q"], list) else [r["q"]])]


@pytest.fixture
def translation_service(settings):
    """A fake LibreTranslate on loopback, set as the site's translation service."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeLibreTranslate)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.KZPRESS_TRANSLATION_URL = f"http://127.0.0.1:{server.server_port}"
    settings.KZPRESS_TRANSLATION_TIMEOUT = 0.5
    FakeLibreTranslate.mode, FakeLibreTranslate.requests = "ok", []
    yield FakeLibreTranslate
    server.shutdown()
    server.server_close()


class Inbox(list):
    """What a local SMTP server received, as parsed messages (``email.message.EmailMessage``), in arrival order."""

    async def handle_DATA(self, server, session, envelope):
        import email
        from email import policy

        message = email.message_from_bytes(envelope.content, policy=policy.default)
        message.recipients = list(envelope.rcpt_tos)
        message.raw = envelope.original_content or envelope.content
        self.append(message)
        return "250 Message accepted for delivery"

    def to(self, address):
        return [m for m in self if address.lower() in m.recipients]

    def wait(self, count=1, timeout=10):
        """Block until ``count`` messages have arrived (a worker or a browser test sends them in another thread)."""
        deadline = time.monotonic() + timeout
        while len(self) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        return self


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server (aiosmtpd) on a free loopback port, with Django's SMTP backend pointed at it and the
    site's address set (email alerts need it); yields its ``Inbox``."""
    import socket

    from aiosmtpd.controller import Controller

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    inbox = Inbox()
    inbox.port = port
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                                    "OPTIONS": {"host": "127.0.0.1", "port": port, "use_tls": False, "timeout": 10}}}
    settings.KZPRESS_SITE_URL = settings.KZPRESS_SITE_URL or "https://press.example.kz"
    yield inbox
    controller.stop()

"""deploy/nginx.conf with a real nginx (Debian's package): the rendered site served with gunicorn down, with the
right types, gzip copies and validators; anything dynamic handed to Django (here: a dead upstream, so a 502)."""

import contextlib
import gzip
import http.client
import http.server
import os
import shutil
import socket
import subprocess
import threading
import time
from pathlib import Path

import pytest
from django.conf import settings

from articles.editorial.workflow import transition
from articles.models import Agency, Region
from articles.public.rendering import file_for, render_site

NGINX = "/usr/sbin/nginx"
CONFIG = Path(settings.BASE_DIR) / "deploy" / "nginx.conf"
pytestmark = [pytest.mark.django_db,
              pytest.mark.skipif(not os.path.exists(NGINX), reason="nginx is not installed (apt-get install nginx)")]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def site(settings, tmp_path, make_article, django_capture_on_commit_callbacks):
    Agency.objects.filter(articles__isnull=True).delete()
    Region.objects.filter(articles__isnull=True, agencies__isnull=True).delete()
    settings.KZPRESS_SITE_DIR = tmp_path / "site"
    long_title = "Өңірлік " * 40  # a slug of more than 200 bytes: cut into two folders
    article = make_article(versions={"en": "Roads cleared", "kk": long_title.strip()}, status="published")
    gone = make_article(versions={"en": "Taken down"}, status="published")
    with django_capture_on_commit_callbacks(execute=True):
        transition(gone, "unpublish")
    render_site()
    return tmp_path, article


@contextlib.contextmanager
def running_nginx(tmp_path, upstream_port):
    """deploy/nginx.conf on a free port, serving ``tmp_path``/site, in front of ``upstream_port``; yields the port."""
    port = free_port()
    static = tmp_path / "static"
    static.mkdir(exist_ok=True)
    (static / "site.css").write_text("body { color: black; }")
    text = CONFIG.read_text()
    for old, new in [("/srv/kzpress/var/site", str(tmp_path / "site")), ("/srv/kzpress/var/static/", f"{static}/"),
                     ("listen 80;", f"listen 127.0.0.1:{port};"), ("127.0.0.1:8000", f"127.0.0.1:{upstream_port}"),
                     ("/var/log/nginx/", f"{tmp_path}/"), ("/var/lib/nginx/kzpress-cache", f"{tmp_path}/cache"),
                     ("http {", "http {\n" + "".join(f"    {kind}_temp_path {tmp_path}/{kind};\n" for kind in
                                                    ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")))]:
        assert old in text, old
        text = text.replace(old, new)
    config = tmp_path / "nginx.conf"
    config.write_text(text)
    main = f"daemon off; pid {tmp_path}/nginx.pid;" + (" user root;" if os.geteuid() == 0 else "")
    process = subprocess.Popen([NGINX, "-p", str(tmp_path), "-c", str(config), "-g", main],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
            break
        except OSError:
            if process.poll() is not None:
                pytest.fail(process.stdout.read().decode())
            time.sleep(0.05)
    try:
        yield port
    finally:
        process.terminate()
        process.wait(10)


@pytest.fixture
def nginx(site):
    tmp_path, article = site
    with running_nginx(tmp_path, free_port()) as port:  # nothing listens upstream: gunicorn is down
        yield port, tmp_path / "site", article
    shutil.rmtree(tmp_path / "site", ignore_errors=True)


def get(port, path, **headers):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path, headers={"Host": "press.example.kz", **headers})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response, body


def test_published_pages_and_feeds_are_served_without_django(nginx):
    port, root, article = nginx
    english = article.translations.get(language="en").get_absolute_url()
    kazakh = article.translations.get(language="kk").get_absolute_url()
    assert len(file_for(kazakh).split("/")) == len(kazakh.strip("/").split("/")) + 2  # its slug in two folders
    for path, kind in [("/en/", "text/html; charset=utf-8"), (english, "text/html; charset=utf-8"),
                       (kazakh, "text/html; charset=utf-8"),
                       ("/en/news/", "text/html; charset=utf-8"),
                       ("/en/news/feed/rss/", "application/rss+xml; charset=utf-8"),
                       ("/en/news/feed/atom/", "application/atom+xml; charset=utf-8"),
                       ("/en/news/feed.json", "application/feed+json; charset=utf-8"),
                       (f"/en/agencies/{article.agency.slug}/feed/rss/", "application/rss+xml; charset=utf-8"),
                       ("/sitemap.xml", "application/xml; charset=utf-8"),
                       ("/sitemap-index.xml", "application/xml; charset=utf-8"),
                       ("/sitemap-releases.xml", "application/xml; charset=utf-8")]:
        response, body = get(port, path)
        assert response.status == 200, path
        assert response.getheader("Content-Type") == kind, path
        assert body == (root / file_for(path)).read_bytes(), path
        assert response.getheader("ETag") and response.getheader("Last-Modified"), path
    response, body = get(port, english)
    assert "Roads cleared" in body.decode() and "frame-ancestors 'none'" in response.getheader(
        "Content-Security-Policy")
    assert get(port, english, **{"If-None-Match": response.getheader("ETag")})[0].status == 304
    packed, body = get(port, "/en/news/", **{"Accept-Encoding": "gzip"})
    assert packed.getheader("Content-Encoding") == "gzip" and "Accept-Encoding" in packed.getheader("Vary")
    assert gzip.decompress(body) == (root / "en/news/index.html").read_bytes()
    assert get(port, "/static/site.css")[0].status == 200


def test_anything_dynamic_goes_to_django(nginx):
    port, _root, article = nginx
    for path in ["/", "/en/news", "/en/news/?page=2", "/en/news/?q=roads", "/admin/", "/en/news/999999/missing/",
                 "/sitemap-releases.xml?p=2",
                 f"/en/news/{article.pk}/"]:
        assert get(port, path)[0].status == 502, path  # gunicorn is down: nginx had nothing of its own to give
    assert get(port, "/en/news/", Cookie="sessionid=abc")[0].status == 502  # staff: fresh pages from Django


class Upstream(http.server.ThreadingHTTPServer):
    """A stand-in for gunicorn that counts the requests per path and answers as Django's views do: a public page
    that nginx may keep (X-Accel-Expires), a private one, one that sets a cookie."""

    def __init__(self):
        self.seen, self.inflight, self.most_at_once = {}, 0, 0
        lock = threading.Lock()

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(handler):  # noqa: N802, N805 - http.server's names
                self.seen[handler.path] = self.seen.get(handler.path, 0) + 1
                kind = handler.path.rsplit("=", 1)[-1]
                if kind == "slow":  # an answer nginx may not keep, that takes a while
                    with lock:
                        self.inflight += 1
                        self.most_at_once = max(self.most_at_once, self.inflight)
                    time.sleep(0.3)
                    with lock:
                        self.inflight -= 1
                body = f"{kind} answer {self.seen[handler.path]}".encode()
                handler.send_response(200)
                handler.send_header("Content-Type", "text/html; charset=utf-8")
                handler.send_header("Content-Length", str(len(body)))
                handler.send_header("Cache-Control", "private, no-cache" if kind == "private" else "public, max-age=60")
                if kind in ("public", "cookie"):
                    handler.send_header("X-Accel-Expires", "30")
                if kind == "cookie":
                    handler.send_header("Set-Cookie", "csrftoken=abc; Path=/")
                handler.end_headers()
                handler.wfile.write(body)

            def log_message(handler, *args):
                pass

        super().__init__(("127.0.0.1", 0), Handler)


def test_nginx_keeps_only_what_django_lets_it_keep_and_nothing_for_staff(tmp_path):
    upstream = Upstream()
    threading.Thread(target=upstream.serve_forever, daemon=True).start()
    try:
        with running_nginx(tmp_path, upstream.server_address[1]) as port:
            first, body = get(port, "/en/news/?q=public")
            again, same = get(port, "/en/news/?q=public")
            assert (body, same) == (b"public answer 1", b"public answer 1") and upstream.seen["/en/news/?q=public"] == 1
            assert (first.getheader("X-Cache-Status"), again.getheader("X-Cache-Status")) == ("MISS", "HIT")
            assert first.getheader("X-Accel-Expires") is None  # nginx's own header, not the reader's
            staff, fresh = get(port, "/en/news/?q=public", Cookie="sessionid=abc")
            assert fresh == b"public answer 2" and staff.getheader("X-Cache-Status") == "BYPASS"
            assert get(port, "/en/news/?q=public")[1] == b"public answer 1"  # staff's answer was not kept either
            for kind in ("private", "cookie"):  # no X-Accel-Expires, or a cookie: never kept
                assert [get(port, f"/en/news/?q={kind}")[1] for _ in range(2)] == [
                    f"{kind} answer 1".encode(), f"{kind} answer 2".encode()]
            assert get(port, "/en/news/?q=public", Host="other.example.kz")[1] == b"public answer 3"  # per host
            # Requests for an answer nginx may not keep go to Django side by side, not one after another.
            readers = [threading.Thread(target=get, args=(port, "/en/news/?q=slow")) for _ in range(4)]
            for reader in readers:
                reader.start()
            for reader in readers:
                reader.join()
            assert upstream.seen["/en/news/?q=slow"] == 4 and upstream.most_at_once >= 2
    finally:
        upstream.shutdown()

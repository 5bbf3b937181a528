"""Production serving: cached anonymous pages invalidated by changes, conditional GETs, static files (whitenoise),
gunicorn's config, the pool and cache switches."""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings

from articles.editorial.publishing import go_live
from articles.editorial.workflow import transition

pytestmark = pytest.mark.django_db
PAGES = ["/en/", "/en/news/", "/en/news/?q=release", "/en/agencies/{agency}/"]


@pytest.fixture
def article(make_article):
    article = make_article(versions={"en": "First release"}, status="published")
    article.url = article.translations.get().get_absolute_url()
    return article


def test_no_page_is_stale_after_an_edit_or_a_publish(client, article, make_article,
                                                     django_capture_on_commit_callbacks):
    pages = [page.format(agency=article.agency.slug) for page in PAGES] + [article.url]
    for page in pages:
        assert "First release" in client.get(page).content.decode(), page
    version = article.translations.get()
    version.title = "First release, corrected"
    with django_capture_on_commit_callbacks(execute=True):
        version.save()  # the working copy: readers keep the live text
    for page in pages:
        assert "First release, corrected" not in client.get(page).content.decode(), page
    with django_capture_on_commit_callbacks(execute=True):  # caches are invalidated when the change commits
        go_live(article, None)
    for page in pages:
        assert "First release, corrected" in client.get(page).content.decode(), page
    draft = make_article(versions={"en": "Second release"}, status="draft", agency=article.agency)
    assert "Second release" not in client.get("/en/news/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        transition(draft, "publish")
    for page in pages[:2] + pages[3:4]:
        assert "Second release" in client.get(page).content.decode(), page


def test_pages_answer_304_until_something_changes(client, article):
    for page in ["/en/", "/en/news/", article.url]:
        first = client.get(page)
        assert first.status_code == 200 and first["ETag"] and first["Last-Modified"]
        assert "public" in first["Cache-Control"]
        assert client.get(page, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
        assert client.get(page, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304
    first = client.get(article.url)
    article.live_versions.update(title="Changed")  # a bulk update: no signal, so bump as the importer does
    from articles.public.caching import bump

    bump()
    assert client.get(article.url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200


def test_logged_in_users_get_fresh_private_pages(admin_client, article):
    response = admin_client.get(article.url)
    assert "private" in response["Cache-Control"] and not response.has_header("ETag")
    article.live_versions.update(title="Changed without a signal")
    assert "Changed without a signal" in admin_client.get(article.url).content.decode()


def run(code, **env):
    clean = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DATABASE_URL", "REDIS_URL"}}
    clean.update(DJANGO_SETTINGS_MODULE="kzpress.settings", SECRET_KEY="x" * 50, ALLOWED_HOSTS="testserver", **env)
    result = subprocess.run([sys.executable, "-c", code], env=clean, cwd=settings.BASE_DIR, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_static_files_are_served_compressed_with_hashed_names_for_a_year(tmp_path):
    out = run("""
import django, json
django.setup()
from django.core.management import call_command
call_command("collectstatic", "--noinput", verbosity=0)
from django.templatetags.static import static
from django.test import Client
url = static("admin/css/base.css")
r = Client().get(url, secure=True, HTTP_ACCEPT_ENCODING="gzip")
print(json.dumps({"url": url, "status": r.status_code, "cache": r.get("Cache-Control"),
                  "encoding": r.get("Content-Encoding")}))
""", STATIC_ROOT=str(tmp_path))
    served = json.loads(out)
    assert served["status"] == 200
    assert served["url"] != "/static/admin/css/base.css" and served["url"].endswith(".css")  # a hashed name
    assert "immutable" in served["cache"] and "max-age=315360000" in served["cache"]
    assert served["encoding"] == "gzip"


def test_pool_and_cache_switches():
    out = run("""
import json
from kzpress import settings as s
print(json.dumps({"pool": s.DATABASES["default"].get("OPTIONS", {}).get("pool"),
                  "age": s.DATABASES["default"]["CONN_MAX_AGE"], "cache": s.CACHES["default"]["BACKEND"],
                  "routers": s.DATABASE_ROUTERS, "replica": s.DATABASES.get("replica", {}).get("NAME")}))
""", DATABASE_URL="postgres://kz@db.example/press", DATABASE_POOL="1", CACHE_BACKEND="dummy",
        DATABASE_REPLICA_URL="postgres://kz@replica.example/press")
    config = json.loads(out)
    assert config["pool"] == {"min_size": 1, "max_size": 4} and config["age"] == 0
    assert config["cache"].endswith("DummyCache")
    assert config["routers"] == ["kzpress.routers.PublicReadsToReplica"] and config["replica"] == "press"
    default = json.loads(run("""
import json
from kzpress import settings as s
print(json.dumps(s.CACHES["default"]["BACKEND"]))
"""))
    assert default.endswith("DatabaseCache")  # shared by every process: an import reaches every web worker


def test_gunicorn_config_is_valid():
    gunicorn = os.path.join(os.path.dirname(sys.executable), "gunicorn")
    result = subprocess.run([gunicorn, "--check-config", "-c", "kzpress/gunicorn.conf.py", "kzpress.wsgi"],
                            cwd=settings.BASE_DIR, capture_output=True, text=True, timeout=60,
                            env={**os.environ, "SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "localhost"})
    assert result.returncode == 0, result.stderr


def test_a_page_from_the_cache_is_the_page_as_first_served(client, article, django_assert_num_queries):
    first = client.get(article.url)
    with django_assert_num_queries(0):
        again = client.get(article.url)
    assert again.content == first.content and again.status_code == 200
    for header in ("ETag", "Last-Modified", "Cache-Control", "Content-Language", "X-Frame-Options",
                   "Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy", "Content-Type"):
        assert again.headers.get(header) == first.headers.get(header), header
    assert not again.cookies
    assert client.get(article.url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert client.get(article.url, HTTP_IF_NONE_MATCH='"other"').status_code == 200


def test_cached_pages_and_feeds_go_out_compressed_to_clients_that_accept_gzip(client, article):
    import gzip

    for page in ["/en/news/", article.url, "/en/news/feed/rss/"]:
        plain = client.get(page)  # rendered, then kept (with its compressed copy)
        assert plain.status_code == 200 and "Content-Encoding" not in plain
        again = client.get(page)  # from the cache, still plain for a client that asks for no encoding
        assert again.content == plain.content and "Content-Encoding" not in again
        packed = client.get(page, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
        assert packed["Content-Encoding"] == "gzip" and "Accept-Encoding" in packed["Vary"]
        assert gzip.decompress(packed.content) == plain.content
        assert int(packed["Content-Length"]) == len(packed.content) < len(plain.content)
        assert packed["ETag"] == "W/" + plain["ETag"]  # another representation, as Django's GZipMiddleware marks it
        assert client.get(page, HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=packed["ETag"]).status_code == 304
        assert client.get(page, HTTP_ACCEPT_ENCODING="identity").content == plain.content


def test_a_publish_invalidates_only_the_lists_it_touches(client, make_article, django_capture_on_commit_callbacks,
                                                        django_assert_num_queries):
    from tests.factories import AgencyFactory

    a, b = AgencyFactory(), AgencyFactory()
    make_article(versions={"en": "Agency B's release", "ru": "Релиз агентства Б"}, status="published", agency=b)
    draft = make_article(versions={"en": "Agency A's news"}, status="draft", agency=a)
    kept = [f"/en/agencies/{b.slug}/", f"/en/news/?agency={b.slug}", f"/en/agencies/{b.slug}/feed/rss/",
            f"/ru/agencies/{b.slug}/", "/ru/news/"]  # not in Russian: the Russian lists stay
    changed = ["/en/", "/en/news/", "/en/news/?q=news", f"/en/agencies/{a.slug}/", "/en/news/feed/atom/",
               f"/en/news/?agency={a.slug}"]
    for page in [*kept, *changed, "/sitemap.xml"]:
        assert client.get(page).status_code == 200, page
    with django_capture_on_commit_callbacks(execute=True):
        transition(draft, "publish")
    for page in kept:
        with django_assert_num_queries(0):  # still current: answered from the cache
            assert "Agency A" not in client.get(page).content.decode(), page
    for page in changed:
        assert "Agency A" in client.get(page).content.decode(), page
    assert f"/en/news/{draft.pk}/" in client.get("/sitemap.xml").content.decode()


def test_renaming_an_agency_invalidates_every_page(client, make_article, django_capture_on_commit_callbacks):
    from tests.factories import RegionFactory

    region = RegionFactory()
    article = make_article(versions={"en": "Release"}, status="published", region=region)
    pages = ["/en/news/", article.translations.get().get_absolute_url(), f"/en/regions/{region.slug}/"]
    for page in pages:
        assert "Ministry of Renamed Things" not in client.get(page).content.decode()
    agency = article.agency
    with django_capture_on_commit_callbacks(execute=True):
        agency.name_en = "Ministry of Renamed Things"
        agency.save()
    for page in pages:
        assert "Ministry of Renamed Things" in client.get(page).content.decode(), page

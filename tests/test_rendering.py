"""The static site: which files a change re-renders (and which it leaves alone), atomic replacement, and nothing
that is not public ever in the tree."""

import datetime
import gzip
import os

import pytest
from django.core.cache import cache
from django.utils import timezone

from articles.editorial.publishing import go_live
from articles.editorial.workflow import publish_changes, transition
from articles.importing.undo import undo_batch
from articles.models import Agency, Article, Region
from articles.public import changes, rendering
from articles.public.rendering import Tree, file_for, render_site, touched
from tests.factories import AgencyFactory, RegionFactory, import_bytes
from tests.test_admin import run_worker

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(settings, tmp_path):
    """A static tree in a temporary folder, rendered on every change; only the agencies and regions a test makes
    (each agency and region has pages of its own: the reference data's hundreds would be rendered every time)."""
    Agency.objects.filter(articles__isnull=True).delete()
    Region.objects.filter(articles__isnull=True, agencies__isnull=True).delete()
    settings.KZPRESS_SITE_DIR = tmp_path / "site"
    settings.KZPRESS_STATIC_RENDER = True
    settings.KZPRESS_FOUR_EYES = False
    return settings.KZPRESS_SITE_DIR


@pytest.fixture
def rendered(monkeypatch):
    """The paths rendered (asked of Django) since the test started, as a set that the test may clear."""
    paths = set()
    render, release = rendering.Renderer.render, rendering.Renderer.release

    def render_path(self, path):
        paths.add(path)
        return render(self, path)

    def render_release(self, version, versions, path=None):
        paths.add(version.get_absolute_url())
        return release(self, version, versions, path)

    monkeypatch.setattr(rendering.Renderer, "render", render_path)
    monkeypatch.setattr(rendering.Renderer, "release", render_release)
    return paths


def files(root):
    return {os.path.relpath(os.path.join(folder, name), root) for folder, _dirs, names in os.walk(root)
            for name in names}


def page(root, path):
    return (root / file_for(path)).read_text(encoding="utf-8")


def url(article, language):
    return article.translations.get(language=language).get_absolute_url()


def lists(prefix):
    return {prefix, f"{prefix}feed/rss/", f"{prefix}feed/atom/", f"{prefix}feed.json"}


def test_a_change_touches_its_release_its_lists_and_feeds_in_its_language_the_homes_and_the_sitemap():
    found = touched({"article:7", "releases", "lang:en", "agency:justice:en", "region:almaty:en",
                     "section:law:en"})
    assert found.articles == {7} and not found.everything
    assert found.paths == ({"/kk/", "/ru/", "/en/", *rendering.SITEMAP_PATHS} | lists("/en/news/")
                           | lists("/en/agencies/justice/") | lists("/en/regions/almaty/"))
    assert touched({"site"}).everything
    assert touched({"lang:ru"}, codes=["en"]).paths == set()


def test_publishing_renders_exactly_the_pages_that_show_the_release(site, rendered, make_article,
                                                                    django_capture_on_commit_callbacks):
    region = RegionFactory()
    agency, other = AgencyFactory(region=region), AgencyFactory()
    draft = make_article(versions={"en": "Roads cleared", "ru": "Дороги расчищены"}, agency=agency)
    with django_capture_on_commit_callbacks(execute=True):
        transition(draft, "publish")
    expected = ({"/kk/", "/ru/", "/en/", *rendering.SITEMAP_PATHS, url(draft, "en"), url(draft, "ru")}
                | lists("/en/news/") | lists("/ru/news/")
                | lists(f"/en/agencies/{agency.slug}/") | lists(f"/ru/agencies/{agency.slug}/")
                | lists(f"/en/regions/{region.slug}/") | lists(f"/ru/regions/{region.slug}/"))
    assert rendered == expected  # not /kk/news/ (no Kazakh version), not the other agency's list
    assert f"/en/agencies/{other.slug}/" not in rendered
    written = files(site)
    for path in expected:
        assert file_for(path) in written and file_for(path) + ".gz" in written, path
    assert "Roads cleared" in page(site, url(draft, "en")) and "Roads cleared" in page(site, "/en/news/")
    assert "Roads cleared" in page(site, "/en/news/feed/rss/")
    assert "Дороги расчищены" in gzip.decompress((site / file_for(url(draft, "ru"))).with_suffix(".html.gz")
                                                 .read_bytes()).decode()
    assert page(site, url(draft, "en")) == rendering.Renderer().client.get(url(draft, "en")).content.decode()


def test_a_minor_edit_renders_its_language_only(site, rendered, make_article, django_capture_on_commit_callbacks,
                                                staff):
    article = make_article(versions={"en": "Budget approved", "ru": "Бюджет утверждён"}, status="published")
    publisher = staff("Publisher", article.agency)
    version = article.translations.get(language="en")
    version.body += "\n\nA sentence added."
    version.save()
    rendered.clear()
    with django_capture_on_commit_callbacks(execute=True):
        publish_changes(article, publisher)
    assert url(article, "en") in rendered and "/en/news/" in rendered
    assert url(article, "ru") in rendered  # it links the English version
    assert not {path for path in rendered if path.startswith("/ru/") and path != url(article, "ru")} - {"/ru/"}
    assert "A sentence added." in page(site, url(article, "en"))


def test_a_new_slug_replaces_the_old_page(site, make_article, django_capture_on_commit_callbacks):
    article = make_article(versions={"en": "First title"}, status="published")
    old = url(article, "en")
    rendering.render_scopes({f"article:{article.pk}"})
    assert (site / file_for(old)).exists()
    version = article.translations.get(language="en")
    version.title, version.slug = "Second title", ""
    version.save()
    with django_capture_on_commit_callbacks(execute=True):
        go_live(article, None)
    new = url(article, "en")
    assert new != old and (site / file_for(new)).exists()
    assert not (site / file_for(old)).exists() and not (site / (file_for(old) + ".gz")).exists()


def test_a_withdrawn_release_keeps_its_page_with_the_notice_and_leaves_the_lists(
        site, rendered, make_article, django_capture_on_commit_callbacks):
    article = make_article(versions={"en": "Tender announced"}, status="draft")
    with django_capture_on_commit_callbacks(execute=True):
        transition(article, "publish")
    rendered.clear()
    with django_capture_on_commit_callbacks(execute=True):
        transition(article, "withdraw", note="Published by mistake")
    assert url(article, "en") in rendered and "/en/news/" in rendered and "/ru/news/" not in rendered
    assert "Published by mistake" in page(site, url(article, "en"))
    assert "Tender announced" not in page(site, "/en/news/")
    assert "Tender announced" not in page(site, "/en/news/feed/atom/")


def test_drafts_never_reach_the_tree_and_unpublished_releases_leave_it(site, make_article,
                                                                       django_capture_on_commit_callbacks):
    draft = make_article(versions={"en": "Draft only"}, status="draft")
    article = make_article(versions={"en": "Going away"}, status="draft")
    with django_capture_on_commit_callbacks(execute=True):
        version = draft.translations.get()
        version.title = "Draft only, edited"
        version.save()
        transition(draft, "submit")
        transition(article, "publish")
    render_site()
    assert not any(f"/news/{draft.pk}/" in f"/{name}" for name in files(site))
    assert "Draft only" not in page(site, "/en/news/")
    assert (site / file_for(url(article, "en"))).exists()
    with django_capture_on_commit_callbacks(execute=True):
        transition(article, "unpublish")
    assert not any(f"/news/{article.pk}/" in f"/{name}" for name in files(site))
    assert "Going away" not in page(site, "/en/news/") and "Going away" not in page(site, "/sitemap.xml")


def test_renaming_an_agency_renders_its_releases_and_every_list_not_the_others_releases(
        site, rendered, make_article, django_capture_on_commit_callbacks):
    agency, other = AgencyFactory(name_en="Ministry of Roads"), AgencyFactory(region=RegionFactory())
    mine = make_article(versions={"en": "Mine"}, status="published", agency=agency)
    theirs = make_article(versions={"en": "Theirs"}, status="published", agency=other)
    render_site()
    rendered.clear()
    with django_capture_on_commit_callbacks(execute=True):
        Agency.objects.get(pk=agency.pk).save()  # saved as it was: nothing to render
    assert rendered == set()
    with django_capture_on_commit_callbacks(execute=True):
        agency.name_en = "Ministry of Transport"
        agency.save()
    assert url(mine, "en") in rendered and url(theirs, "en") not in rendered
    assert {"/en/", "/en/news/", f"/en/agencies/{other.slug}/", f"/kk/agencies/{agency.slug}/"} <= rendered
    assert lists(f"/en/agencies/{agency.slug}/") <= rendered
    assert f"/en/agencies/{other.slug}/feed/rss/" not in rendered
    assert "Ministry of Transport" in page(site, url(mine, "en"))
    assert "Ministry of Transport" in page(site, f"/en/regions/{theirs.region.slug}/")  # in the filter's choices


def test_files_are_replaced_atomically_and_only_when_they_change(site, monkeypatch):
    tree = Tree()
    assert tree.write("en/index.html", b"<p>one</p>") is True
    moves = []
    real_replace = os.replace

    def replace(source, target):
        moves.append((source, target))
        assert (site / "en" / "index.html").read_bytes() == b"<p>one</p>"  # the old file is whole until the rename
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", replace)
    assert tree.write("en/index.html", b"<p>two</p>") is True
    assert [os.path.dirname(source) for source, _ in moves] == [str(site / "en")] * 2  # beside its place
    assert sorted(os.path.basename(target) for _, target in moves) == ["index.html", "index.html.gz"]
    assert (site / "en" / "index.html").read_bytes() == b"<p>two</p>"
    assert gzip.decompress((site / "en" / "index.html.gz").read_bytes()) == b"<p>two</p>"
    moves.clear()
    assert tree.write("en/index.html", b"<p>two</p>") is False and moves == []  # unchanged: not rewritten

    def broken(source, target):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken)
    with pytest.raises(OSError):
        tree.write("en/index.html", b"<p>three</p>")
    assert (site / "en" / "index.html").read_bytes() == b"<p>two</p>"
    assert files(site) == {"en/index.html", "en/index.html.gz"}  # no temporary file left behind


def test_render_site_is_idempotent_and_resumable(site, make_article, monkeypatch):
    articles = [make_article(versions={"en": f"Release {n}", "kk": f"Хабар {n}"}, status="published")
                for n in range(5)]
    monkeypatch.setattr(rendering, "CHUNK", 2)

    def stop(run, after, total, seconds):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        render_site(progress=stop)
    assert (site / rendering.PROGRESS).exists()
    assert not (site / file_for(url(articles[-1], "en"))).exists()
    run = render_site()
    assert run.resumed_after == articles[1].pk and run.pages == 6  # three releases left, in two languages
    assert not (site / rendering.PROGRESS).exists()
    for article in articles:
        assert (site / file_for(url(article, "kk"))).exists()
    again = render_site()
    assert again.resumed_after is None and again.tree.written == 0 and again.tree.removed == 0
    assert render_site(["en"], restart=True).tree.written == 0


def test_render_site_removes_what_is_no_longer_public(site, make_article):
    article = make_article(versions={"en": "Kept"}, status="published")
    stray = site / "en" / "news" / "999999" / "old" / "index.html"
    stray.parent.mkdir(parents=True)
    stray.write_text("stale")
    (site / "en" / "news" / ".x.tmp").parent.mkdir(parents=True, exist_ok=True)
    (site / "en" / "news" / ".x.tmp").write_text("crashed")
    run = render_site()
    assert not stray.exists() and not (site / "en" / "news" / ".x.tmp").exists()
    assert (site / file_for(url(article, "en"))).exists() and run.tree.removed == 1


def test_render_site_command(site, make_article, capsys):
    from django.core.management import call_command

    make_article(versions={"ru": "Новость"}, status="published")
    call_command("render_site", "--languages", "ru")
    out = capsys.readouterr().out
    assert "pages/s" in out and (site / "ru" / "index.html").exists() and not (site / "en").exists()


def test_a_scheduled_release_reaches_the_tree_at_its_time(site, make_article):
    import datetime

    from django.core.management import call_command
    from django.utils import timezone

    due = make_article(versions={"en": "Due now"}, status="scheduled",
                       publish_at=timezone.now() - datetime.timedelta(minutes=1))
    later = make_article(versions={"en": "Not yet"}, status="scheduled",
                         publish_at=timezone.now() + datetime.timedelta(days=1))
    call_command("render_site", "--due")
    assert "Due now" in page(site, url(due, "en")) and "Due now" in page(site, "/en/news/")
    assert not (site / file_for(url(later, "en"))).exists()
    assert "Not yet" not in page(site, "/en/news/")


def test_a_move_to_another_region_renders_both_regions_lists(site, rendered, make_article, staff,
                                                             django_capture_on_commit_callbacks):
    from articles.editorial.workflow import assign

    old, new = RegionFactory(), RegionFactory()
    article = make_article(versions={"en": "Moved"}, status="published", region=old)
    rendered.clear()
    with django_capture_on_commit_callbacks(execute=True):
        done, refused = assign(type(article).objects.filter(pk=article.pk), staff("Publisher", article.agency),
                               region=new)
    assert done and not refused
    assert f"/en/regions/{old.slug}/" in rendered and f"/en/regions/{new.slug}/" in rendered
    assert "Moved" not in page(site, f"/en/regions/{old.slug}/") and "Moved" in page(site, f"/en/regions/{new.slug}/")


def test_pages_carry_the_canonical_address_of_the_site(site, settings, make_article):
    settings.KZPRESS_SITE_URL = "https://press.example.kz"
    settings.ALLOWED_HOSTS = ["press.example.kz"]
    settings.SECURE_SSL_REDIRECT = True  # as in production: the renderer asks over https
    article = make_article(versions={"en": "Canonical"}, status="published")
    render_site(["en"])
    assert 'href="https://press.example.kz/en/"' in page(site, "/en/")
    assert f'"url": "https://press.example.kz{url(article, "en")}"' in page(site, url(article, "en"))


def test_release_pages_rendered_in_batches_are_the_bytes_the_view_answers(site, settings, client, make_article):
    """The renderer reads releases a chunk at a time and reuses one request per language: each page must still be
    exactly what a visitor of the dynamic site gets."""
    settings.KZPRESS_PUBLIC_CACHE = False
    settings.KZPRESS_SITE_URL = "http://testserver"  # the test client's host: the same canonical addresses
    articles = [make_article(versions={"en": f"Batch {n} <&>", "ru": f"Пакет {n}", "kk": f"Топтама {n}"},
                             status="published") for n in range(3)]
    render_site()
    for article in articles:
        for code in ("en", "ru", "kk"):
            path = url(article, code)
            served = client.get(path)
            assert served.status_code == 200
            assert (site / file_for(path)).read_bytes() == served.content, path
            assert gzip.decompress((site / (file_for(path) + ".gz")).read_bytes()) == served.content


def test_render_release_pages_renders_those_releases_pages_only(site, make_article):
    articles = [make_article(versions={"en": f"Only {n}", "kk": f"Тек {n}"}, status="published") for n in range(3)]
    run = rendering.render_release_pages([articles[0].pk, articles[2].pk])
    assert run.pages == run.release_pages == 4 and run.seconds >= run.release_seconds > 0
    assert files(site) == {file_for(url(article, code)) + suffix for article in (articles[0], articles[2])
                           for code in ("en", "kk") for suffix in ("", ".gz")}


def test_small_pages_are_compressed_fast_and_big_ones_hard():
    assert rendering.gzip_level(b"x" * 17_000) == 1  # a release page: it fits the first round trip either way
    assert rendering.gzip_level(b"x" * 200_000) == 6  # a feed, a list, a sitemap: fetched over and over


def test_files_are_readable_by_the_web_server_whatever_the_umask(site):
    old = os.umask(0o077)
    try:
        Tree().write("en/index.html", b"<p>one</p>")
    finally:
        os.umask(old)
    for name in ("index.html", "index.html.gz"):
        assert (site / "en" / name).stat().st_mode & 0o777 == 0o644


def dump_of(agency, *items):
    """A dump of (title, news id) items of ``agency``."""
    lines = ["Law"]
    for title, news_id in items:
        lines += [f"{title} 10.02.2025", f"{title}: the text of the release.",
                  f"Source : https://www.gov.kz/memleket/entities/{agency.slug}/press/news/details/{news_id}"]
    return ("\n".join(lines) + "\n").encode()


def test_an_import_renders_the_releases_it_published_and_their_lists_not_the_whole_site(
        site, rendered, make_article, admin_user, django_capture_on_commit_callbacks):
    agency, other = AgencyFactory(region=RegionFactory()), AgencyFactory(region=RegionFactory())
    old = make_article(versions={"en": "Published before"}, status="published", agency=other)
    render_site()
    rendered.clear()
    with django_capture_on_commit_callbacks(execute=True):
        batch = import_bytes(dump_of(agency, ("Bridge opened", "8800001"), ("Road repaired", "8800002")),
                             "two.txt", publish=True, user=admin_user)
    assert batch.counts["created"] == 2 and batch.counts["published"] == 2
    new = list(Article.objects.filter(agency=agency))
    assert {url(article, "en") for article in new} <= rendered
    assert lists("/en/news/") | lists(f"/en/agencies/{agency.slug}/") | lists(f"/en/regions/{agency.region.slug}/") \
        <= rendered
    assert url(old, "en") not in rendered and f"/en/agencies/{other.slug}/" not in rendered
    assert not {path for path in rendered if path.startswith(("/kk/news/", "/ru/news/"))}  # English releases only
    assert "Bridge opened" in page(site, "/en/news/feed/rss/")


def test_an_import_of_drafts_renders_nothing(site, rendered, admin_user, django_capture_on_commit_callbacks):
    agency = AgencyFactory()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        batch = import_bytes(dump_of(agency, ("Quiet draft", "8800003")), "draft.txt", user=admin_user)
    assert batch.counts["created"] == 1 and rendered == set() and callbacks == []


def test_undoing_an_import_takes_its_releases_out_of_the_tree(site, admin_user, django_capture_on_commit_callbacks):
    agency = AgencyFactory()
    with django_capture_on_commit_callbacks(execute=True):
        batch = import_bytes(dump_of(agency, ("Soon gone", "8800004")), "gone.txt", publish=True, user=admin_user)
    article = Article.objects.get(news_id="8800004")
    path = url(article, "en")
    assert (site / file_for(path)).exists() and "Soon gone" in page(site, f"/en/agencies/{agency.slug}/")
    with django_capture_on_commit_callbacks(execute=True):
        undo_batch(batch, admin_user)
    assert not (site / file_for(path)).exists()
    assert "Soon gone" not in page(site, f"/en/agencies/{agency.slug}/")
    assert "Soon gone" not in page(site, "/en/news/feed/atom/")


def test_a_persons_change_is_rendered_before_the_chunks_of_an_import(settings):
    """A publish's render jumps the queue; an import's is split into small chunks behind it, its lists and feeds
    first; the sitemaps are rendered once for both, between the two."""
    settings.KZPRESS_STATIC_RENDER = True
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend",
                                  "QUEUES": ["default", changes.PUBLISH_QUEUE]}}
    from django.tasks import default_task_backend

    default_task_backend.clear()
    cache.delete(changes.SITEMAP_QUEUED)  # the tasks queued so far are gone with it
    releases = {f"article:{n}" for n in range(1, changes.BULK_CHUNK + 3)}
    changes.announce(releases | {"releases", "lang:en"}, bulk=True)
    changes.announce({"article:9999", "releases", "lang:en"})
    queued = sorted(default_task_backend.results, key=lambda result: -result.task.priority)  # the worker's order
    # its page with the news lists, then the rest, in two tasks (two workers render them side by side), then the
    # sitemaps, half a minute later
    assert [result.args[0] for result in queued[:3]] == [["article:9999", "lang:en"], ["releases"], ["sitemap"]]
    assert queued[2].task.run_after > timezone.now() + datetime.timedelta(seconds=changes.SITEMAP_DELAY - 5)
    assert queued[0].kwargs == queued[1].kwargs == {"sitemap": False}  # a task of its own renders the sitemap
    assert [len(result.args[0]) for result in queued[3:]] == [2, changes.BULK_CHUNK, 2]
    assert queued[0].task.priority == queued[1].task.priority > queued[2].task.priority > queued[3].task.priority
    assert queued[3].task.priority == 0 and queued[3].args[0] == ["lang:en", "releases"]
    assert all(result.kwargs == {"sitemap": False} for result in queued[3:])  # not the sitemaps in every chunk
    # a worker of its own takes the person's change: it never waits for an import's chunk to finish
    assert [result.task.queue_name for result in queued[:2]] == [changes.PUBLISH_QUEUE] * 2
    assert {result.task.queue_name for result in queued[2:]} == {"default"}


def test_without_a_publish_queue_a_persons_change_goes_to_the_default_queue_first_in_line(settings):
    """A backend configured with one queue (an older RQ set-up) still takes a person's change, ahead of the rest."""
    settings.KZPRESS_STATIC_RENDER = True
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    from django.tasks import default_task_backend

    default_task_backend.clear()
    changes.announce({"article:9999", "lang:en"})
    queued = default_task_backend.results
    assert [result.args[0] for result in queued] == [["article:9999", "lang:en"]]
    assert queued[0].task.queue_name == "default" and queued[0].task.priority == changes.PUBLISH_PRIORITY


def test_an_imports_lists_are_rendered_a_few_at_a_time(settings):
    """A list is a page and three feeds: an import that touched forty agencies' lists queues them LIST_CHUNK at a
    time, so that a publish arriving meanwhile waits for a few renders, not a hundred."""
    settings.KZPRESS_STATIC_RENDER = True
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    from django.tasks import default_task_backend

    default_task_backend.clear()
    lists = {f"agency:agency-{n}:en" for n in range(40)}
    changes.announce(lists | {"article:1", "lang:en"}, bulk=True)
    chunks = [result.args[0] for result in default_task_backend.results]
    assert max(len(chunk) for chunk in chunks if chunk[0].startswith(("agency:", "lang:"))) == changes.LIST_CHUNK
    assert sorted(scope for chunk in chunks for scope in chunk) == sorted(lists | {"article:1", "lang:en"})
    assert chunks[0][0] == "lang:en" and chunks[-1] == ["article:1"]


def test_a_change_renders_its_releases_first_then_the_news_feeds_then_the_news_lists(site, make_article,
                                                                                   monkeypatch):
    article = make_article(versions={"en": "Order matters", "ru": "Порядок важен"}, status="published")
    order = []
    monkeypatch.setattr(rendering.Renderer, "render", lambda self, path: order.append(path))
    monkeypatch.setattr(rendering.Renderer, "release", lambda self, version, versions, path=None: order.append(
        version.get_absolute_url()) or b"page")
    rendering.render_scopes(changes.release_scopes(article, ["en", "ru"]))
    assert order[:2] == [url(article, "en"), url(article, "ru")]
    assert order[2:8] == ["/en/news/feed.json", "/en/news/feed/atom/", "/en/news/feed/rss/",  # what subscribers poll
                          "/ru/news/feed.json", "/ru/news/feed/atom/", "/ru/news/feed/rss/"]
    assert order[8:10] == ["/en/news/", "/ru/news/"]
    assert order.index("/en/") < order.index(f"/en/agencies/{article.agency.slug}/")


@pytest.mark.django_db(transaction=True)
def test_a_publish_in_three_languages_is_announced_once_when_it_really_commits(settings, make_article):
    """Django empties the connection's on-commit queue before it runs it: changes of one transaction must be
    gathered as they happen, not looked for in that queue (a publish in three languages queued four renders)."""
    settings.KZPRESS_STATIC_RENDER = True
    settings.KZPRESS_FOUR_EYES = False
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    from django.db import transaction
    from django.tasks import default_task_backend

    article = make_article(versions={"en": "Three at once", "ru": "Три сразу", "kk": "Үшеуі бірден"})
    default_task_backend.clear()
    cache.delete(changes.SITEMAP_QUEUED)  # the tasks queued so far are gone with it
    transition(article, "publish")
    queued = [result.args[0] for result in default_task_backend.results]
    # one change: its page with the news lists, its other lists, its sitemaps
    assert queued[0] == [f"article:{article.pk}", "lang:en", "lang:kk", "lang:ru"] and queued[2:] == [["sitemap"]]
    assert "releases" in queued[1] and not {"lang:en", "lang:ru", "lang:kk"} & set(queued[1])

    default_task_backend.clear()
    cache.delete(changes.SITEMAP_QUEUED)  # the tasks queued so far are gone with it
    with transaction.atomic():
        changes.changed({"lang:en"})
        try:
            with transaction.atomic():
                changes.changed({"lang:ru"})
                raise RuntimeError("rolled back")
        except RuntimeError:
            pass
        changes.changed({"lang:kk"})
    assert [result.args[0] for result in default_task_backend.results] == [["lang:en", "lang:kk"]]  # no sitemap


def test_changes_that_come_while_the_sitemaps_wait_queue_one_render_of_them(site, settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    from django.tasks import default_task_backend

    default_task_backend.clear()
    cache.delete(changes.SITEMAP_QUEUED)  # the tasks queued so far are gone with it
    for n in (1, 2, 3):
        changes.announce({f"article:{n}", "releases", "lang:en"})
    queued = [result.args[0] for result in default_task_backend.results]
    assert queued.count(["sitemap"]) == 1 and len(queued) == 7  # each change's page and lists, one sitemap
    rendering.render_changes.call(["sitemap"])  # the worker starts it: later changes queue another
    assert (site / "sitemap-index.xml").exists()
    changes.announce({"article:4", "releases", "lang:en"})
    assert [result.args[0] for result in default_task_backend.results].count(["sitemap"]) == 2


def test_the_templates_gettext_answers_in_the_active_language_and_forgets_on_new_settings(settings):
    from django.utils import translation

    from kzpress import jinja2

    with translation.override("ru"):
        assert jinja2.gettext("News") == translation.gettext("News") != "News"
    with translation.override("kk"):
        assert jinja2.gettext("News") == translation.gettext("News") != "News"
    with translation.override("en"):
        assert jinja2.gettext("News") == "News"
    assert jinja2._translated
    settings.LOCALE_PATHS = [*settings.LOCALE_PATHS]  # a catalogue moved: what was remembered may be stale
    assert not jinja2._translated


@pytest.mark.django_db(transaction=True)  # the worker closes its database connections, as in production
def test_the_publish_queues_own_worker_renders_a_publish_and_leaves_an_imports_renders_waiting(site, settings,
                                                                                                make_article):
    """README's deployment: ``db_worker --queue-name publish`` renders people's changes and nothing else, so a
    publish never waits for an import's chunk; the ``default`` queue's worker takes those."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend",
                                  "QUEUES": ["default", changes.PUBLISH_QUEUE]}}
    from django_tasks_db.models import DBTaskResult

    changes.announce({"lang:kk"}, bulk=True)  # an import's render, waiting
    article = make_article(versions={"en": "Own worker"}, status="published")
    queues = dict(DBTaskResult.objects.values_list("queue_name", "status").distinct())
    assert queues == {"default": "READY", changes.PUBLISH_QUEUE: "READY"}
    run_worker("--queue-name", changes.PUBLISH_QUEUE)
    assert "Own worker" in page(site, url(article, "en"))
    assert "Own worker" in page(site, "/en/news/feed/rss/")
    assert set(DBTaskResult.objects.filter(queue_name=changes.PUBLISH_QUEUE).values_list("status", flat=True)) == {
        "SUCCESSFUL"}
    assert set(DBTaskResult.objects.filter(queue_name="default").values_list("status", flat=True)) == {"READY"}


def test_the_admin_index_warns_when_a_queue_has_no_worker(site, settings, admin_client, make_article,
                                                           django_capture_on_commit_callbacks):
    """A publish whose re-render waits more than a minute (no worker takes its queue, as after an upgrade that kept
    the old workers) leaves readers with the page as it was: the administrators' index says so, per queue."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend",
                                  "QUEUES": ["default", changes.PUBLISH_QUEUE]}}
    from django_tasks_db.models import DBTaskResult

    with django_capture_on_commit_callbacks(execute=True):  # two renders in the publish queue, the sitemaps'
        make_article(versions={"en": "Waiting"}, status="published")
    assert admin_client.get("/admin/").context["waiting_tasks"] == []  # just queued: a worker may be on its way
    DBTaskResult.objects.update(enqueued_at=timezone.now() - datetime.timedelta(minutes=2))
    page = admin_client.get("/admin/")
    assert page.context["waiting_tasks"] == [(changes.PUBLISH_QUEUE, 2)]  # the sitemaps' waits for its time
    assert "2 tasks have waited more than a minute for a worker of the “publish” queue" in page.content.decode()
    assert "<code" in page.content.decode() and "manage.py db_worker --queue-name publish</code>" in \
        page.content.decode()
    DBTaskResult.objects.update(run_after=timezone.now() - datetime.timedelta(minutes=2))
    assert admin_client.get("/admin/").context["waiting_tasks"] == [("default", 1), (changes.PUBLISH_QUEUE, 2)]
    admin_client.post("/i18n/setlang/", {"language": "ru", "next": "/admin/"})
    assert "2 задачи больше минуты ждут исполнителя очереди «publish»" in admin_client.get("/admin/").content.decode()

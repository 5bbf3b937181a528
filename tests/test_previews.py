"""Previews of working copies: the staff preview in the admin, and shared preview links for people without an
account (exactly their versions, until expiry or revocation, each opening logged). Never public, never cached."""

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone

from articles.editorial import previews
from articles.editorial.access import EDITOR, PUBLISHER, TRANSLATOR
from articles.models import Article, ArticleTranslation, PreviewLink, PreviewView
from articles.public.caching import local_pages

pytestmark = pytest.mark.django_db


def preview_url(article, language):
    return f"/admin/articles/article/{article.pk}/preview/{language}/"


@pytest.fixture
def corrected(make_article):
    """A public release whose English working copy was corrected after it went live."""
    article = make_article(versions={"en": "The live title", "ru": "Живой заголовок"}, status=Article.Status.PUBLISHED)
    article.translations.filter(language="en").update(title="The corrected title", body="A corrected body.")
    return article


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def versions_of(*pairs):
    return [ArticleTranslation.objects.get(article=article, language=language) for article, language in pairs]


# --- the staff preview ---------------------------------------------------------------------------------------


def test_staff_preview_shows_the_working_copy_under_a_banner_and_is_never_cached(staff, corrected):
    response = logged_in(staff(EDITOR, corrected.agency)).get(preview_url(corrected, "en"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "The corrected title" in page and "A corrected body." in page
    assert "The live title" not in page
    assert "Preview — not public." in page and "working copy of the “English” version" in page
    assert 'href="/en/news/' in page  # what readers see now
    assert '<meta name="robots" content="noindex, nofollow">' in page
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert {"private", "no-store"} <= {part.strip() for part in response["Cache-Control"].split(",")}


def test_the_public_page_and_an_anonymous_visitor_still_get_the_live_text(client, staff, corrected):
    logged_in(staff(EDITOR, corrected.agency)).get(preview_url(corrected, "en"))
    public = client.get(f"/en/news/{corrected.pk}/", follow=True).content.decode()
    assert "The live title" in public and "The corrected title" not in public
    anonymous = client.get(preview_url(corrected, "en"))
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/admin/login/")
    assert "The corrected title" not in anonymous.content.decode()


def test_a_draft_preview_says_it_is_not_public_yet(staff, make_article):
    article = make_article(versions={"ru": "Черновик"}, original_language="ru")
    page = logged_in(staff(TRANSLATOR, article.agency)).get(preview_url(article, "ru")).content.decode()
    assert "Черновик" in page and '<html lang="ru">' in page
    assert "Предпросмотр — не опубликовано." in page and "Ещё не опубликовано." in page


def test_each_language_previews_in_its_language_and_links_to_the_others(staff, make_article):
    article = make_article(versions={"kk": "Қазақша тақырып", "ru": "Русский", "en": "English"})
    client = logged_in(staff(EDITOR, article.agency))
    for language in ("kk", "ru", "en"):
        page = client.get(preview_url(article, language), HTTP_ACCEPT_LANGUAGE="ru").content.decode()
        assert f'<html lang="{language}">' in page
        assert all(preview_url(article, other) in page for other in {"kk", "ru", "en"} - {language})
    assert "Алдын ала қарау — жарияланбаған." in client.get(preview_url(article, "kk")).content.decode()


def test_another_agencys_release_or_a_missing_version_is_a_404(staff, make_article, agency):
    article = make_article(versions={"en": "Not yours"})
    client = logged_in(staff(PUBLISHER, agency))
    assert client.get(preview_url(article, "en")).status_code == 404
    assert logged_in(staff(PUBLISHER, article.agency)).get(preview_url(article, "kk")).status_code == 404


def test_view_on_site_opens_the_preview_of_a_draft_in_the_admins_language(staff, make_article):
    article = make_article(versions={"en": "A draft", "kk": "Жоба"})
    client = logged_in(staff(EDITOR, article.agency))
    change = f"/admin/articles/article/{article.pk}/change/"
    assert f'href="{preview_url(article, "kk")}"' in client.get(change, HTTP_ACCEPT_LANGUAGE="kk").content.decode()
    assert f'href="{preview_url(article, "en")}"' in client.get(change, HTTP_ACCEPT_LANGUAGE="ru").content.decode()


def test_the_staff_preview_reads_a_bounded_number_of_queries(staff, corrected, django_assert_max_num_queries):
    client = logged_in(staff(EDITOR, corrected.agency))
    client.get(preview_url(corrected, "en"))
    with django_assert_max_num_queries(7):  # session, user, permissions (2), agencies, the version, its others
        assert client.get(preview_url(corrected, "ru")).status_code == 200


# --- shared preview links ------------------------------------------------------------------------------------


@pytest.fixture
def package(staff, make_article):
    """A link for a publisher's two embargoed releases: the first in English, the second in Russian only."""
    first = make_article(versions={"en": "Embargoed one", "ru": "Первый под эмбарго"})
    second = make_article(versions={"en": "Embargoed two", "ru": "Второй под эмбарго"}, agency=first.agency)
    publisher = staff(PUBLISHER, first.agency)
    link = previews.create_link(publisher, versions_of((first, "en"), (second, "ru")), "A. Journalist, Kazinform")
    return link, first, second, publisher


def test_a_link_lists_and_shows_exactly_its_versions(client, package):
    link, first, second, _ = package
    index = client.get(link.get_absolute_url())
    assert index.status_code == 200
    assert "Embargoed one" in index.content.decode() and "Второй под эмбарго" in index.content.decode()
    assert "Первый под эмбарго" not in index.content.decode() and "Embargoed two" not in index.content.decode()
    shown = client.get(f"{link.get_absolute_url()}{second.pk}/ru/")
    assert shown.status_code == 200 and "Второй под эмбарго" in shown.content.decode()
    assert "A. Journalist, Kazinform" in shown.content.decode()
    assert {"private", "no-store"} <= {part.strip() for part in shown["Cache-Control"].split(",")}
    for pk, language in ((first.pk, "ru"), (second.pk, "en"), (second.pk + 100, "en")):
        assert client.get(f"{link.get_absolute_url()}{pk}/{language}/").status_code == 404


def test_a_forged_or_altered_token_is_a_404(client, package):
    link = package[0]
    assert client.get(f"/preview/{link.key}/").status_code == 404
    assert client.get(f"/preview/{link.token[:-2]}xx/").status_code == 404


def test_each_opening_is_logged_without_the_address(client, package):
    link, first, _, _ = package
    client.get(link.get_absolute_url(), REMOTE_ADDR="203.0.113.7", HTTP_USER_AGENT="Newsroom browser")
    client.get(f"{link.get_absolute_url()}{first.pk}/en/", REMOTE_ADDR="203.0.113.7")
    client.get(f"{link.get_absolute_url()}{first.pk}/ru/")  # not in the package: not a view
    assert client.post(link.get_absolute_url()).status_code == 405  # nor is anything but reading
    views = list(PreviewView.objects.filter(link=link).order_by("at", "id"))
    assert [(v.version and v.version.language) for v in views] == [None, "en"]
    assert views[0].user_agent == "Newsroom browser"
    assert views[0].ip_hash == views[1].ip_hash and len(views[0].ip_hash) == 64
    assert "203.0.113.7" not in views[0].ip_hash


def test_an_expired_link_is_gone(client, package):
    link, first, _, _ = package
    with time_machine.travel(timezone.now() + timedelta(days=7, minutes=1)):
        response = client.get(f"{link.get_absolute_url()}{first.pk}/en/")
        assert response.status_code == 410
        assert "Embargoed one" not in response.content.decode()
        assert client.get(link.get_absolute_url()).status_code == 410
    assert not PreviewView.objects.exists()


def test_a_revoked_link_is_gone_at_once_although_it_was_just_read(client, package):
    link, first, _, publisher = package
    assert client.get(f"{link.get_absolute_url()}{first.pk}/en/").status_code == 200
    previews.revoke(link, publisher)
    response = client.get(f"{link.get_absolute_url()}{first.pk}/en/")
    assert response.status_code == 410 and "Embargoed one" not in response.content.decode()
    assert PreviewLink.objects.get().state() == PreviewLink.State.REVOKED
    assert not local_pages.entries and "private" in response["Cache-Control"]  # no public cache kept any of it


def test_the_link_shows_the_working_copy_as_it_is_now(client, package):
    link, first, _, _ = package
    first.translations.filter(language="en").update(title="Embargoed one, corrected")
    assert "Embargoed one, corrected" in client.get(f"{link.get_absolute_url()}{first.pk}/en/").content.decode()


def test_only_publishers_of_the_agencies_may_create_or_revoke_links(staff, make_article, agency, package):
    link, first, _, _ = package
    versions = versions_of((first, "en"))
    for user in (staff(EDITOR, first.agency), staff(TRANSLATOR, first.agency), staff(PUBLISHER, agency)):
        with pytest.raises(PermissionDenied):
            previews.create_link(user, versions, "Someone")
        with pytest.raises(PermissionDenied):
            previews.revoke(link, user)
    assert PreviewLink.objects.count() == 1 and PreviewLink.objects.get().revoked_at is None


def test_a_link_expires_within_thirty_days(package):
    _, first, _, publisher = package
    versions = versions_of((first, "en"))
    for expires_at in (timezone.now() - timedelta(minutes=1), timezone.now() + timedelta(days=31)):
        with pytest.raises(ValidationError):
            previews.create_link(publisher, versions, "Someone", expires_at)
    link = previews.create_link(publisher, versions, "Someone", timezone.now() + timedelta(days=30))
    assert link.state() == PreviewLink.State.ACTIVE
    assert previews.create_link(publisher, versions, "Someone").expires_at > timezone.now() + timedelta(days=6)


def test_a_link_page_reads_a_bounded_number_of_queries(client, package, django_assert_max_num_queries):
    link, first, _, _ = package
    with django_assert_max_num_queries(4):  # the link, the version, its other languages, the log
        assert client.get(f"{link.get_absolute_url()}{first.pk}/en/").status_code == 200
    with django_assert_max_num_queries(3):
        assert client.get(link.get_absolute_url()).status_code == 200


# --- the admin -------------------------------------------------------------------------------------------------


def test_the_share_action_makes_one_link_for_the_selection_and_shows_it(staff, make_article):
    first = make_article(versions={"en": "One", "ru": "Один"})
    second = make_article(versions={"en": "Two"}, agency=first.agency)
    client = logged_in(staff(PUBLISHER, first.agency))
    expires = timezone.localtime() + timedelta(days=3)
    response = client.post("/admin/articles/article/", {
        "action": "share_preview", "_selected_action": [first.pk, second.pk], "apply": "1",
        "recipient": "Newsroom", "email": "", "expires_at": expires.strftime("%Y-%m-%dT%H:%M"), "languages": ["en"],
    })
    link = PreviewLink.objects.get()
    assert response.status_code == 200 and link.get_absolute_url() in response.content.decode()
    assert sorted(link.versions.values_list("article_id", "language")) == [(first.pk, "en"), (second.pk, "en")]


def test_editors_are_not_offered_the_share_action(staff, make_article):
    article = make_article(versions={"en": "One"})
    client = logged_in(staff(EDITOR, article.agency))
    assert 'value="share_preview"' not in client.get("/admin/articles/article/").content.decode()
    client.post("/admin/articles/article/", {
        "action": "share_preview", "_selected_action": [article.pk], "apply": "1", "recipient": "Newsroom",
        "expires_at": "", "languages": ["en"],
    })
    assert not PreviewLink.objects.exists()
    publisher = logged_in(staff(PUBLISHER, article.agency))
    assert 'value="share_preview"' in publisher.get("/admin/articles/article/").content.decode()


def test_the_link_admin_lists_views_and_revokes(staff, client, package):
    link, first, _, publisher = package
    client.get(link.get_absolute_url())
    admin = logged_in(publisher)
    listing = admin.get("/admin/articles/previewlink/").content.decode()
    assert "A. Journalist, Kazinform" in listing
    detail = admin.get(f"/admin/articles/previewlink/{link.pk}/change/").content.decode()
    assert preview_url(first, "en") in detail and "list of releases" in detail
    assert logged_in(staff(PUBLISHER)).get(f"/admin/articles/previewlink/{link.pk}/change/").status_code == 404
    admin.post("/admin/articles/previewlink/", {"action": "revoke", "_selected_action": [link.pk]})
    link.refresh_from_db()
    assert link.revoked_at is not None and link.revoked_by == publisher


def test_nginx_may_keep_an_anonymous_public_page_a_second_never_a_preview_or_a_staff_page(client, staff, package,
                                                                                          corrected, settings):
    """``X-Accel-Expires`` is what lets deploy/nginx.conf's micro-cache keep an answer (tests/test_nginx.py)."""
    link, first, _second, _publisher = package
    for path in ("/en/", "/en/news/?q=live", f"/en/news/{corrected.pk}/", "/en/news/feed/rss/"):
        response = client.get(path, follow=True)
        assert response.status_code == 200 and response["X-Accel-Expires"] == "1", path
        assert client.get(path, follow=True)["X-Accel-Expires"] == "1", path  # as the page cache replays it
    editor = logged_in(staff(EDITOR, corrected.agency))
    for response in (editor.get("/en/news/?q=live"), editor.get(preview_url(corrected, "en")),
                     client.get(link.get_absolute_url()), client.get(f"{link.get_absolute_url()}{first.pk}/en/")):
        assert response.status_code == 200 and "X-Accel-Expires" not in response
    settings.KZPRESS_EDGE_CACHE_SECONDS = 0
    local_pages.clear()
    assert "X-Accel-Expires" not in Client().get("/en/news/?q=other")

"""Error pages in the reader's language and the site's frame: 404, 410, 429 (login lockouts), 500; the admin keeps
Django's own."""

import pytest

from articles.models import Article

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("language", "heading"), [
    ("en", "Page not found"), ("ru", "Страница не найдена"), ("kk", "Бет табылмады")])
def test_an_unknown_address_answers_a_branded_404_in_the_page_language(client, language, heading):
    response = client.get(f"/{language}/no-such-page/")
    page = response.content.decode()
    assert response.status_code == 404
    assert f'<html lang="{language}">' in page and f"<h1>{heading}</h1>" in page
    assert '<meta name="robots" content="noindex">' in page
    assert f'action="/{language}/news/"' in page  # a search box to find what was meant


def test_an_unknown_release_and_an_unknown_agency_answer_the_same_404(client):
    for path in ("/ru/news/999999/", "/ru/agencies/no-such-agency/"):
        response = client.get(path)
        assert response.status_code == 404 and "<h1>Страница не найдена</h1>" in response.content.decode(), path


def test_an_address_outside_the_languages_answers_in_the_readers_language(client):
    response = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE="kk")
    assert response.status_code == 404 and "<h1>Бет табылмады</h1>" in response.content.decode()


@pytest.mark.parametrize(("language", "heading"), [("kk", "Бет табылмады"), ("ru", "Страница не найдена"),
                                                   ("en", "Page not found")])
def test_the_admins_404_is_in_the_admins_frame_and_language(admin_client, language, heading):
    admin_client.post("/i18n/setlang/", {"language": language, "next": "/admin/"})
    response = admin_client.get("/admin/articles/no-such-model/")
    html = response.content.decode()
    assert response.status_code == 404 and f"<h2>{heading}</h2>" in html
    assert 'id="admin-language"' in html  # the admin's header, not the public site's
    assert "Press releases of Kazakhstan" not in html and "Not Found" not in html


@pytest.mark.parametrize(("language", "heading"), [("kk", "Рұқсат жоқ"), ("ru", "Нет доступа"), ("en", "Not allowed")])
def test_a_step_the_role_does_not_allow_answers_the_admins_403_in_its_language(client, staff, make_article, language,
                                                                                heading):
    """A translator of Kazakh opening the Russian version: the admin's frame and the editor's language, not
    Django's bare English "403 Forbidden"."""
    from articles.editorial.access import TRANSLATOR

    article = make_article(versions={"ru": "Релиз"}, original_language="ru")
    client.force_login(staff(TRANSLATOR, article.agency, languages=["kk"]))
    client.post("/i18n/setlang/", {"language": language, "next": "/admin/"})
    response = client.get(f"/admin/articles/article/{article.pk}/translate/ru/")
    html = response.content.decode()
    assert response.status_code == 403 and f"<h2>{heading}</h2>" in html
    assert 'id="admin-language"' in html and "403 Forbidden" not in html


@pytest.mark.parametrize(("language", "heading"), [
    ("en", "This release has been removed"), ("kk", "Бұл баспасөз хабарламасы алынып тасталды")])
def test_a_removed_release_answers_410_in_the_same_frame_as_the_404(client, make_article, language, heading):
    article = make_article(versions={"en": "Removed"}, status=Article.Status.PUBLISHED)
    article.status = Article.Status.UNPUBLISHED
    article.save()
    response = client.get(f"/{language}/news/{article.pk}/")
    page = response.content.decode()
    assert response.status_code == 410 and f"<h1>{heading}</h1>" in page
    assert '<meta name="robots" content="noindex">' in page and f'action="/{language}/news/"' in page


def test_a_server_error_answers_a_branded_500_without_the_database(client, monkeypatch,
                                                                    django_assert_num_queries):
    from articles.public import views

    def broken(self):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(views.HomeView, "get_queryset", broken)
    client.raise_request_exception = False
    client.get("/ru/news/")  # the cache generation is started
    with django_assert_num_queries(0):  # the generation is in the cache; the error page reads nothing
        response = client.get("/ru/")
    assert response.status_code == 500
    assert "<h1>На нашей стороне произошла ошибка</h1>" in response.content.decode()


def test_the_500_page_falls_back_to_djangos_when_it_cannot_render(rf, monkeypatch):
    from articles.public import errors

    def broken(*args, **kwargs):
        raise RuntimeError("template missing")

    monkeypatch.setattr(errors, "render", broken)
    response = errors.server_error(rf.get("/en/"))
    assert response.status_code == 500 and b"Server Error" in response.content


@pytest.mark.parametrize(("language", "text"), [
    ("en", "Try again in 15 minutes."), ("ru", "Повторите попытку через 15 минут."),
    ("kk", "15 минуттан кейін қайталап көріңіз.")])
def test_a_login_lockout_answers_a_branded_429_in_the_readers_language(client, staff, language, text):
    user = staff("Agency editor")
    for _ in range(6):
        response = client.post("/admin/login/", {"username": user.username, "password": "wrong"},
                               HTTP_ACCEPT_LANGUAGE=language)
    page = response.content.decode()
    assert response.status_code == 429
    assert f'<html lang="{language}">' in page and text in page


def test_the_language_switcher_of_a_404_leads_to_each_languages_home(client):
    page = client.get("/kk/no-such-page/").content.decode()
    assert '<a href="/ru/" hreflang="ru" lang="ru">' in page and '<a href="/en/" hreflang="en" lang="en">' in page
    assert 'href="/ru/no-such-page/"' not in page

"""Leaving a changed form asks first; leaving an unchanged one, or saving, does not."""

import pytest

from articles.models import ArticleTranslation
from tests.factories import ArticleFactory, TranslationFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def editor_url(live_server):
    article = ArticleFactory()
    TranslationFactory(article=article, language="en", title="Akimat meets farmers")
    return article, f"{live_server.url}/admin/articles/article/{article.pk}/translate/ru/"


def dialogs_of(page):
    seen = []

    def dismiss(dialog):
        seen.append(dialog.type)
        dialog.dismiss()  # stay on the page

    page.on("dialog", dismiss)
    return seen


def test_leaving_the_desk_editor_with_a_changed_field_asks_first(admin_page, editor_url):
    article, url = editor_url
    page = admin_page
    page.goto(url)
    seen = dialogs_of(page)
    page.click("#id_title")
    page.keyboard.type("Аким встретился с фермерами")
    page.click(".breadcrumbs >> text=Translation desk")
    page.wait_for_timeout(500)
    assert seen == ["beforeunload"]
    assert page.url == url  # still here, the text still in the field
    assert page.input_value("#id_title") == "Аким встретился с фермерами"


def test_an_unchanged_editor_and_a_save_leave_without_asking(admin_page, editor_url, live_server):
    article, url = editor_url
    page = admin_page
    page.goto(url)
    seen = dialogs_of(page)
    page.click(".breadcrumbs >> text=Translation desk")
    page.wait_for_url(f"{live_server.url}/admin/articles/article/desk/")

    page.goto(url)
    page.click("#id_title")
    page.keyboard.type("Аким встретился с фермерами")
    page.click("button[value=save]")
    page.wait_for_selector("#target-status")
    assert ArticleTranslation.objects.get(article=article, language="ru").title == "Аким встретился с фермерами"
    page.click(".breadcrumbs >> text=Translation desk")
    page.wait_for_url(f"{live_server.url}/admin/articles/article/desk/")
    assert seen == []


def test_the_article_change_form_loads_the_warning_too(admin_page, editor_url, live_server):
    article, _ = editor_url
    page = admin_page
    page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    seen = dialogs_of(page)
    page.click("#id_section")
    page.keyboard.type(" and more")
    page.click(f"a[href='/admin/articles/article/{article.pk}/history/']")
    page.wait_for_timeout(500)
    assert seen == ["beforeunload"]
    assert page.url.endswith(f"/admin/articles/article/{article.pk}/change/")

"""An editor fixes the sample's Russian-bodied release on the translation desk, in a real browser."""


import pytest

from articles.models import Article, ArticleTranslation
from tests.factories import import_sample

pytestmark = pytest.mark.django_db(transaction=True)



def test_fix_the_russian_bodied_item_end_to_end(admin_page, live_server, screenshot, settings):
    settings.KZPRESS_FOUR_EYES = False  # one administrator does it all here; tests/browser/test_editorial.py has two
    import_sample(publish=True)
    page = admin_page
    page.goto(f"{live_server.url}/admin/articles/article/desk/")
    assert page.inner_text("[data-count=needs_translation]") == "1"
    page.select_option("#id_state", "needs_translation")
    page.click("text=Filter")
    rows = page.locator("#desk tbody tr")
    assert rows.count() == 1
    screenshot(page, "desk-queue")

    rows.first.locator("td.status-needs_translation a").last.click()  # the English version
    assert "Сегодня, 4 февраля" in page.inner_text("#source-heading + *") or "Сегодня" in page.content()
    page.fill("#id_body", "Today, February 4, the Minister of Culture and Information met the participants "
                          "of the fourth generation of the School of Analysis project.")
    screenshot(page, "desk-editor", full_page=True)
    page.click("button[value=approve]")
    assert page.inner_text("#target-status") == "approved"

    page.click(".language-tabs >> text=Russian")
    page.fill("#id_title", "Вопросы гендерного равенства остаются актуальными — Аида Балаева")
    page.click("button[value=approve]")
    assert page.inner_text("#target-status") == "approved"

    article = Article.objects.get(news_id="931104")
    assert not article.needs_translation
    assert set(ArticleTranslation.objects.filter(article=article, status="approved")
               .values_list("language", flat=True)) == {"en", "ru"}
    page.goto(f"{live_server.url}/admin/articles/article/desk/?state=needs_translation")
    assert "Nothing needs work." in page.inner_text("#desk")

    # Publish it, then read both public pages: each links to the other.
    page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    page.click("#workflow [data-action=publish]")
    page.click("input[type=submit][value=Confirm]")
    assert page.inner_text("#workflow-state") == "published"
    page.goto(f"{live_server.url}/en/news/{article.pk}/")
    assert page.inner_text("h1") == "Gender equality issues remain relevant and need to be considered comprehensively" \
        " - Aida Balayeva"
    screenshot(page, "public-article-en")
    page.click("article a[hreflang=ru]")
    assert page.url.startswith(f"{live_server.url}/ru/news/{article.pk}/")
    assert "Сегодня, 4 февраля" in page.inner_text("article")
    page.click("article a[hreflang=en]")
    assert page.url.startswith(f"{live_server.url}/en/news/{article.pk}/")

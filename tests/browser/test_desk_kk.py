"""The translation desk in Kazakh, in a real browser: the Russian original of a release changed in a major way, a
Kazakh translator finds the outdated Kazakh version, reads what changed in the original and updates it, and a
publisher approves it."""

import pytest

from articles.editorial.access import PUBLISHER, TRANSLATOR
from articles.editorial.desk import APPROVE, SAVE, save_version
from articles.models import Agency, Article
from tests.browser.conftest import log_in
from tests.factories import ArticleFactory, StaffFactory, TranslationFactory

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "correct horse battery staple"
VIEWPORT = {"width": 1366, "height": 768}
BODY_RU = ("Министр транспорта провёл совещание по зимнему содержанию дорог.\n\n"
           "Обсуждены вопросы очистки трасс от снега.")
BODY_KK = ("Көлік министрі жолдарды қыста күтіп ұстау жөнінде кеңес өткізді.\n\n"
           "Трассаларды қардан тазарту мәселелері талқыланды.")


@pytest.fixture
def outdated_release(admin_user, settings):
    """A Russian release whose Kazakh version was translated on the desk, then the original changed in a major
    way: the Kazakh version is outdated."""
    settings.KZPRESS_FOUR_EYES = True
    agency = Agency.objects.get(slug="abay")
    article = ArticleFactory(agency=agency, original_language="ru")
    TranslationFactory(article=article, language="ru", title="Совещание по зимнему содержанию дорог", body=BODY_RU)
    TranslationFactory(article=article, language="kk", title="Жолдарды қыста күтіп ұстау жөніндегі кеңес",
                       body=BODY_KK, status="needs_review")
    settings.KZPRESS_FOUR_EYES = False
    save_version(article, "kk", title="Жолдарды қыста күтіп ұстау жөніндегі кеңес", lead="", body=BODY_KK,
                 action=APPROVE, user=admin_user)
    save_version(article, "ru", title="Совещание по зимнему содержанию дорог", lead="", action=SAVE,
                 body=BODY_RU.replace("от снега.", "от снега в течение четырёх часов после снегопада."),
                 user=admin_user, outdates_others=True)
    settings.KZPRESS_FOUR_EYES = True
    return article


def kazakh_staff(browser, live_server, username, role, agency, **fields):
    StaffFactory(username=username, role=role, agencies=[agency], **fields)
    page = browser.new_context(viewport=VIEWPORT, locale="kk-KZ").new_page()
    page.set_default_timeout(15000)
    return log_in(page, live_server, username, PASSWORD)


def test_a_kazakh_translator_updates_an_outdated_version_and_a_publisher_approves(
        browser, live_server, outdated_release, screenshot):
    article = outdated_release
    translator = kazakh_staff(browser, live_server, "aigerim", TRANSLATOR, article.agency, languages=["kk"])
    publisher = kazakh_staff(browser, live_server, "nurlan", PUBLISHER, article.agency)

    # The translator lands on the desk, in Kazakh, and filters the outdated Kazakh versions.
    assert translator.url.endswith("/admin/articles/article/desk/")
    assert "Аударма үстелі" in translator.title()
    translator.select_option("select[name=version]", "outdated:kk")
    translator.click("form.desk-filter input[type=submit]")
    row = translator.locator(f"#desk tbody tr[data-release='{article.pk}']")
    assert row.locator("td[data-language=kk]").inner_text().strip() == "ескірген"
    assert translator.locator("#desk tbody tr[data-release]").count() == 1
    assert translator.locator("td[data-language=ru] a").count() == 0  # not a Russian translator
    screenshot(translator, "desk-kk-matrix", full_page=True)

    # The keyboard: j focuses the release, Enter opens the version that needs work.
    translator.keyboard.press("j")
    translator.keyboard.press("Enter")
    translator.wait_for_url(f"**/article/{article.pk}/translate/kk/")
    outdated = translator.locator("#outdated")
    assert "Ескірген" in outdated.inner_text()
    assert "төрт сағат" not in outdated.inner_text()  # the diff is the original's, in Russian
    assert "четырёх часов после снегопада." in outdated.locator("ins").inner_text()
    screenshot(translator, "desk-kk-outdated", full_page=True)

    body = BODY_KK.replace("тазарту", "қар жауғаннан кейін төрт сағат ішінде тазарту")
    translator.fill("#id_body", body)
    translator.click("button[name=action][value=review]")
    translator.wait_for_url(f"**/article/{article.pk}/translate/kk/")
    assert translator.locator("#outdated").is_visible()  # saved for review, still outdated until approved
    assert translator.locator("button[name=action][value=approve]").count() == 0
    version = article.translations.get(language="kk")
    assert version.outdated and "төрт сағат" in version.body

    # A publisher approves: the mark is cleared.
    publisher.goto(f"{live_server.url}/admin/articles/article/{article.pk}/translate/kk/")
    assert publisher.locator("#outdated").is_visible()
    publisher.click("button[name=action][value=approve]")
    publisher.wait_for_url(f"**/article/{article.pk}/translate/kk/")
    assert publisher.locator("#outdated").count() == 0
    version.refresh_from_db()
    assert (version.status, version.outdated) == ("approved", False)
    assert Article.objects.get(pk=article.pk).status == "draft"


def test_the_admin_itself_speaks_kazakh(browser, live_server, admin_user, screenshot):
    """Django's admin in Kazakh where its own catalogue is silent: the home's headings, the message after saving, an
    object's history."""
    page = browser.new_context(viewport=VIEWPORT, locale="kk-KZ").new_page()
    page.set_default_timeout(15000)
    log_in(page, live_server, admin_user.username, "password")
    page.goto(f"{live_server.url}/admin/")
    text = page.inner_text("body").casefold()  # the header's links are set in capitals
    assert "соңғы әрекеттер" in text and "сайтты қарау" in text and "өзгерту" in text
    assert "recent actions" not in text and "view site" not in text and "өзгетру" not in text
    screenshot(page, "admin-home-kk")
    region = Agency.objects.get(slug="abay").region
    page.goto(f"{live_server.url}/admin/articles/region/{region.pk}/change/")
    page.click("input[name=_continue]")
    message = page.inner_text(".messagelist")
    assert "сәтті өзгертілді" in message and "Оны төменде қайта өңдей аласыз" in message
    assert page.inner_text("h1").startswith("Өзгерту: ") and "өзгету" not in page.inner_text("h1").lower()
    screenshot(page, "admin-saved-kk")
    page.goto(f"{live_server.url}/admin/articles/region/{region.pk}/history/")
    history = page.inner_text("body")
    assert region.name_en not in ("", None) and "Change history" not in history and "Date/time" not in history

"""Email alerts in a real browser: a reader subscribes from a filtered list in each language, reads the
confirmation mail from a local SMTP server (aiosmtpd), follows its link and confirms; screenshots."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe

from articles.models import Agency, Article, Subscription

pytestmark = pytest.mark.django_db(transaction=True)

WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
HEADINGS = {  # (subscribe page, check your email, confirm, confirmed)
    "kk": ("Хабарландыруға жазылу", "Поштаңызды тексеріңіз", "Хабарландыруға жазылуды растаңыз", "Сіз жазылдыңыз"),
    "ru": ("Подписаться на рассылку", "Проверьте почту", "Подтвердите подписку на рассылку", "Вы подписаны"),
    "en": ("Get email alerts", "Check your email", "Confirm your email alerts", "You are subscribed"),
}
SECTION = {"kk": "Құқық", "ru": "Право", "en": "Law"}


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_a_reader_subscribes_from_a_filtered_list_and_confirms_from_the_mail(
        browser, live_server, smtp_server, settings, make_article, screenshot, lang):
    settings.KZPRESS_SITE_URL = live_server.url
    agency = Agency.objects.get(slug="enbek")
    make_article(agency=agency, status=Article.Status.PUBLISHED, versions={"kk": None, "ru": None, "en": None})
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    page.set_default_timeout(15000)
    axe = Axe()

    page.goto(f"{live_server.url}/{lang}/news/?agency=enbek&section=Law")
    page.click("a.alerts-link")
    subscribe, sent, confirm, confirmed = HEADINGS[lang]
    assert page.locator("h1").inner_text() == subscribe
    described = page.locator(".alert-box").inner_text()
    assert agency.name(lang) in described and SECTION[lang] in described
    assert axe.run(page, options=WCAG).violations_count == 0
    address = f"reader-{lang}@example.kz"
    page.fill("input[type=email]", address)
    page.check("input[value=daily]")
    page.click("button[type=submit]")
    assert page.locator("h1").inner_text() == sent
    assert not Subscription.objects.exists()  # nothing before the link in the mail is followed

    [message] = smtp_server.wait(1).to(address)
    assert message["Content-Language"] == lang and message["Subject"] == confirm
    text = message.get_body(preferencelist=("plain",)).get_content()
    link = re.search(rf"{re.escape(live_server.url)}/{lang}/alerts/confirm/\S+", text).group(0)
    page.goto(link)
    assert page.locator("h1").inner_text() == confirm and address in page.content()
    page.click("button[type=submit]")
    assert page.locator("h1").inner_text() == confirmed
    assert axe.run(page, options=WCAG).violations_count == 0
    subscription = Subscription.objects.select_related("subscriber_list").get(email=address)
    assert subscription.frequency == "daily" and subscription.subscriber_list.language == lang
    assert subscription.subscriber_list.agency == agency and subscription.subscriber_list.section == "Law"
    screenshot(page, f"public-alerts-{lang}")
    context.close()

"""Working copy and live text in a real browser: a translator corrects, a publisher reviews and publishes.

The sample dump is loaded as an import would: clean releases are public, flagged ones are drafts. Readers use a
browser of their own (no session), editors each theirs; the admin speaks the language of the editor's browser.
"""


import pytest

from articles.editorial.access import PUBLISHER, TRANSLATOR
from articles.models import Agency, Article
from tests.browser.conftest import log_in
from tests.factories import StaffFactory, import_sample

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "correct horse battery staple"
VIEWPORT = {"width": 1366, "height": 768}
NEWS_ID = "931407"  # Abay region: unused farmland returned to the state
OLD = "it is planned to return 170 thousand hectares of land"
NEW = "it is planned to return 175 thousand hectares of land"
NOTE = "The area planned for this year was corrected."


@pytest.fixture
def sample():
    import_sample(publish=True)


def person(browser, locale="en-US"):
    """A page in a browser of its own: its own cookies, its own language."""
    page = browser.new_context(viewport=VIEWPORT, locale=locale).new_page()
    page.set_default_timeout(15000)
    return page


def staff(browser, live_server, username, role, agency, locale="en-US"):
    StaffFactory(username=username, role=role, agencies=[agency])
    return log_in(person(browser, locale), live_server, username, PASSWORD)


def correct_and_publish(browser, live_server, screenshot, locale="en-US", shots=""):
    """The editor's path on the Abay release: returns (translator's page, publisher's page, reader's page)."""
    abay = Agency.objects.get(slug="abay")
    article = Article.objects.get(news_id=NEWS_ID)
    assert article.status == Article.Status.PUBLISHED
    translator = staff(browser, live_server, "translator", TRANSLATOR, abay, locale)
    publisher = staff(browser, live_server, "publisher", PUBLISHER, abay, locale)
    reader = person(browser)
    reader.goto(f"{live_server.url}/en/news/{article.pk}/")
    public_url = reader.url
    assert OLD in reader.inner_text("article")

    # The translator corrects the English text on the desk and saves a draft: readers see nothing of it.
    desk = f"{live_server.url}/admin/articles/article/{article.pk}/translate/en/"
    translator.goto(desk)
    assert translator.locator("#live-state").inner_text().strip().startswith(live_label(locale))
    assert translator.locator("button[value=approve]").count() == 0  # the release is public: publishers only
    translator.fill("#id_body", translator.input_value("#id_body").replace(OLD, NEW))
    translator.click("button[value=save]")
    assert translator.locator("#live-state del").first.inner_text() == "170"
    assert translator.locator("#live-state ins").first.inner_text() == "175"
    reader.reload()
    assert OLD in reader.inner_text("article") and NEW not in reader.inner_text("article")

    # The preview shows the draft as it would read, under a banner saying it is not public.
    with translator.expect_popup() as popup:
        translator.click("#live-state a[target=_blank]")
    preview = popup.value
    preview.wait_for_load_state()
    assert "Preview — not public." in preview.inner_text(".preview-banner")
    assert NEW in preview.inner_text("article")
    if locale == "en-US":
        screenshot(preview, "editing-preview")
    preview.close()

    # The publisher, a second person, sees what differs, calls it a major change with a note, and publishes.
    publisher.goto(desk)
    assert publisher.locator("#live-state strong").first.inner_text() == differ_label(locale)
    assert publisher.locator("#live-state ins").first.inner_text() == "175"
    publisher.check("#publishing-options input[name=major]")
    publisher.fill("#id_change_note", NOTE)
    approve = publisher.locator("button[value=approve]")
    assert approve.inner_text() == approve_label(locale)
    publisher.locator("#live-state dl").scroll_into_view_if_needed()
    if shots:
        screenshot(publisher, f"editing-desk{shots}")
    if locale == "en-US":
        publisher.locator(".submit-row").scroll_into_view_if_needed()
        screenshot(publisher, "editing-desk-publishing-options")
    with publisher.expect_navigation():
        approve.click()
    assert publisher.locator("#live-state strong").count() == 0  # the live text is the working copy again
    assert publisher.locator(".messagelist .error").count() == 0

    # The reader's page now has the new text and says what was updated.
    reader.reload()  # a navigation could be answered from the browser's cache for a minute (max-age=60)
    assert reader.url == public_url
    text = reader.inner_text("article")
    assert NEW in text and OLD not in text
    assert f": {NOTE}" in reader.inner_text("article .update") and "Updated" in reader.inner_text("article .update")
    return translator, publisher, reader


LABELS = {
    "en-US": ("Live: readers see this text.", "Live and draft differ.", "Approve and publish"),
    "ru-RU": ("Опубликовано: читатели видят этот текст.", "Опубликованный текст и черновик различаются.",
              "Утвердить и опубликовать"),
    "kk-KZ": ("Жарияланған: оқырмандар осы мәтінді көреді.", "Жарияланған мәтін мен қаралама ерекшеленеді.",
              "Бекіту және жариялау"),
}


def live_label(locale):
    return LABELS[locale][0]


def differ_label(locale):
    return LABELS[locale][1]


def approve_label(locale):
    return LABELS[locale][2]


def test_a_correction_stays_a_draft_until_a_publisher_publishes_it(browser, live_server, sample, screenshot):
    """A translator's saved correction changes nothing for readers; the publisher's approval puts it live."""
    translator, publisher, reader = correct_and_publish(browser, live_server, screenshot, shots="-live-draft-diff")
    reader.locator("article .update").scroll_into_view_if_needed()
    screenshot(reader, "editing-public-update-note")
    publisher.goto(f"{live_server.url}/admin/articles/article/{Article.objects.get(news_id=NEWS_ID).pk}/change/")
    publisher.click("#publications summary")  # folded: no publication of this release needed a reason
    publications = publisher.inner_text("#publications")
    assert "publisher" in publications and f"major change: {NOTE}" in publications


@pytest.mark.parametrize("locale, code, labels", [
    ("ru-RU", "ru", ["Сохранить черновик", "Предпросмотр черновика в том виде, в каком его увидят читатели",
                     "Существенное изменение: сообщить читателям и подписчикам"]),
    ("kk-KZ", "kk", ["Қараламаны сақтау", "Қараламаны оқырмандар көретіндей алдын ала қарау",
                     "Елеулі өзгеріс: оқырмандар мен жазылушыларға хабарлау"]),
])
def test_the_desk_speaks_the_editors_language(browser, live_server, sample, screenshot, locale, code, labels):
    """An editor whose browser asks for Russian or Kazakh goes the same path in an admin in that language."""
    translator, publisher, reader = correct_and_publish(browser, live_server, screenshot, locale, shots=f"-{code}")
    assert publisher.evaluate("document.documentElement.lang") == code
    publisher.reload()
    text = publisher.inner_text("#content")
    assert labels[1] in text and labels[2] in text
    translator.reload()
    assert labels[0] in translator.inner_text("#version-form")


def test_a_flagged_release_needs_a_reason_to_publish(browser, live_server, sample, screenshot):
    """A title in capitals is a warning: Confirm without a reason is refused, with one it publishes and keeps it."""
    article = Article.objects.get(news_id="930418")
    assert article.status == Article.Status.DRAFT and article.title_in_capitals
    publisher = staff(browser, live_server, "publisher", PUBLISHER, article.agency)
    publisher.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    publisher.click("#workflow [data-action=publish]")
    warning = publisher.locator(f"#release-{article.pk} li[data-check=title_in_capitals]")
    assert "Warning:" in warning.inner_text() and "capitals" in warning.inner_text()
    assert publisher.locator(f"#release-{article.pk} .check-error").count() == 0
    screenshot(publisher, "editing-publish-warning")

    publisher.click("input[type=submit][value=Confirm]")
    assert "Not published:" in publisher.inner_text(f"#release-{article.pk} .outcome")
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT and not article.live_versions.exists()
    screenshot(publisher, "editing-publish-refused")

    reason = "The agency spells the region's name in capitals on purpose; the rest is checked."
    publisher.fill("#id_reason", reason)
    publisher.click("input[type=submit][value=Confirm]")
    assert publisher.inner_text("#workflow-state") == "published"
    publications = publisher.locator("#publications")
    assert publications.get_attribute("open") is not None  # a publication with a reason is shown unfolded
    assert reason in publications.inner_text() and "capitals" in publications.inner_text()
    publications.scroll_into_view_if_needed()
    screenshot(publisher, "editing-publications")

    reader = person(browser)
    reader.goto(f"{live_server.url}/en/news/{article.pk}/")
    assert reader.inner_text("h1") == article.translations.get(language="en").title

"""An agency editor drafts a release, a publisher reviews and schedules it, and it appears on time."""

import datetime
import time

import pytest
from django.utils import timezone

from articles.editorial.access import EDITOR, PUBLISHER
from articles.models import Agency, Article
from tests.browser.conftest import log_in
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "correct horse battery staple"
TITLE = "Aktobe akimat opens a new school in Kargaly district"


def test_editor_drafts_publisher_schedules_and_it_appears_on_time(browser, live_server, screenshot):
    aktobe = Agency.objects.get(slug="aktobe")
    StaffFactory(username="editor", role=EDITOR, agencies=[aktobe])
    StaffFactory(username="publisher", role=PUBLISHER, agencies=[aktobe])

    # The agency editor drafts the release and submits it for review.
    editor = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    log_in(editor, live_server, "editor", PASSWORD)
    editor.goto(f"{live_server.url}/admin/articles/article/add/")
    editor.fill("#id_source_url", "https://www.gov.kz/memleket/entities/aktobe/press/news/details/990001?lang=en")
    editor.fill("#id_news_id", "990001")
    editor.select_option("#id_original_language", "en")
    editor.click("#translations-group .add-row a")
    editor.select_option("#id_translations-0-language", "en")
    editor.check("#id_translations-0-is_original")
    editor.fill("#id_translations-0-title", TITLE)
    editor.fill("#id_translations-0-body", "The school has 600 places.\n\nIt opens on 1 September.")
    editor.click("input[name=_continue]")
    assert editor.inner_text("#workflow-state") == "draft"
    actions = editor.locator("#workflow [data-action]")
    assert sorted(actions.evaluate_all("els => els.map(e => e.dataset.action)")) == ["submit"]  # no publishing
    screenshot(editor, "workflow-editor-draft", full_page=True)
    editor.click("#workflow [data-action=submit]")
    editor.click("input[type=submit][value=Confirm]")
    assert editor.inner_text("#workflow-state") == "in review"
    article = Article.objects.get(news_id="990001")
    assert article.agency == aktobe and article.status == "in_review"

    # The publisher reviews it (a second pair of eyes approves the editor's text) and schedules it.
    publisher = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    log_in(publisher, live_server, "publisher", PASSWORD)
    publisher.goto(f"{live_server.url}/admin/articles/article/{article.pk}/translate/en/")
    publisher.click("button[value=approve]")
    assert publisher.inner_text("#target-status") == "approved"
    publisher.goto(f"{live_server.url}/admin/articles/article/?status__exact=in_review")
    publisher.click(f"#result_list >> text={TITLE}")  # the title opens the release
    publisher.click("#workflow [data-action=schedule]")
    assert TITLE in publisher.inner_text("#content")  # the publish screen shows what will go live
    due = timezone.localtime(timezone.now() + datetime.timedelta(seconds=6)).replace(microsecond=0)
    publisher.fill("#id_publish_at", due.strftime("%Y-%m-%dT%H:%M:%S"))
    screenshot(publisher, "workflow-publisher-schedule")
    publisher.click("input[type=submit][value=Confirm]")
    assert publisher.inner_text("#workflow-state") == "scheduled"

    # The public news list: not yet, then on time, with no job run in between.
    reader = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    reader.goto(f"{live_server.url}/en/news/")
    assert TITLE not in reader.inner_text("main")
    time.sleep(max(0.0, (due - timezone.now()).total_seconds()) + 0.5)
    reader.reload()
    assert TITLE in reader.inner_text("main")
    screenshot(reader, "workflow-public-on-time")

    # The history shows who did what.
    publisher.goto(f"{live_server.url}/admin/articles/article/{article.pk}/history/")
    history = publisher.inner_text("#revisions")
    assert "Workflow: scheduled" in history and "publisher" in history
    assert "Workflow: in review" in history and "Created in the admin" in history
    screenshot(publisher, "workflow-history", full_page=True)

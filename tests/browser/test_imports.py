"""An editor imports the sample dump in the admin: upload, watch the preview being read, read it, confirm, watch the
import, read the result, undo it.

The worker is Django's real ``db_worker`` (``tests.test_admin.run_worker``), run from the test's own thread between
the browser's steps: the live server's in-memory SQLite database is shared with that thread only, so a worker in
another process could not see it. The page learns that the worker is done by polling, as it would in production.
"""

from pathlib import Path

import pytest

from articles.importing import progress
from articles.importing.batches import ImportBatch
from articles.models import Article
from tests.test_admin import run_worker

pytestmark = pytest.mark.django_db(transaction=True)

SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "govkz-law-2025-02-09.txt"


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


@pytest.fixture
def worker_queue(settings):
    """Tasks queued in the database, as in production, until a worker runs them."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def upload(page, live_server, path, **options):
    page.goto(f"{live_server.url}/admin/articles/article/import/")
    page.set_input_files("#id_import_file", str(path))
    for name in options:
        page.check(f"#id_{name}")
    page.click("#import-form input[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/articles/importbatch/*/change/")


def count(page, kind):
    return int(page.inner_text(f"[data-count={kind}]"))


def test_upload_preview_confirm_result_and_undo(admin_page, live_server, worker_queue, screenshot):
    page = admin_page
    upload(page, live_server, SAMPLE, publish=True)
    assert "Waiting for a worker" in page.inner_text("#batch-progress")
    screenshot(page, "imports-queued")
    page.reload()  # the progress line survives a reload
    assert page.locator("#batch-progress").count() == 1
    preview = ImportBatch.objects.get()
    ImportBatch.objects.filter(pk=preview.pk).update(status="running")  # as a worker 10 items into 60 lines reports
    progress.report(preview.pk, 10, 30, 60)
    page.locator("#batch-progress .progress-text", has_text="10 items done").wait_for()  # the next poll
    line = page.inner_text("#batch-progress")
    assert "items/s" in line and "s left" in line
    screenshot(page, "imports-progress")
    progress.finish(preview.pk)
    ImportBatch.objects.filter(pk=preview.pk).update(status="queued")

    run_worker()
    page.wait_for_selector("#import-preview")  # polled, saw the preview done, reloaded
    assert count(page, "new") == 20 and count(page, "error") == 0 and count(page, "published") == 9
    assert page.locator("#batch-rows tbody tr").count() == 20
    assert not Article.objects.exists(), "the preview must not write"
    screenshot(page, "imports-preview", full_page=True)

    page.click("#confirm-button")
    page.wait_for_selector("#batch-progress")
    real = ImportBatch.objects.exclude(options__dry_run=True).get()
    assert page.url.endswith(f"/admin/articles/importbatch/{real.pk}/change/")
    assert not Article.objects.exists(), "nothing is written before a worker runs the import"

    run_worker()
    page.wait_for_selector("#undo-batch")
    assert Article.objects.count() == 20 and Article.objects.filter(status="published").count() == 9
    rows = page.locator("#batch-rows tbody tr")
    assert rows.count() == 20
    assert "created" in rows.first.inner_text()
    screenshot(page, "imports-result", full_page=True)

    page.click("#undo-batch")
    page.wait_for_selector("#undo-form")
    assert "20 releases created by this import will be removed" in page.inner_text("#undo-form")
    screenshot(page, "imports-undo")
    page.click("#undo-form input[type=submit]")
    page.wait_for_selector(".messagelist")
    assert "undone" in page.inner_text(".messagelist")
    assert not Article.objects.exists()
    assert ImportBatch.objects.get(pk=real.pk).status == "undone"


def test_a_broken_item_is_shown_with_its_line_and_the_rest_can_be_imported(admin_page, live_server, tmp_path):
    text = SAMPLE.read_text(encoding="utf-8").splitlines()
    # Line 5 is the body of the second item; cutting its Source off leaves it unkeyed.
    text[4] = text[4].split("Source :")[0]
    broken = tmp_path / "broken.txt"
    broken.write_text("\n".join(text), encoding="utf-8")

    page = admin_page
    upload(page, live_server, broken)  # the suite's tasks run at once: the preview is ready on arrival
    assert count(page, "error") == 1
    assert count(page, "new") == 19
    error_row = page.locator("#batch-rows tr.outcome-error")
    assert "Digital bailiff presented at the Digital Almaty 2025 forum" in error_row.inner_text()
    assert "no source" in error_row.inner_text().lower()  # says what is missing and what to give
    page.click("#confirm-button")
    page.wait_for_selector("#undo-batch")
    assert Article.objects.count() == 19


def test_all_or_nothing_blocks_the_confirm_when_an_item_fails(admin_page, live_server, tmp_path):
    broken = tmp_path / "broken.txt"
    broken.write_text(SAMPLE.read_text(encoding="utf-8").replace("Source : https://www.gov.kz/memleket/entities/adilet"
                                                                 "/press/news/details/931102", "", 1), encoding="utf-8")
    page = admin_page
    upload(page, live_server, broken, all_or_nothing=True)
    assert "all-or-nothing" in page.inner_text("#preview-blocked")
    assert page.locator("#confirm-button").count() == 0
    assert not Article.objects.exists()

"""The admin import: upload, preview batch, confirm, result, and export, through Django's test client.

The suite's tasks run at once (``TASKS``: the immediate backend), so the upload's redirect lands on a finished
preview; ``test_a_real_db_worker_runs_the_queued_preview_and_import`` queues in the database and runs ``db_worker``.
"""

import re
import signal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from articles.importing.batches import ImportBatch
from articles.models import Article

pytestmark = pytest.mark.django_db

SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "govkz-law-2025-02-09.txt"
IMPORT_URL = "/admin/articles/article/import/"


def format_index(name):
    """The value of a format in the upload form's choice."""
    return name


def preview(client, data, name="dump.txt", **options):
    """Upload ``data``; the response is the preview batch's page (followed from the upload's redirect)."""
    upload = SimpleUploadedFile(name, data, content_type="text/plain")
    return client.post(IMPORT_URL, {"import_file": upload, "format": "dump", **options}, follow=True)


def confirm(client, response):
    """Press "Confirm the import" on a preview's page; the response is the real batch's page."""
    return client.post(f"/admin/articles/importbatch/{response.context['original'].pk}/confirm/", follow=True)


def outcomes(response):
    return [row.outcome for row in response.context["rows_page"]]


def test_preview_lists_every_item_and_writes_nothing(admin_client):
    response = preview(admin_client, SAMPLE.read_bytes())
    assert response.status_code == 200
    batch = response.context["original"]
    assert batch.options["dry_run"] and batch.status == "done"
    assert outcomes(response) == ["new"] * 20
    assert response.context["may_confirm"]
    assert 'id="confirm-button"' in response.content.decode()
    assert not Article.objects.exists()


def test_a_preview_reads_as_what_would_happen_not_as_done(admin_client):
    page = preview(admin_client, SAMPLE.read_bytes()).content.decode()
    assert "preview ready: nothing imported yet" in page and "would create 20, update 0" in page
    assert page.count("<td>would be created") == 20
    assert "would be held beside an editor’s correction" in page  # a source's change, or an export's edit
    batches = admin_client.get("/admin/articles/importbatch/").content.decode()
    assert "preview ready: nothing imported yet" in batches and "20 created" not in batches


def test_confirm_imports_with_the_same_rules(admin_client):
    response = confirm(admin_client, preview(admin_client, SAMPLE.read_bytes(), publish="on"))
    assert response.status_code == 200
    batch = response.context["original"]
    assert not batch.options["dry_run"] and batch.options["publish"] and batch.status == "done"
    assert Article.objects.count() == 20
    assert Article.objects.filter(status="published").count() == 9
    assert response.context["may_undo"]
    again = preview(admin_client, SAMPLE.read_bytes())
    assert outcomes(again) == ["unchanged"] * 20


def test_the_preview_says_what_would_be_published_and_the_result_shows_what_was(admin_client):
    page = preview(admin_client, SAMPLE.read_bytes(), publish="on")
    assert int(re.search(r'data-count="published">(\d+)<', page.content.decode()).group(1)) == 9
    assert sum(row.published for row in page.context["rows_page"]) == 9
    assert page.content.decode().count(" · would be published") == 9
    assert not Article.objects.filter(status="published").exists()
    result = confirm(admin_client, page)
    assert sum(row.published for row in result.context["rows_page"]) == 9


def test_a_preview_is_confirmed_once(admin_client):
    page = preview(admin_client, SAMPLE.read_bytes())
    first, second = confirm(admin_client, page), confirm(admin_client, page)
    assert first.context["original"].pk == second.context["original"].pk
    assert ImportBatch.objects.filter(options__dry_run=False).count() == 1
    shown = admin_client.get(f"/admin/articles/importbatch/{page.context['original'].pk}/change/")
    assert shown.context["confirmed_as"].pk == first.context["original"].pk
    assert 'id="confirm-button"' not in shown.content.decode()


def test_preview_shows_errors_with_lines_and_still_offers_confirm(admin_client):
    broken = SAMPLE.read_text(encoding="utf-8").replace(
        "Source : https://www.gov.kz/memleket/entities/adilet/press/news/details/931102", "")
    response = preview(admin_client, broken.encode())
    content = response.content.decode()
    assert re.search(r"<td>4</td>\s*<td>Digital bailiff presented", content)
    assert "no source line" in content and "give the agency" in content
    assert response.context["may_confirm"]
    confirm(admin_client, response)
    assert Article.objects.count() == 19


def test_all_or_nothing_preview_refuses_to_confirm(admin_client):
    broken = SAMPLE.read_text(encoding="utf-8").replace("09.02.2025", "31.02.2025", 1)
    response = preview(admin_client, broken.encode(), all_or_nothing="on")
    assert not response.context["may_confirm"]
    assert 'id="confirm-button"' not in response.content.decode()
    assert "invalid date" in response.content.decode()
    refused = admin_client.post(f"/admin/articles/importbatch/{response.context['original'].pk}/confirm/")
    assert refused.status_code == 403
    assert not Article.objects.exists()


def test_changed_item_preview_shows_a_diff(admin_client):
    confirm(admin_client, preview(admin_client, SAMPLE.read_bytes()))
    changed = SAMPLE.read_text(encoding="utf-8").replace("savings of 550 million tenge", "savings of 560 million tenge")
    response = preview(admin_client, changed.encode())
    assert set(outcomes(response)) == {"unchanged", "changed"}
    assert "<del>550</del> <ins>560</ins> million" in response.content.decode()


def test_the_format_comes_from_the_content_unless_chosen(admin_client):
    upload = SimpleUploadedFile("releases.dat", SAMPLE.read_bytes(), content_type="text/plain")
    response = admin_client.post(IMPORT_URL, {"import_file": upload}, follow=True)
    assert response.context["original"].format == "dump" and outcomes(response) == ["new"] * 20
    picture = SimpleUploadedFile("releases.png", b"\x89PNG\r\n\x1a\n" + bytes(64))
    refused = admin_client.post(IMPORT_URL, {"import_file": picture})
    assert "looks like a PNG image" in " ".join(refused.context["form"].non_field_errors())
    assert ImportBatch.objects.count() == 1


@pytest.mark.parametrize("encoding, delimiter", [("cp1251", ";"), ("utf-16", "\t")])
def test_a_csv_saved_by_excel_in_windows_1251_or_unicode_text_is_previewed(admin_client, encoding, delimiter):
    data = (delimiter.join(["source_url", "published", "title", "body"]) + "\r\n" + delimiter.join([
        "https://www.gov.kz/memleket/entities/adilet/press/news/details/1001", "2025-02-09", "Приём граждан",
        "Сегодня в министерстве юстиции прошёл приём граждан."]) + "\r\n").encode(encoding)
    upload = SimpleUploadedFile("releases.txt", data, content_type="text/plain")
    response = admin_client.post(IMPORT_URL, {"import_file": upload}, follow=True)
    assert response.context["original"].format == "csv" and outcomes(response) == ["new"]
    assert "Приём граждан" in response.content.decode()
    confirm(admin_client, response)
    assert Article.objects.get().translations.get().title == "Приём граждан"


@pytest.mark.parametrize(("title", "lines", "encoding", "name"), [
    ("Министерство юстиции провело приём граждан", "Сегодня прошёл приём граждан.\nИсточник : ", "koi8-r", "KOI8-R"),
    ("Әкімдік қала тұрғындарымен кездесу өткізді", "Қаңтар айында өңірде жаңа мектеп ашылды.\nАқпарат көзі : ",
     "kz1048", "KZ-1048"),  # a Kazakh dump saved in Windows' Kazakh code page is read in Kazakh
], ids=["koi8-r", "kz1048"])
def test_an_eight_bit_dump_is_previewed_with_its_encoding_named(admin_client, title, lines, encoding, name):
    text = f"{title} 09.02.2025\n{lines}https://www.gov.kz/memleket/entities/adilet/press/news/details/1002\n"
    response = preview(admin_client, text.encode(encoding))
    assert outcomes(response) == ["new"] and response.context["original"].encoding == name
    assert title in response.content.decode()


def test_a_chosen_encoding_reads_a_windows_1251_file(admin_client):
    text = SAMPLE.read_text(encoding="utf-8").replace("Digital bailiff", "Цифровой судоисполнитель")
    response = preview(admin_client, text.encode("windows-1251"), encoding="windows-1251")
    assert response.context["original"].encoding == "Windows-1251"
    assert "Цифровой судоисполнитель" in response.content.decode()


@pytest.mark.django_db(transaction=True)  # the worker closes its database connections, as in production
def test_the_progress_endpoint_says_where_a_batch_is(admin_client, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    admin_client.post(IMPORT_URL, {"import_file": SimpleUploadedFile("dump.txt", SAMPLE.read_bytes()),
                                   "format": "dump"})
    batch = ImportBatch.objects.get()
    url = f"/admin/articles/importbatch/{batch.pk}/progress/"
    assert admin_client.get(url).json() == {"id": batch.pk, "status": "queued", "status_label": "queued",
                                            "finished": False, "items": None, "fraction": None, "rate": None,
                                            "seconds_left": None}
    page = admin_client.get(f"/admin/articles/importbatch/{batch.pk}/change/").content.decode()
    assert f'data-url="{url}"' in page and "Waiting for a worker" in page
    from articles.importing import progress

    ImportBatch.objects.filter(pk=batch.pk).update(status="running")
    progress.report(batch.pk, 10, 30, 60)
    running = admin_client.get(url).json()
    assert running["status"] == "running" and running["items"] == 10 and running["fraction"] == 0.5
    assert running["rate"] > 0 and running["seconds_left"] is not None
    progress.finish(batch.pk)
    ImportBatch.objects.filter(pk=batch.pk).update(status="queued")
    run_worker()
    done = admin_client.get(url).json()
    assert done["status"] == "done" and done["finished"] and done["items"] == 20


def test_another_users_batch_has_no_progress_to_show(client, staff, admin_user):
    from articles.editorial.access import EDITOR
    from articles.importing.pipeline import ImportOptions, import_file

    theirs = import_file(SAMPLE, user=admin_user, options=ImportOptions(dry_run=True))
    client.force_login(staff(EDITOR))
    assert client.get(f"/admin/articles/importbatch/{theirs.pk}/progress/").status_code == 404
    assert client.post(f"/admin/articles/importbatch/{theirs.pk}/confirm/").status_code == 404


def run_worker(*options):
    """Run Django's database worker until the queue is empty, as ``manage.py db_worker --batch`` would (``options``:
    more of its options, ``"--queue-name", "publish"``); the signal handlers it installs are put back afterwards."""
    handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    try:
        call_command("db_worker", "--batch", "--no-reload", "--no-startup-delay", "--interval", "0", *options,
                     verbosity=0)
    finally:
        for sig, handler in handlers.items():
            signal.signal(sig, handler)


@pytest.mark.django_db(transaction=True)  # the worker closes its database connections, as in production
def test_a_real_db_worker_runs_the_queued_preview_and_import(admin_client, settings):
    """Queued in the database, nothing runs until a worker comes; the worker reads the file back from storage."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    from django_tasks_db.models import DBTaskResult

    page = admin_client.post(IMPORT_URL, {"import_file": SimpleUploadedFile("dump.txt", SAMPLE.read_bytes()),
                                          "format": "dump"}, follow=True)
    batch = page.context["original"]
    assert batch.status == "queued" and batch.task_id
    assert DBTaskResult.objects.get(id=batch.task_id).status == "READY"
    run_worker()
    batch.refresh_from_db()
    assert batch.status == "done" and batch.rows.count() == 20 and not Article.objects.exists()
    assert DBTaskResult.objects.get(id=batch.task_id).status == "SUCCESSFUL"
    result = confirm(admin_client, admin_client.get(f"/admin/articles/importbatch/{batch.pk}/change/"))
    assert result.context["original"].status == "queued" and not Article.objects.exists()
    run_worker()
    assert Article.objects.count() == 20
    assert ImportBatch.objects.get(pk=result.context["original"].pk).counts["created"] == 20


def test_export_as_csv_from_the_admin(admin_client, make_article):
    make_article(versions={"en": "Exported title"})
    response = admin_client.post("/admin/articles/article/export/", {"format": "0", "resource": "0"})
    assert response.status_code == 200
    assert b"Exported title" in response.content

"""The admin import: preview, confirm and export, through Django's test client."""

import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from articles.admin import ArticleAdmin
from articles.models import Article

pytestmark = pytest.mark.django_db

SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "govkz-law-2025-02-09.txt"
IMPORT_URL = "/admin/articles/article/import/"


def format_index(name):
    return [f().get_title() if hasattr(f, "get_title") else None for f in ArticleAdmin.import_formats].index(name)


def preview(client, data, **options):
    upload = SimpleUploadedFile("dump.txt", data, content_type="text/plain")
    return client.post(IMPORT_URL, {"import_file": upload, "format": format_index("dump"), **options})


def confirm(client, response):
    form = response.context["confirm_form"]
    return client.post("/admin/articles/article/process_import/", {**form.initial, "format": form.initial["format"]})


def test_preview_lists_every_item_and_writes_nothing(admin_client):
    response = preview(admin_client, SAMPLE.read_bytes())
    assert response.status_code == 200
    result = response.context["result"]
    assert [row.import_type for row in result.rows] == ["new"] * 20
    assert response.context["confirm_form"] is not None
    assert not Article.objects.exists()


def test_confirm_imports_with_the_same_rules(admin_client):
    response = confirm(admin_client, preview(admin_client, SAMPLE.read_bytes(), publish="on"))
    assert response.status_code == 302
    assert Article.objects.count() == 20
    assert Article.objects.filter(status="published").count() == 9
    again = preview(admin_client, SAMPLE.read_bytes())
    assert [row.import_type for row in again.context["result"].rows] == ["skip"] * 20


def test_preview_shows_errors_with_lines_and_still_offers_confirm(admin_client):
    broken = SAMPLE.read_text(encoding="utf-8").replace(
        "Source : https://www.gov.kz/memleket/entities/adilet/press/news/details/931102", "")
    response = preview(admin_client, broken.encode())
    content = response.content.decode()
    assert re.search(r"<td>4</td>\s*<td>Digital bailiff presented", content)
    assert "no source line" in content and "give the agency" in content
    assert response.context["confirm_form"] is not None
    confirm(admin_client, response)
    assert Article.objects.count() == 19


def test_all_or_nothing_preview_refuses_to_confirm(admin_client):
    broken = SAMPLE.read_text(encoding="utf-8").replace("09.02.2025", "31.02.2025", 1)
    response = preview(admin_client, broken.encode(), all_or_nothing="on")
    assert "confirm_form" not in response.context or response.context["confirm_form"] is None
    assert "invalid date" in response.content.decode()


def test_changed_item_preview_shows_a_diff(admin_client):
    confirm(admin_client, preview(admin_client, SAMPLE.read_bytes()))
    changed = SAMPLE.read_text(encoding="utf-8").replace("savings of 550 million tenge", "savings of 560 million tenge")
    response = preview(admin_client, changed.encode())
    rows = {row.outcome.kind for row in response.context["result"].rows}
    assert rows == {"unchanged", "changed"}
    assert "<del>550</del> <ins>560</ins> million" in response.content.decode()


@pytest.mark.parametrize("encoding, delimiter", [("cp1251", ";"), ("utf-16", "\t")])
def test_a_csv_saved_by_excel_in_windows_1251_or_unicode_text_is_previewed(admin_client, encoding, delimiter):
    data = (delimiter.join(["source_url", "published", "title", "body"]) + "\r\n" + delimiter.join([
        "https://www.gov.kz/memleket/entities/adilet/press/news/details/1001", "2025-02-09", "Приём граждан",
        "Сегодня в министерстве юстиции прошёл приём граждан."]) + "\r\n").encode(encoding)
    upload = SimpleUploadedFile("releases.csv", data, content_type="text/csv")
    response = admin_client.post(IMPORT_URL, {"import_file": upload, "format": format_index("csv")})
    assert response.status_code == 200, response.content
    assert [row.import_type for row in response.context["result"].rows] == ["new"]
    assert "Приём граждан" in response.content.decode()
    assert confirm(admin_client, response).status_code == 302
    assert Article.objects.get().translations.get().title == "Приём граждан"


def test_a_koi8_dump_is_previewed(admin_client):
    text = "Министерство юстиции провело приём граждан 09.02.2025\nСегодня прошёл приём граждан.\nИсточник : " \
           "https://www.gov.kz/memleket/entities/adilet/press/news/details/1002\n"
    response = preview(admin_client, text.encode("koi8-r"))
    assert [row.import_type for row in response.context["result"].rows] == ["new"]
    assert "Министерство юстиции провело приём граждан" in response.content.decode()


def test_export_as_csv_from_the_admin(admin_client, make_article):
    make_article(versions={"en": "Exported title"})
    response = admin_client.post("/admin/articles/article/export/", {"format": "0", "resource": "0"})
    assert response.status_code == 200
    assert b"Exported title" in response.content

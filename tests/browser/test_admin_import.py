"""An editor imports the sample dump in the admin: upload, read the preview, confirm."""

from pathlib import Path

import pytest

from articles.models import Article

pytestmark = pytest.mark.django_db(transaction=True)

SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "govkz-law-2025-02-09.txt"


def upload(page, live_server, path, **options):
    page.goto(f"{live_server.url}/admin/articles/article/import/")
    page.set_input_files("#id_import_file", str(path))
    page.select_option("#id_format", label="dump")
    for name in options:
        page.check(f"#id_{name}")
    page.click("input[type=submit]")
    page.wait_for_selector("#import-preview")


def count(page, kind):
    return int(page.inner_text(f"[data-count={kind}]"))


def test_preview_then_confirm_imports_the_sample(admin_page, live_server, screenshot):
    page = admin_page
    upload(page, live_server, SAMPLE)
    assert count(page, "new") == 20
    assert count(page, "error") == 0
    assert page.locator("table.import-outcomes tbody tr").count() == 20
    assert not Article.objects.exists(), "the preview must not write"
    screenshot(page, "admin-import-preview")

    page.click("form input[type=submit][value='Confirm import']")
    page.wait_for_url(f"{live_server.url}/admin/articles/article/")
    assert Article.objects.count() == 20
    assert "20 new" in page.inner_text(".messagelist") or "Import finished" in page.inner_text(".messagelist")

    upload(page, live_server, SAMPLE)
    assert count(page, "unchanged") == 20
    assert count(page, "new") == 0


def test_a_broken_item_is_shown_with_its_line_and_the_rest_can_be_imported(admin_page, live_server, tmp_path):
    text = SAMPLE.read_text(encoding="utf-8").splitlines()
    # Line 5 is the body of the second item; cutting its Source off leaves it unkeyed.
    text[4] = text[4].split("Source :")[0]
    broken = tmp_path / "broken.txt"
    broken.write_text("\n".join(text), encoding="utf-8")

    page = admin_page
    upload(page, live_server, broken)
    assert count(page, "error") == 1
    assert count(page, "new") == 19
    error_row = page.locator("table.import-outcomes tr.error")
    assert "Digital bailiff presented at the Digital Almaty 2025 forum" in error_row.inner_text()
    assert "no source" in error_row.inner_text().lower()  # says what is missing and what to give
    page.click("form input[type=submit][value='Confirm import']")
    page.wait_for_url(f"{live_server.url}/admin/articles/article/")
    assert Article.objects.count() == 19


def test_all_or_nothing_blocks_the_confirm_when_an_item_fails(admin_page, live_server, tmp_path):
    broken = tmp_path / "broken.txt"
    broken.write_text(SAMPLE.read_text(encoding="utf-8").replace("Source : https://www.gov.kz/memleket/entities/adilet"
                                                                 "/press/news/details/931102", "", 1), encoding="utf-8")
    page = admin_page
    upload(page, live_server, broken, all_or_nothing=True)
    assert "all-or-nothing" in page.inner_text("#content")
    assert page.locator("input[value='Confirm import']").count() == 0
    assert not Article.objects.exists()

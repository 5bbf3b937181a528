"""What held in issue #20's adversarial run, kept holding: login throttling whatever X-Forwarded-For says, and an
XLSX carrying a billion-laughs entity expansion refused without being expanded (the parser refused it, but its
ParseError escaped the import as an unexpected failure: now a clear refusal)."""

import io
import zipfile

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from articles.editorial.access import EDITOR
from articles.models import Article
from tests.security.test_deployment import PASSWORD

pytestmark = pytest.mark.django_db


def test_login_throttling_holds_with_a_changing_x_forwarded_for(client, staff, agency):
    """Behind no proxy (KZPRESS_PROXY_COUNT=0) the header is the client's to write: it cannot reset the count."""
    user = staff(EDITOR, agency, password=PASSWORD)
    codes = [client.post("/admin/login/?next=/admin/", {"username": user.username, "password": "wrong"},
                         REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").status_code
             for n in range(settings.AXES_FAILURE_LIMIT + 2)]
    assert codes[-1] == 429 and codes.count(429) >= 2
    right = client.post("/admin/login/?next=/admin/", {"username": user.username, "password": PASSWORD},
                        REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR="192.0.2.200")
    assert right.status_code == 429
    assert "_auth_user_id" not in client.session


ENTITIES = (b'<!DOCTYPE worksheet [<!ENTITY lol "lol">'
            + b"".join(b'<!ENTITY lol%d "%s">' % (n, (b"&lol%d;" % (n - 1) if n > 1 else b"&lol;") * 10)
                       for n in range(1, 10)) + b"]>")


def billion_laughs_workbook():
    """A workbook whose first title cell expands to 10^9 "lol"s (3 GB) if the XML parser expands entities."""
    from openpyxl import Workbook

    plain = io.BytesIO()
    book = Workbook()
    book.active.append(["source_url", "agency", "title"])
    book.active.append(["https://www.gov.kz/memleket/entities/adilet/press/news/details/1", "adilet", "LAUGH"])
    book.save(plain)
    out = io.BytesIO()
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = ENTITIES + data.replace(b"LAUGH", b"&lol9;")
            target.writestr(item.filename, data)
    return out.getvalue()


def test_a_billion_laughs_workbook_is_refused_without_expanding(admin_client):
    upload = SimpleUploadedFile("laughs.xlsx", billion_laughs_workbook())
    response = admin_client.post("/admin/articles/article/import/", {"import_file": upload}, follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    assert "lollollol" not in page
    assert "laughs.xlsx" in page and ("not a readable XLSX workbook" in page or "cannot read as xlsx" in page)
    assert not Article.objects.exists()

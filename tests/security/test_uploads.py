"""Uploads: a size limit, a type check and a clear error; a 100 MB body or a zip bomb does not take the server down."""

import http.client
import io
import time
import zipfile
from urllib.parse import urlparse

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from articles.models import Article
from tests.test_admin import IMPORT_URL, format_index

pytestmark = pytest.mark.django_db
MB = 1024 * 1024


def upload(client, name, data, fmt):
    return client.post(IMPORT_URL, {"import_file": SimpleUploadedFile(name, data), "format": format_index(fmt)})


def form_errors(response):
    assert response.status_code == 200
    return " ".join(str(e) for e in response.context["form"].non_field_errors())


def zip_bomb(expanded_mb):
    """A valid zip whose one member expands to ``expanded_mb`` MB of zeros (about 1 KB per MB compressed)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive, archive.open("xl/worksheets/s.xml", "w") as f:
        for _ in range(expanded_mb):
            f.write(bytes(MB))
    return buffer.getvalue()


def test_a_declared_100_mb_body_is_refused_before_it_is_read(client):
    response = client.post(IMPORT_URL, b"x", content_type="application/octet-stream", CONTENT_LENGTH=str(100 * MB))
    assert response.status_code == 413
    assert "limit" in response.content.decode()


def test_a_real_100_mb_upload_gets_413_without_the_server_reading_it(live_server, admin_user):
    address = urlparse(live_server.url)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=10)
    started = time.monotonic()
    connection.putrequest("POST", IMPORT_URL)
    connection.putheader("Content-Type", "multipart/form-data; boundary=x")
    connection.putheader("Content-Length", str(100 * MB))
    connection.endheaders()
    try:
        connection.send(bytes(MB))  # the first megabyte; the rest never needs to be sent
    except (BrokenPipeError, ConnectionResetError):
        pass
    response = connection.getresponse()
    assert response.status == 413
    assert time.monotonic() - started < 5
    connection.close()
    after = http.client.HTTPConnection(address.hostname, address.port, timeout=10)  # still serving
    after.request("GET", "/en/")
    assert after.getresponse().status == 200
    after.close()


def test_a_file_over_the_limit_is_refused_with_its_name_and_the_limit(admin_client, settings):
    settings.KZPRESS_IMPORT_MAX_BYTES = 1000
    response = upload(admin_client, "big.txt", b"Law\n" + b"x" * 2000, "dump")
    assert "big.txt" in form_errors(response) and "limit is 0.0 MB" in form_errors(response)
    assert not Article.objects.exists()


@pytest.mark.parametrize("name, data, fmt, message", [
    ("photo.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "csv",
     "this is a binary file (it looks like a PNG image), not CSV: export the releases as text, CSV, XLSX or JSON."),
    ("report.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "dump", "(it looks like a PDF document), not a dump"),
    ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), "xlsx", "an old Microsoft Office file"),
    ("empty.txt", b"\r\n", "dump", "empty.txt is empty: nothing to import."),
    ("fake.xlsx", b"title,body\nA,B\n", "xlsx", "not an XLSX workbook"),
    ("broken.xlsx", b"PK\x03\x04" + bytes(200), "xlsx", "not a readable XLSX workbook"),
])
def test_a_file_of_the_wrong_type_is_refused_clearly(admin_client, name, data, fmt, message):
    errors = form_errors(upload(admin_client, name, data, fmt))
    assert name in errors and message in errors


def test_a_zip_bomb_is_refused_before_it_is_expanded(admin_client, settings):
    settings.KZPRESS_IMPORT_MAX_BYTES = MB  # workbooks may expand to 4 MB
    bomb = zip_bomb(64)
    assert len(bomb) < 200 * 1024
    errors = form_errors(upload(admin_client, "bomb.xlsx", bomb, "xlsx"))
    assert "bomb.xlsx" in errors and "would expand to 64.0 MB" in errors
    assert admin_client.get("/en/").status_code == 200


def test_the_command_line_import_applies_the_same_checks(tmp_path, settings):
    settings.KZPRESS_IMPORT_MAX_BYTES = MB
    bomb = tmp_path / "bomb.xlsx"
    bomb.write_bytes(zip_bomb(16))
    with pytest.raises(CommandError, match="would expand"):
        call_command("import_releases", str(bomb))
    picture = tmp_path / "releases.csv"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    with pytest.raises(CommandError, match="binary file"):
        call_command("import_releases", str(picture))

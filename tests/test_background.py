"""articles.background: a large dump parsed in a forked process gives exactly what parsing in this one gives."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from articles.background import in_background
from articles.importers import export_queryset, export_record

# The test process runs threads (the test runner's); the import command forks from a single-threaded process.
pytestmark = pytest.mark.filterwarnings("ignore:This process .* is multi-threaded:DeprecationWarning")


def test_records_arrive_in_order_and_complete():
    assert list(in_background(lambda: iter(range(1234)))) == list(range(1234))
    assert list(in_background(lambda: iter([]))) == []


def test_an_error_in_the_reader_is_raised_here():
    def broken():
        yield from range(700)
        raise ValueError("line 701: broken")

    with pytest.raises(ValueError, match="line 701"):
        list(in_background(broken))


@pytest.mark.django_db
@pytest.mark.parametrize("parallel_bytes", [1, 10**9])
def test_the_import_is_the_same_either_way(settings, tmp_path, parallel_bytes):
    from bench.import_bench import generate_dump

    dump = tmp_path / "dump.txt"
    generate_dump(dump, 1200)
    dump.write_text(dump.read_text(encoding="utf-8") + "A broken item 01.02.2025\nNo source line\n", encoding="utf-8")
    settings.KZPRESS_IMPORT_PARALLEL_BYTES = parallel_bytes
    out = io.StringIO()
    with pytest.raises(CommandError, match="1 item"):
        call_command("import_releases", str(dump), "--json", stdout=out)
    summary = json.loads(out.getvalue())
    assert summary["created"] == 1200 and len(summary["errors"]) == 1 and summary["errors"][0]["line"] == 2402
    records = [export_record(article) for article in export_queryset()]
    assert len(records) == 1200 and records[0]["source_url"].startswith("https://www.gov.kz/")


@pytest.mark.django_db
def test_unreadable_dump_fails_cleanly_in_the_background(settings, tmp_path):
    settings.KZPRESS_IMPORT_PARALLEL_BYTES = 1
    dump = tmp_path / "latin.txt"
    dump.write_bytes("Law\nÜbersicht 01.02.2025\n".encode("latin-1"))
    with pytest.raises(CommandError, match="not UTF-8"):
        call_command("import_releases", str(dump), stdout=io.StringIO())

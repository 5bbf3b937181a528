"""importing.background: a large dump parsed in a forked process gives exactly what parsing in this one gives."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from articles.importing.background import in_background
from articles.importing.formats import export_queryset, export_record

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
    dump = tmp_path / "mixed.txt"  # UTF-8 in the first 64 KiB that decide the encoding, Windows-1251 later
    dump.write_bytes(b"Law\nTitle 01.02.2025\n" + b"Body.\n" * 12_000 + "Приём 01.02.2025\n".encode("cp1251"))
    with pytest.raises(CommandError, match="not valid UTF-8.*pass --encoding"):
        call_command("import_releases", str(dump), stdout=io.StringIO())


READER_OF_AN_ENDLESS_SOURCE = """
import itertools, sys, time
from articles.importing.background import in_background

def endless():
    for n in itertools.count():
        yield n

records = in_background(endless)
next(records)  # the reader runs; it soon fills the queue and waits for this process to read more
print("started", flush=True)
time.sleep(60)
"""


def children_of(pid):
    from pathlib import Path

    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def is_running(pid):
    from pathlib import Path

    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not __import__("sys").platform.startswith("linux"), reason="reads /proc (Linux)")
def test_the_reader_does_not_outlive_a_killed_importer():
    """A killed import must not leave its reader behind: the reader holds a copy of the importer's database socket,
    so while it lives the server keeps the dead import's transaction (and its locks) open."""
    import os
    import signal
    import subprocess
    import sys
    import time

    from django.conf import settings

    process = subprocess.Popen([sys.executable, "-c", READER_OF_AN_ENDLESS_SOURCE], cwd=settings.BASE_DIR,
                               stdout=subprocess.PIPE, text=True)
    readers = []
    try:
        assert process.stdout.readline().strip() == "started"
        readers = children_of(process.pid)
        assert readers, "the reader process was not found"
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and any(map(is_running, readers)):
            time.sleep(0.05)
        assert not any(map(is_running, readers)), f"the reader outlived its importer: {readers}"
    finally:
        process.kill()
        for pid in filter(is_running, readers):
            os.kill(pid, signal.SIGKILL)

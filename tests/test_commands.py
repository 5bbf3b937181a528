import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from articles.models import Article, ArticleTranslation, ImportBatch

pytestmark = pytest.mark.django_db

SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "govkz-law-2025-02-09.txt"


def run(*args):
    out = io.StringIO()
    call_command("import_releases", *map(str, args), stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_import_prints_a_summary_and_reimport_is_unchanged():
    assert "20 created, 0 updated, 0 unchanged, 0 conflicts, 11 flagged, 0 errors" in run(SAMPLE)
    assert "0 created, 0 updated, 20 unchanged" in run(SAMPLE)


def test_json_summary_has_the_documented_keys():
    summary = json.loads(run(SAMPLE, "--json", "--publish"))
    assert summary == {"created": 20, "updated": 0, "unchanged": 0, "conflicts": 0, "flagged": 11, "errors": [],
                       "batches": [ImportBatch.objects.get().pk]}
    assert Article.objects.filter(status="published").count() == 9


def test_dry_run_writes_nothing_and_lists_the_items():
    output = run(SAMPLE, "--dry-run")
    assert "new: Digital bailiff presented at the Digital Almaty 2025 forum" in output
    assert "Dry run: nothing was written." in output
    assert not Article.objects.exists()


def test_failed_items_give_a_nonzero_exit_and_their_lines(tmp_path):
    dump = tmp_path / "broken.txt"
    dump.write_text("Law\nA title 09.02.2025\nBody text.\nSource : https://example.com/x\n", encoding="utf-8")
    out = io.StringIO()
    with pytest.raises(CommandError) as excinfo:
        call_command("import_releases", str(dump), "--json", stdout=out)
    assert excinfo.value.returncode == 1
    errors = json.loads(out.getvalue())["errors"]
    assert errors[0]["line"] == 2
    assert "line 4" in errors[0]["message"]


def test_format_is_required_for_an_unknown_extension(tmp_path):
    path = tmp_path / "releases.dat"
    path.write_text("x")
    with pytest.raises(CommandError, match="pass --format"):
        run(path)


def test_non_utf8_dump_is_refused_clearly(tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes("Law\nCafé 09.02.2025\n".encode("latin-1"))
    with pytest.raises(CommandError, match="not UTF-8"):
        run(path)


def test_reads_standard_input(monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO(SAMPLE.read_text(encoding="utf-8")))
    assert "20 created" in run("-", "--format", "dump")


@pytest.mark.parametrize("fmt", ["json", "csv", "xlsx"])
def test_export_then_import_round_trips_every_format(tmp_path, fmt):
    run(SAMPLE, "--publish")
    ArticleTranslation.objects.filter(article__news_id="931102").update(title="Digital bailiff, corrected")
    exported = tmp_path / f"all.{fmt}"
    call_command("export_releases", "--format", fmt, "-o", str(exported))
    before = json_export(tmp_path)
    Article.objects.all().delete()
    assert "20 created" in run(exported)
    assert json_export(tmp_path) == before


def json_export(tmp_path):
    path = tmp_path / "snapshot.json"
    call_command("export_releases", "--format", "json", "-o", str(path))
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("fmt", ["json", "csv", "xlsx"])
def test_a_backup_restored_into_an_empty_database_still_knows_what_the_editor_corrected(tmp_path, fmt):
    """The export carries each version's source text, so the original dump imported after a restore leaves the
    correction alone, and a changed source is held beside it instead of replacing it."""
    run(SAMPLE)
    ArticleTranslation.objects.filter(article__news_id="931102").update(title="Digital bailiff, corrected")
    exported = tmp_path / f"all.{fmt}"
    call_command("export_releases", "--format", fmt, "-o", str(exported))
    Article.objects.all().delete()
    run(exported)
    assert "0 created, 0 updated, 20 unchanged, 0 conflicts" in run(SAMPLE)
    changed = tmp_path / "changed.txt"
    changed.write_text(SAMPLE.read_text(encoding="utf-8").replace(
        "Digital bailiff presented at the Digital Almaty 2025 forum", "Digital bailiff shown in Almaty"),
        encoding="utf-8")
    assert "1 conflicts" in run(changed)
    version = ArticleTranslation.objects.get(article__news_id="931102", language="en")
    assert version.title == "Digital bailiff, corrected"
    assert version.upstream_pending == {"title": "Digital bailiff shown in Almaty"}

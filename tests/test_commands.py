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


URL = "https://www.gov.kz/memleket/entities/adilet/press/news/details/{}"
RUSSIAN_DUMP = "\n".join([
    "Право",
    "Министерство юстиции провело приём граждан 09.02.2025",
    "Сегодня в министерстве юстиции прошёл приём граждан по личным вопросам.",
    "Источник : " + URL.format(1001),
    "Ведомство подвело итоги года 09.02.2025",
    "Рост числа электронных услуг составил 12,5%.",
    "Источник : " + URL.format(1002),
    "",
])


@pytest.mark.parametrize("encoding", ["cp1251", "koi8-r", "utf-16", "utf-8-sig"])
def test_a_russian_dump_in_any_encoding_is_imported_exactly(tmp_path, encoding):
    path = tmp_path / "releases.txt"
    path.write_bytes(RUSSIAN_DUMP.encode(encoding))
    assert "2 created, 0 updated, 0 unchanged, 0 conflicts, 0 flagged, 0 errors" in run(path)
    version = ArticleTranslation.objects.get(article__news_id="1001")
    assert (version.language, version.title) == ("ru", "Министерство юстиции провело приём граждан")
    assert version.body == "Сегодня в министерстве юстиции прошёл приём граждан по личным вопросам."


def test_the_encoding_option_overrides_detection(tmp_path):
    path = tmp_path / "releases.txt"
    path.write_bytes(f"Law\nПриём граждан 09.02.2025\nBody.\nSource : {URL.format(1006)}\n".encode())
    assert "1 created" in run(path, "--encoding", "cp1251")  # UTF-8 read as Windows-1251: what the user asked for
    assert ArticleTranslation.objects.exclude(title="").get().title == "Приём граждан".encode().decode("cp1251")
    with pytest.raises(CommandError, match="unknown encoding 'martian'"):
        run(path, "--encoding", "martian")


def test_a_txt_file_holding_semicolon_csv_in_windows_1251_is_read_as_csv(tmp_path):
    path = tmp_path / "from-excel.txt"
    path.write_bytes(("source_url;published;title;body\r\n"
                      f"{URL.format(1003)};2025-02-09;Приём граждан;Приём прошёл в министерстве.\r\n").encode("cp1251"))
    assert "1 created" in run(path)
    assert ArticleTranslation.objects.get(article__news_id="1003").title == "Приём граждан"


def test_excel_unicode_text_is_read_as_tab_separated_csv(tmp_path):
    path = tmp_path / "unicode.txt"
    path.write_bytes(("source_url\tpublished\ttitle\tbody\r\n"
                      f"{URL.format(1004)}\t2025-02-09\tӘкімдік жиналысы\tЖиналыс өтті.\r\n").encode("utf-16"))
    assert "1 created" in run(path)
    assert ArticleTranslation.objects.get(article__news_id="1004").title == "Әкімдік жиналысы"


def test_the_format_is_found_from_the_content_whatever_the_extension(tmp_path):
    path = tmp_path / "releases.dat"
    path.write_text(RUSSIAN_DUMP, encoding="utf-8")
    assert "2 created" in run(path)
    as_json = tmp_path / "releases.txt"
    call_command("export_releases", "-o", str(as_json))
    Article.objects.all().delete()
    assert "2 created" in run(as_json)


def test_a_binary_file_is_refused_with_what_it_is_and_what_to_do(tmp_path):
    path = tmp_path / "report.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    with pytest.raises(CommandError) as excinfo:
        run(path)
    assert str(excinfo.value) == (f"{path}: this is a binary file (it looks like a PNG image), not a dump: export "
                                  "the releases as text, CSV, XLSX or JSON.")


def test_an_empty_file_is_a_warning_and_exit_status_1(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"\xef\xbb\xbf\r\n")
    err = io.StringIO()
    with pytest.raises(CommandError) as excinfo:
        call_command("import_releases", str(path), stdout=io.StringIO(), stderr=err)
    assert excinfo.value.returncode == 1
    assert f"{path} is empty: nothing to import." in err.getvalue()


def test_a_csv_with_unknown_columns_says_which_columns_are_expected(tmp_path):
    path = tmp_path / "releases.csv"
    path.write_text("a,b,c\n1,2,3\n", encoding="utf-8")
    with pytest.raises(CommandError) as excinfo:
        run(path)
    message = str(excinfo.value)
    assert message.startswith(f"{path}: line 1: unknown columns a, b, c; expected source_url, news_id, agency")
    assert message.endswith("(found: a, b, c)")
    assert "no source URL" not in message


def test_a_dump_with_a_bad_byte_after_the_first_64_kib_names_the_encoding_option(tmp_path):
    path = tmp_path / "mixed.txt"
    path.write_bytes(RUSSIAN_DUMP.encode() + b"Body.\n" * 12_000 + "Приём 01.02.2025\n".encode("cp1251"))
    with pytest.raises(CommandError, match="not valid UTF-8.*pass --encoding"):
        run(path)


@pytest.mark.parametrize("command", ["import_releases", "export_releases"])
def test_every_option_has_help_text(command):
    from django.core.management import load_command_class

    parser = load_command_class("articles", command).create_parser("manage.py", command)
    own = [action for action in parser._actions if action.dest not in {
        "help", "version", "verbosity", "settings", "pythonpath", "traceback", "no_color", "force_color",
        "skip_checks"}]
    assert own and all(action.help for action in own), [action.dest for action in own if not action.help]


def binary_stdin(data):
    return io.TextIOWrapper(io.BytesIO(data), encoding="utf-8")


def test_reads_standard_input(monkeypatch):
    monkeypatch.setattr("sys.stdin", binary_stdin(SAMPLE.read_bytes()))
    assert "20 created" in run("-", "--format", "dump")


def test_reads_standard_input_in_any_encoding_and_format(monkeypatch):
    monkeypatch.setattr("sys.stdin", binary_stdin(RUSSIAN_DUMP.encode("koi8-r")))
    assert "2 created" in run("-")
    monkeypatch.setattr("sys.stdin", binary_stdin(b"source_url;published;title\n" + URL.format(1005).encode()
                                                  + b";2025-02-09;" + "Заголовок".encode("cp1251") + b"\n"))
    assert "1 created" in run("-")
    assert ArticleTranslation.objects.get(article__news_id="1005").title == "Заголовок"


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

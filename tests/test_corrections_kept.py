"""Whatever sequence of edits, exports, restores and source changes: an editor's correction is never lost to an
import, and no import changes what readers see."""

import io
import itertools

import pytest
from django.core.management import call_command
from django.db import transaction
from hypothesis import given, settings
from hypothesis import strategies as st

from articles.editorial import access
from articles.editorial.desk import save_version
from articles.models import Article, ArticleTranslation, ImportBatch, LiveVersion
from tests.factories import import_sample, sample_items

pytestmark = pytest.mark.django_db

TEXT_FIELDS = ("title", "lead", "body")

ITEMS = st.integers(0, 3)  # a few items of the sample, so that edits and source changes meet
STEPS = st.one_of(
    st.tuples(st.just("edit"), ITEMS, st.integers(0, 1), st.sampled_from(TEXT_FIELDS)),
    st.tuples(st.just("export"), st.sampled_from(["json", "csv", "xlsx"])),
    st.tuples(st.just("import an export"), st.integers(0, 5)),
    st.just(("original dump",)),
    st.tuples(st.just("source changes a title"), ITEMS),
    st.tuples(st.just("edit in an exported file"), ITEMS, st.sampled_from(["json", "csv"])),
)


def live_texts():
    return {pk: (title, lead, body) for pk, title, lead, body in
            LiveVersion.objects.values_list("pk", "title", "lead", "body")}


def test_corrections_are_kept_or_held_through_any_sequence_of_imports(tmp_path, staff):
    import_sample(publish=True)
    editor = staff(access.ADMINISTRATOR)
    counter = itertools.count()

    urls, titles = zip(*sample_items(), strict=True)

    def edit(item, index, name):
        versions = list(ArticleTranslation.objects.filter(article__source_url=urls[item]).select_related("article")
                        .order_by("language"))
        version = versions[index % len(versions)]
        before = {f: getattr(version, f) for f in TEXT_FIELDS}
        values = {**before, name: f"Corrected {name} {next(counter)}"}
        saved = save_version(version.article, version.language, **values, action="save", user=editor)
        return {(saved.pk, f): getattr(saved, f) for f in TEXT_FIELDS if getattr(saved, f) != before[f]}

    def export(fmt, exports):
        path = tmp_path / f"export-{next(counter)}.{fmt}"
        call_command("export_releases", "--format", fmt, "-o", str(path))
        exports.append(path)

    def import_export(index, exports):
        if exports:  # an earlier export, perhaps taken before later corrections
            call_command("import_releases", str(exports[index % len(exports)]), stdout=io.StringIO(),
                         stderr=io.StringIO())

    def edit_in_a_file(item, fmt):
        """Export, correct a title in the file as an editor would, import the file back."""
        path = tmp_path / f"edited-{next(counter)}.{fmt}"
        call_command("export_releases", "--format", fmt, "-o", str(path))
        version = ArticleTranslation.objects.filter(article__source_url=urls[item]).order_by("language").first()
        value = f"Corrected in a file {next(counter)}"
        _edit_export(path, fmt, urls[item], f"title_{version.language}", value)
        call_command("import_releases", str(path), stdout=io.StringIO(), stderr=io.StringIO())
        version.refresh_from_db()
        # Nobody changed the title between the export and its import: the file's edit is the desk's, whatever was
        # corrected before the export and wherever the version came from.
        assert version.title == value
        return {(version.pk, "title"): value}

    @settings(max_examples=40, deadline=None, database=None)
    @given(st.lists(STEPS, min_size=1, max_size=8))
    def play(steps):
        with transaction.atomic():
            live = live_texts()
            corrections, exports = {}, []
            for step in steps:
                if step[0] == "edit":
                    corrections.update(edit(*step[1:]))
                elif step[0] == "export":
                    export(step[1], exports)
                elif step[0] == "import an export":
                    import_export(step[1], exports)
                elif step[0] == "edit in an exported file":
                    corrections.update(edit_in_a_file(*step[1:]))
                elif step[0] == "original dump":
                    import_sample()
                else:
                    import_sample(replace={titles[step[1]]: f"Source changed title {next(counter)}"})
                versions = ArticleTranslation.objects.in_bulk({pk for pk, _ in corrections})
                for (pk, name), value in corrections.items():
                    version = versions[pk]
                    assert getattr(version, name) == value or (version.upstream_pending or {}).get(name) == value, (
                        f"{name} of {version} lost after {step}")
                assert live_texts() == live, f"readers' text changed by {step}"
            transaction.set_rollback(True)

    play()


def _edit_export(path, fmt, url, column, value):
    """Change one cell of an export file as an editor would in a text editor or a spreadsheet."""
    import csv
    import json

    if fmt == "json":
        records = json.loads(path.read_text(encoding="utf-8"))
        record = next(r for r in records if r["source_url"] == url)
        name, code = column.rsplit("_", 1)
        record["translations"][code][name] = value
        path.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    else:
        with path.open(encoding="utf-8-sig", newline="") as file:
            rows = list(csv.DictReader(file))
        next(r for r in rows if r["source_url"] == url)[column] = value
        with path.open("w", encoding="utf-8", newline="") as file:
            writer = csv.DictWriter(file, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_a_correction_made_in_an_exported_file_survives_the_source_imported_again(tmp_path, fmt):
    """An edited export is the desk speaking, not the source: its text is taken, and the next import of the gov.kz
    dump neither puts the source's old text back nor loses the correction to a changed source."""
    import_sample(publish=True)
    (url, title), *_ = sample_items()
    version = ArticleTranslation.objects.get(article__source_url=url, language="en")
    path = tmp_path / f"export.{fmt}"
    call_command("export_releases", "--format", fmt, "-o", str(path))
    _edit_export(path, fmt, url, "title_en", "Corrected in the file")
    call_command("import_releases", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    version.refresh_from_db()
    assert version.title == "Corrected in the file"
    import_sample()  # the same dump again
    version.refresh_from_db()
    assert version.title == "Corrected in the file"
    import_sample(replace={title: "Source changed title"})
    version.refresh_from_db()
    assert version.title == "Corrected in the file"
    assert version.upstream_pending == {"title": "Source changed title"}


def test_an_export_keeps_every_versions_signature(tmp_path):
    import csv

    import_sample(publish=True)
    ArticleTranslation.objects.filter(language="en").update(signature="Press service")
    path = tmp_path / "export.csv"
    call_command("export_releases", "--format", "csv", "-o", str(path))
    with path.open(encoding="utf-8-sig", newline="") as file:
        rows = list(csv.DictReader(file))
    assert {row["signature_en"] for row in rows if row["title_en"]} == {"Press service"}
    Article.objects.all().delete()  # restored from the export into an empty database
    call_command("import_releases", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    assert set(ArticleTranslation.objects.filter(language="en").values_list("signature", flat=True)) == {
        "Press service"}


def test_an_edit_in_an_exports_plain_column_is_not_dropped_without_a_word(tmp_path):
    """The export writes the original's text twice (``body`` and ``body_en``); the per-language column wins, and an
    edit made in the other one is reported on its line instead of vanishing."""
    import_sample(publish=True)
    (url, _title), *_ = sample_items()
    path = tmp_path / "export.csv"
    call_command("export_releases", "--format", "csv", "-o", str(path))
    _edit_export(path, "csv", url, "body", "A body corrected in the wrong column.")
    call_command("import_releases", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    row = ImportBatch.objects.latest("pk").rows.get(source_url=url)
    assert any("the 'body' column differs from 'body_en', which was used" in m for m in row.messages), row.messages


def _export(tmp_path, fmt="csv"):
    path = tmp_path / f"export.{fmt}"
    call_command("export_releases", "--format", fmt, "-o", str(path))
    return path


def _import(path):
    call_command("import_releases", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    return ImportBatch.objects.latest("pk")


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_an_edit_in_an_export_of_a_version_made_at_the_desk_is_taken(tmp_path, staff, fmt):
    """A translation written at the desk never came from the source: the file's edit of it is the desk's too."""
    import_sample(publish=True)
    (url, _title), *_ = sample_items()
    article = Article.objects.get(source_url=url)
    editor = staff(access.ADMINISTRATOR)
    save_version(article, "kk", title="Қазақша тақырып", lead="", body="Мәтін.", action="save", user=editor)
    save_version(article, "ru", title="Русский заголовок", lead="", body="Текст.", action="save", user=editor)
    path = _export(tmp_path, fmt)
    _edit_export(path, fmt, url, "title_kk", "Түзетілген тақырып")
    _edit_export(path, fmt, url, "title_ru", "Исправленный заголовок")
    row = _import(path).rows.get(article=article)
    assert dict(article.translations.values_list("language", "title")) == {
        "en": ArticleTranslation.objects.get(article=article, language="en").title,
        "kk": "Түзетілген тақырып", "ru": "Исправленный заголовок"}
    assert row.outcome == "changed", (row.outcome, row.messages)


@pytest.fixture
def english(staff):
    """The first sample release's English version, published, and a function that retitles it at the desk."""
    import_sample(publish=True)
    (url, title), *_ = sample_items()
    version = ArticleTranslation.objects.get(article__source_url=url, language="en")
    editor = staff(access.ADMINISTRATOR)

    def retitle(value):
        save_version(version.article, "en", title=value, lead=version.lead, body=version.body, action="save",
                     user=editor)

    version.url, version.source_title, version.retitle = url, title, retitle
    return version


def test_an_edit_in_an_export_of_a_field_corrected_before_the_export_is_taken(tmp_path, english):
    english.retitle("Corrected at the desk")
    path = _export(tmp_path)
    _edit_export(path, "csv", english.url, "title_en", "Corrected again in the file")
    row = _import(path).rows.get(article=english.article)
    english.refresh_from_db()
    assert english.title == "Corrected again in the file" and row.outcome == "changed", row.messages


def test_a_file_edit_of_a_field_the_desk_changed_after_the_export_is_kept_in_the_batch(tmp_path, english):
    path = _export(tmp_path)
    english.retitle("Corrected at the desk after the export")
    _edit_export(path, "csv", english.url, "title_en", "Corrected in the file")
    row = _import(path).rows.get(article=english.article)
    english.refresh_from_db()
    assert english.title == "Corrected at the desk after the export"
    assert row.outcome == "conflict" and any("Corrected in the file" in str(change) for change in row.diff)


def test_an_export_imported_after_the_desk_changed_a_field_it_does_not_touch_reports_no_conflict(tmp_path, english):
    """The file still holds the text as exported: the desk's later correction is simply newer, not a conflict."""
    english.retitle("Corrected before the export")
    path = _export(tmp_path)
    english.retitle("Corrected after the export")
    row = _import(path).rows.get(article=english.article)
    english.refresh_from_db()
    assert english.title == "Corrected after the export" and row.outcome == "unchanged", (row.outcome, row.diff)


def test_a_correction_put_back_to_the_sources_text_in_the_file_is_taken(tmp_path, english):
    english.retitle("A correction to undo")
    path = _export(tmp_path)
    _edit_export(path, "csv", english.url, "title_en", english.source_title)
    _import(path)
    english.refresh_from_db()
    assert english.title == english.source_title

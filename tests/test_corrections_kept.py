"""Whatever sequence of edits, exports, restores and source changes: an editor's correction is never lost to an
import, and no import changes what readers see."""

import io
import itertools
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import transaction
from hypothesis import given, settings
from hypothesis import strategies as st

from articles.editorial import access
from articles.editorial.desk import save_version
from articles.importing.formats import dump_rows, release_from_row
from articles.importing.loading import load_releases
from articles.models import ArticleTranslation, LiveVersion

pytestmark = pytest.mark.django_db

SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "govkz-law-2025-02-09.txt"
TEXT_FIELDS = ("title", "lead", "body")

ITEMS = st.integers(0, 3)  # a few items of the sample, so that edits and source changes meet
STEPS = st.one_of(
    st.tuples(st.just("edit"), ITEMS, st.integers(0, 1), st.sampled_from(TEXT_FIELDS)),
    st.tuples(st.just("export"), st.sampled_from(["json", "csv", "xlsx"])),
    st.tuples(st.just("import an export"), st.integers(0, 5)),
    st.just(("original dump",)),
    st.tuples(st.just("source changes a title"), ITEMS),
)


def sample_records(changed_item=None, title=""):
    """The sample's records; with ``changed_item``, the source gives that item a new title."""
    with SAMPLE.open(encoding="utf-8") as lines:
        records = [release_from_row(row, n) for n, row in enumerate(dump_rows(lines), start=1)]
    if changed_item is not None:
        version = next(v for v in records[changed_item].versions.values() if v.title)
        version.title = title
    return records


def live_texts():
    return {pk: (title, lead, body) for pk, title, lead, body in
            LiveVersion.objects.values_list("pk", "title", "lead", "body")}


def test_corrections_are_kept_or_held_through_any_sequence_of_imports(tmp_path, staff):
    load_releases(sample_records(), publish=True)
    editor = staff(access.ADMINISTRATOR)
    counter = itertools.count()

    urls = [record.source_url for record in sample_records()]

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
                elif step[0] == "original dump":
                    load_releases(sample_records())
                else:
                    load_releases(sample_records(step[1], f"Source changed title {next(counter)}"))
                versions = ArticleTranslation.objects.in_bulk({pk for pk, _ in corrections})
                for (pk, name), value in corrections.items():
                    version = versions[pk]
                    assert getattr(version, name) == value or (version.upstream_pending or {}).get(name) == value, (
                        f"{name} of {version} lost after {step}")
                assert live_texts() == live, f"readers' text changed by {step}"
            transaction.set_rollback(True)

    play()

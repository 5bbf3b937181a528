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
from articles.models import ArticleTranslation, LiveVersion
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

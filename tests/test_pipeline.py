"""articles.importing.pipeline and undo: every import a batch, with its rows, recognised again, taken back."""

import csv
import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from articles.editorial.access import EDITOR
from articles.editorial.desk import SAVE, save_version
from articles.importing.batches import ImportBatch, ImportRow
from articles.importing.formats import export_queryset, export_record
from articles.importing.pipeline import ImportOptions, import_file
from articles.importing.undo import plan, undo_batch
from articles.models import Article, LiveVersion
from tests.factories import import_rows, import_sample

pytestmark = pytest.mark.django_db

SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "govkz-law-2025-02-09.txt"


def export():
    return [export_record(article) for article in export_queryset()]


def dump(*items):
    """A dump of (title, date, body, source id) items of the adilet agency."""
    lines = ["Law"]
    for title, date, body, news_id in items:
        lines += [f"{title} {date}", body]
        if news_id:
            lines.append(f"Source : https://www.gov.kz/memleket/entities/adilet/press/news/details/{news_id}")
    return io.BytesIO(("\n".join(lines) + "\n").encode())


def named(data, name):
    data.name = name
    return data


def test_an_import_is_a_batch_with_a_row_per_item(admin_user):
    batch = import_file(SAMPLE, user=admin_user, options=ImportOptions(publish=True))
    assert batch.status == "done" and batch.format == "dump" and len(batch.sha256) == 64
    assert batch.counts["created"] == 20 and batch.counts["published"] == 9
    assert batch.rows.count() == 20
    assert batch.rows.filter(published=True).count() == 9
    assert batch.file.name and batch.file.size == SAMPLE.stat().st_size  # a copy in the shared storage
    assert batch.duration is not None and batch.user == admin_user


def test_the_same_file_again_is_recognised_by_its_hash():
    first = import_file(SAMPLE)
    again = import_file(SAMPLE)
    assert again.duplicate_of == first and again.counts["unchanged"] == 20


def test_the_command_prints_the_batch(capsys):
    call_command("import_releases", str(SAMPLE))
    batch = ImportBatch.objects.get()
    assert f"batch {batch.pk}:" in capsys.readouterr().out


def test_a_dry_run_keeps_its_rows_and_writes_nothing_else():
    batch = import_file(SAMPLE, options=ImportOptions(dry_run=True))
    assert not Article.objects.exists()
    assert batch.rows.filter(outcome="new").count() == 20 and not batch.file


def test_refused_items_are_rows_with_their_line_and_reason():
    batch = import_file(named(dump(("Good news", "09.02.2025", "Text.", "5550001"),
                                   ("No date here", "", "Text.", "5550002")), "mixed.txt"))
    refused = batch.rows.get(outcome=ImportRow.Outcome.ERROR)
    assert refused.line > 1 and refused.messages
    assert batch.counts["errors"] == 1 and batch.counts["created"] == 1


def test_undo_removes_what_a_batch_created_and_restores_what_it_updated(admin_user):
    import_file(SAMPLE, options=ImportOptions(publish=True))
    before = export()
    changed = SAMPLE.read_text(encoding="utf-8").replace(
        "Digital bailiff presented at the Digital Almaty 2025 forum", "Digital bailiff shown at the forum")
    batch = import_file(named(io.BytesIO(changed.encode()), "changed.txt"), user=admin_user)
    assert batch.counts["updated"] == 1
    extra = import_file(named(dump(("A new release", "10.02.2025", "Body text.", "5550009")), "new.txt"),
                        user=admin_user)
    assert extra.counts["created"] == 1
    undo_batch(extra, admin_user)
    undo_batch(batch, admin_user)
    assert export() == before
    batch.refresh_from_db()
    assert batch.status == "undone" and batch.undone_by == admin_user


def test_undo_cannot_be_done_twice(admin_user):
    batch = import_file(SAMPLE, user=admin_user)
    undo_batch(batch, admin_user)
    with pytest.raises(Exception, match="undone already|nothing to undo"):
        undo_batch(batch, admin_user)


def test_a_release_edited_since_the_batch_is_kept_unless_confirmed(admin_user, staff):
    batch = import_file(SAMPLE, user=admin_user)
    article = Article.objects.get(news_id="931102")
    editor = staff(EDITOR, article.agency)
    version = article.translations.get()
    save_version(article, "en", title="Digital bailiff, corrected", lead="", body=version.body, action=SAVE,
                 user=editor)
    todo = plan(batch)
    assert [a.pk for a in todo.edited] == [article.pk] and len(todo.remove) == 19
    undo_batch(batch, admin_user)
    assert list(Article.objects.values_list("news_id", flat=True)) == ["931102"]  # the edited one is kept


def test_undo_of_a_confirmed_edited_release_removes_it_too(admin_user, staff):
    batch = import_file(SAMPLE, user=admin_user)
    article = Article.objects.get(news_id="931102")
    version = article.translations.get()
    save_version(article, "en", title="Digital bailiff, corrected", lead="", body=version.body, action=SAVE,
                 user=staff(EDITOR, article.agency))
    undo_batch(batch, admin_user, confirm=[article.pk])
    assert not Article.objects.exists()


def test_undo_import_command(admin_user, capsys):
    batch = import_file(SAMPLE)
    call_command("undo_import", str(batch.pk))
    assert "20 release(s) were removed" in capsys.readouterr().out
    with pytest.raises(CommandError, match="undone already|nothing to undo"):
        call_command("undo_import", str(batch.pk))


def test_an_item_without_a_source_line_is_matched_on_agency_date_and_title():
    row = {"agency": "adilet", "published": "2025-02-09", "title": "Notaries meet", "body": "Text of it.",
           "source_url": ""}
    first = import_rows([row])
    assert first.counts["created"] == 1
    article = Article.objects.get()
    assert article.source_url is None and "no_source" in article.flags
    again = import_rows([row], name="again.json")
    assert again.counts["unchanged"] == 1 and Article.objects.count() == 1


def test_kazakh_original_after_english_becomes_the_kazakh_version_and_the_original():
    english = dump(("Notaries of Astana met citizens", "09.02.2025",
                    "The notaries of the capital held a meeting with citizens.", "5550100"))
    import_file(named(english, "en.txt"))
    kazakh = dump(("Астана нотариустары азаматтармен кездесті", "09.02.2025",
                   "Елорда нотариустары азаматтармен кездесу өткізді. Кездесуде көптеген сұрақтар талқыланды.",
                   "5550100"))
    batch = import_file(named(kazakh, "kk.txt"))
    assert batch.counts["conflicts"] == 0 and batch.counts["updated"] == 1
    article = Article.objects.get()
    assert set(article.translations.values_list("language", flat=True)) == {"en", "kk"}
    assert article.original_language == "kk"
    import_file(named(dump(("Notaries of Astana met citizens", "09.02.2025",
                            "The notaries of the capital held a meeting with citizens.", "5550100")), "en2.txt"))
    assert Article.objects.get().original_language == "kk"  # the English never takes it back


def test_an_import_never_changes_what_readers_see():
    import_file(SAMPLE, options=ImportOptions(publish=True))
    live = {lv.pk: lv.title for lv in LiveVersion.objects.all()}
    changed = SAMPLE.read_text(encoding="utf-8").replace(
        "Digital bailiff presented at the Digital Almaty 2025 forum", "Digital bailiff shown at the forum")
    import_file(named(io.BytesIO(changed.encode()), "changed.txt"))
    assert {lv.pk: lv.title for lv in LiveVersion.objects.all()} == live


def test_the_json_summary_names_the_batches(capsys):
    call_command("import_releases", str(SAMPLE), "--json")
    assert json.loads(capsys.readouterr().out)["batches"] == [ImportBatch.objects.get().pk]


def test_the_admin_lists_batches_and_shows_each_batchs_rows(admin_client):
    batch = import_file(SAMPLE)
    listing = admin_client.get("/admin/articles/importbatch/").content.decode()
    assert batch.file_name in listing and "20 created" in listing
    page = admin_client.get(f"/admin/articles/importbatch/{batch.pk}/change/", {"outcome": "new"})
    assert page.status_code == 200
    assert page.content.decode().count('class="outcome-new') == 20


def test_the_admin_undo_shows_its_consequences_then_undoes(admin_client, admin_user):
    batch = import_file(SAMPLE, user=admin_user)
    confirm = admin_client.get(f"/admin/articles/importbatch/{batch.pk}/undo/").content.decode()
    assert "20 releases created by this import will be removed." in confirm
    assert Article.objects.count() == 20  # nothing happens before the confirmation
    admin_client.post(f"/admin/articles/importbatch/{batch.pk}/undo/")
    assert not Article.objects.exists()


def test_an_editor_sees_only_their_own_batches(client, staff, admin_user):
    theirs = import_file(SAMPLE, user=admin_user)
    editor = staff(EDITOR)
    client.force_login(editor)
    assert theirs.file_name not in client.get("/admin/articles/importbatch/").content.decode()
    assert client.get(f"/admin/articles/importbatch/{theirs.pk}/change/").status_code == 404
    assert client.get(f"/admin/articles/importbatch/{theirs.pk}/undo/").status_code == 404


def test_the_refused_items_come_back_as_a_file_to_fix_and_import_again(admin_client):
    broken = named(dump(("Good news", "09.02.2025", "Text of the good news.", "5550001"),
                        ("Undated news", "", "Text of the undated news.", "5550002")), "mixed.txt")
    batch = import_file(broken)
    page = admin_client.get(f"/admin/articles/importbatch/{batch.pk}/change/").content.decode()
    assert 'id="refused-download"' in page
    response = admin_client.get(f"/admin/articles/importbatch/{batch.pk}/refused.csv")
    text = response.content.decode()
    assert response["Content-Disposition"] == f'attachment; filename="refused-{batch.pk}.csv"'
    header, row = list(csv.reader(io.StringIO(text)))
    assert header[-1] == "reasons" and "Undated news" in row and "date" in row[-1]
    values = dict(zip(header, row, strict=True))
    values["published"] = "2025-02-10"  # the fix: the date the item lacked
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(values))
    writer.writeheader()
    writer.writerow(values)
    again = import_file(named(io.BytesIO(out.getvalue().encode()), "fixed.csv"))
    assert again.counts["created"] == 1 and again.counts["errors"] == 0
    assert Article.objects.filter(news_id="5550002").exists()


def test_each_row_says_what_the_parser_repaired(admin_client):
    batch = import_file(SAMPLE, options=ImportOptions(dry_run=True))
    bailiff = batch.rows.get(label__startswith="Digital bailiff")
    assert "glued paragraph break(s) restored" in " ".join(bailiff.repairs)
    assert any("Source label was glued" in r for row in batch.rows.all() for r in row.repairs)
    page = admin_client.get(f"/admin/articles/importbatch/{batch.pk}/change/").content.decode()
    assert "Repaired:" in page or "Исправлено:" in page


def test_undoing_a_batch_reads_the_same_whatever_its_size(admin_user):
    """Removing what a batch created announces one change to readers, not a lookup per release (an undo of a
    100,000-item batch must not make 200,000 reads); what grows is only the deletion's history rows."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def undo_queries(count, first):
        items = [(f"Release {first + n}", "10.02.2025", f"Body of release {first + n}.", str(first + n))
                 for n in range(count)]
        batch = import_file(named(dump(*items), f"batch-{first}.txt"), user=admin_user,
                            options=ImportOptions(publish=True))
        assert batch.counts["created"] == count and LiveVersion.objects.filter(article__news_id=str(first)).exists()
        with CaptureQueriesContext(connection) as queries:
            undo_batch(batch, admin_user)
        assert not Article.objects.filter(news_id__in=[item[3] for item in items]).exists()
        sql = [query["sql"] for query in queries.captured_queries if "SAVEPOINT" not in query["sql"]]
        history = [q for q in sql if q.startswith('INSERT INTO "articles_historical')]
        return len(sql) - len(history), len(history)

    (big_other, big_history), (small_other, small_history) = undo_queries(12, 5560000), undo_queries(3, 5570000)
    assert big_other == small_other
    assert big_history - small_history == 9 * 3  # the release, its version and its live version, per release


def test_the_undo_screen_names_each_release_and_warns_when_readers_see_it(admin_client, admin_user):
    from django.utils.html import escape

    batch = import_sample(publish=True, user=admin_user)
    page = admin_client.get(f"/admin/articles/importbatch/{batch.pk}/undo/").content.decode()
    assert 'id="public-warning"' in page and "Readers see" in page
    title = batch.rows.exclude(article=None).first().article.translations.get(is_original=True).title
    assert f"<strong>{escape(title)}</strong>" in page

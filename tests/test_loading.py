import datetime
import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from articles.editorial import access
from articles.editorial.desk import save_version
from articles.importing.loading import Outcome, Rejected, Release, Version, load_releases
from articles.models import Agency, Article, ArticleTranslation, LiveVersion
from tests.factories import AgencyFactory, RegionFactory

pytestmark = pytest.mark.django_db

PUBLISHED = timezone.make_aware(datetime.datetime(2025, 2, 9))


def release(n=1, agency="adilet", title="Digital bailiff presented", body="The forum was held.", **fields):
    values = {
        "line": n,
        "source_url": f"https://www.gov.kz/memleket/entities/{agency}/press/news/details/{930000 + n}",
        "news_id": str(930000 + n),
        "agency_slug": agency,
        "published_at": PUBLISHED,
        "original_language": "en",
        "versions": {"en": Version(title, "", body)},
        "section": "Law",
    }
    values.update(fields)
    return Release(**values)


def test_new_release_creates_a_draft_article_with_its_original_version():
    report = load_releases([release()])
    assert report.summary()["created"] == 1
    article = Article.objects.get()
    assert article.status == Article.Status.DRAFT
    version = article.translations.get()
    assert (version.language, version.is_original, version.status) == ("en", True, "approved")
    assert version.title == "Digital bailiff presented"
    assert version.slug == "digital-bailiff-presented"


def test_region_defaults_from_the_agency():
    load_releases([release(agency="ontustik")])
    assert Article.objects.get().region.slug == "turkestan"


def test_publish_publishes_only_items_without_flags():
    load_releases(
        [release(1), release(2, flags=frozenset({"title_in_capitals"})), release(3, agency="brand-new-agency")],
        publish=True,
    )
    statuses = dict(Article.objects.values_list("news_id", "status"))
    assert statuses == {"930001": "published", "930002": "draft", "930003": "draft"}


def test_unknown_agency_is_created_for_review_and_the_item_is_kept():
    report = load_releases([release(agency="kazsport-new")])
    agency = Agency.objects.get(slug="kazsport-new")
    assert agency.needs_review and agency.name_en == "kazsport-new"
    assert Article.objects.get().agency == agency
    assert report.summary()["flagged"] == 1


def test_reimporting_the_same_release_changes_nothing():
    load_releases([release()])
    before = Article.objects.get().updated_at
    report = load_releases([release()])
    assert report.summary()["unchanged"] == 1
    assert Article.objects.get().updated_at == before


def test_changed_source_updates_an_article_nobody_edited():
    load_releases([release(body="Old text.")])
    report = load_releases([release(body="New text.")])
    assert report.summary()["updated"] == 1
    assert report.summary()["conflicts"] == 0
    assert ArticleTranslation.objects.get().body == "New text."


def test_editor_correction_survives_an_unchanged_reimport():
    load_releases([release()])
    ArticleTranslation.objects.update(title="Digital bailiff presented at Digital Almaty")
    report = load_releases([release()])
    assert report.summary()["unchanged"] == 1
    assert ArticleTranslation.objects.get().title == "Digital bailiff presented at Digital Almaty"


def test_changed_source_never_overwrites_an_editors_version():
    load_releases([release(body="Old text.")])
    ArticleTranslation.objects.update(body="Old text, corrected by an editor.")
    report = load_releases([release(body="New upstream text.")], keep_outcomes=True)
    assert report.summary()["conflicts"] == 1
    article = Article.objects.get()
    version = article.translations.get()
    assert version.body == "Old text, corrected by an editor."
    assert article.upstream_changed
    assert version.upstream_pending == {"body": "New upstream text."}
    assert ("body [en]", "Old text, corrected by an editor.", "New upstream text.") in report.outcomes[0].diff
    # The same changed source again is now unchanged: no second conflict.
    assert load_releases([release(body="New upstream text.")]).summary()["unchanged"] == 1


def test_a_field_nobody_edited_takes_the_new_source_text_beside_a_corrected_one():
    load_releases([release(title="Old title", body="Old text.")])
    ArticleTranslation.objects.update(title="Corrected title")
    report = load_releases([release(title="Old title", body="New text.")], keep_outcomes=True)
    assert [o.kind for o in report.outcomes] == [Outcome.CHANGED]
    version = ArticleTranslation.objects.get()
    assert (version.title, version.body, version.upstream_pending) == ("Corrected title", "New text.", None)
    assert version.upstream_base["body"] == "New text."
    assert not Article.objects.get().upstream_changed


def test_a_record_repeating_the_working_text_changes_nothing_and_moves_no_base():
    """An import of our own export brings the editor's text back: it is not the source, so the original dump
    imported afterwards still finds the base it gave and leaves the correction alone."""
    load_releases([release(title="Source title")])
    ArticleTranslation.objects.update(title="Corrected title")
    assert load_releases([release(title="Corrected title")]).summary()["unchanged"] == 1
    assert ArticleTranslation.objects.get().upstream_base["title"] == "Source title"
    assert load_releases([release(title="Source title")]).summary()["unchanged"] == 1
    assert ArticleTranslation.objects.get().title == "Corrected title"


def test_a_corrected_article_field_holds_the_source_change_on_the_article():
    load_releases([release(section="Law")])
    Article.objects.update(section="Justice")
    moved = PUBLISHED + datetime.timedelta(days=1)
    report = load_releases([release(section="Courts", published_at=moved)], keep_outcomes=True)
    assert report.outcomes[0].kind == Outcome.CONFLICT
    article = Article.objects.get()
    assert (article.section, article.published_at) == ("Justice", moved)
    assert article.upstream_pending == {"section": "Courts"}
    assert article.upstream_changed


def test_a_new_article_keeps_the_source_text_its_record_carries_as_its_base():
    restored = release(title="Corrected title")
    restored.versions["en"].source = {"title": "Source title", "lead": "", "body": "The forum was held.",
                                      "signature": ""}
    load_releases([restored])
    load_releases([release(title="Source title")])
    assert ArticleTranslation.objects.get().title == "Corrected title"
    load_releases([release(title="Changed source title")])
    version = ArticleTranslation.objects.get()
    assert (version.title, version.upstream_pending) == ("Corrected title", {"title": "Changed source title"})


def test_an_import_changes_the_working_copy_never_what_readers_see():
    load_releases([release(body="Old text.")], publish=True)
    live = LiveVersion.objects.get()
    report = load_releases([release(body="New text.")])
    assert report.summary()["updated"] == 1
    assert ArticleTranslation.objects.get().body == "New text."
    live.refresh_from_db()
    assert live.body == "Old text."


def test_dry_run_writes_nothing_but_reports_everything():
    report = load_releases([release(1), release(2, agency="unknown-one")], dry_run=True, keep_outcomes=True)
    assert [o.kind for o in report.outcomes] == [Outcome.NEW, Outcome.NEW]
    assert report.rolled_back
    assert not Article.objects.exists()
    assert not Agency.objects.filter(slug="unknown-one").exists()


def test_rejected_item_is_reported_and_does_not_stop_the_others():
    report = load_releases([release(1), Rejected(7, "Broken item", ["line 9: no Source line"]), release(2)])
    summary = report.summary()
    assert summary["created"] == 2
    assert summary["errors"] == [{"line": 7, "message": "line 9: no Source line", "item": "Broken item"}]


def test_all_or_nothing_imports_nothing_when_an_item_fails():
    report = load_releases([release(1), Rejected(7, "Broken item", ["bad"])], all_or_nothing=True)
    assert report.rolled_back
    assert not Article.objects.exists()


def test_a_failure_in_the_middle_leaves_stored_data_as_it_was():
    load_releases([release(1, body="Stored.")])

    def records():
        yield release(1, body="Changed.")
        yield release(2)
        raise RuntimeError("the process died")

    with pytest.raises(RuntimeError):
        load_releases(records(), batch_size=1)
    assert Article.objects.count() == 1
    assert ArticleTranslation.objects.get().body == "Stored."


def test_duplicate_source_in_one_file_is_an_error_not_a_second_article():
    report = load_releases([release(1), release(1, line=5)])
    assert report.summary()["created"] == 1
    assert report.summary()["errors"][0]["line"] == 5


def test_unknown_region_is_an_error():
    report = load_releases([release(region_slug="atlantis")])
    assert "unknown region 'atlantis'" in report.summary()["errors"][0]["message"]
    assert not Article.objects.exists()


def test_explicit_region_is_used():
    region = RegionFactory(slug="test-explicit")
    load_releases([release(region_slug="test-explicit", agency=AgencyFactory().slug)])
    assert Article.objects.get().region == region


def test_title_over_a_body_in_another_language_is_split_and_flagged():
    mixed = release(
        original_language="ru",
        versions={"en": Version(title="Gender equality issues"), "ru": Version(body="Сегодня, 4 февраля…")},
    )
    load_releases([mixed], publish=True)
    article = Article.objects.get()
    assert article.needs_translation and article.status == Article.Status.DRAFT
    versions = {t.language: t for t in article.translations.all()}
    assert (versions["en"].title, versions["en"].body, versions["en"].status) == (
        "Gender equality issues", "", "needs_translation")
    assert versions["ru"].is_original and versions["ru"].body == "Сегодня, 4 февраля…"


def test_batches_do_not_issue_a_query_per_item(django_assert_max_num_queries):
    load_releases([release(n) for n in range(1, 4)])  # agency and regions resolved once
    with django_assert_max_num_queries(12):
        load_releases([release(n) for n in range(10, 60)], batch_size=100)
    assert Article.objects.count() == 53


def test_restricted_import_refuses_other_agencies_and_moving_their_articles():
    load_releases([release(1, agency="adilet")])
    theirs = release(1, agency="mine", source_url=release(1, agency="adilet").source_url, title="Moved")
    AgencyFactory(slug="mine")
    report = load_releases([theirs, release(2, agency="adilet"), release(3, agency="mine")], agencies={"mine"})
    messages = [(e.line, e.messages[0]) for e in report.errors]
    assert messages == [
        (1, "this release is stored under agency 'adilet': agency 'adilet' is not one of yours: "
            "you may import releases of mine"),
        (2, "agency 'adilet' is not one of yours: you may import releases of mine"),
    ]
    assert Article.objects.get(news_id="930001").agency.slug == "adilet"
    assert ArticleTranslation.objects.get(article__news_id="930001").title == "Digital bailiff presented"
    assert Article.objects.get(news_id="930003").agency.slug == "mine"


def test_without_may_publish_new_items_are_drafts_whatever_the_row_asks():
    load_releases([release(1, status="published"), release(2)], publish=True, may_publish=False)
    assert set(Article.objects.values_list("status", flat=True)) == {"draft"}


def test_every_imported_article_and_version_gets_a_revision_with_its_origin(django_user_model):
    user = django_user_model.objects.create(username="importer")
    load_releases([release(1)], user=user, origin="Import: law.txt")
    load_releases([release(1, body="The forum was held twice.")], origin="Import: law-2.txt")
    article = Article.objects.get()
    assert [(r.history_change_reason, r.history_user_id) for r in article.history.order_by("history_id")] == [
        ("Import: law.txt", user.pk), ("Import: law-2.txt", None)]
    bodies = ArticleTranslation.history.filter(article_id=article.pk).order_by("history_id")
    assert [(r.body, r.history_change_reason) for r in bodies] == [
        ("The forum was held.", "Import: law.txt"), ("The forum was held twice.", "Import: law-2.txt")]


def test_a_field_longer_than_the_database_keeps_is_refused_with_its_line_not_truncated():
    load_releases([release(1)])
    report = load_releases([release(1, title="Long " * 200), release(2, section="S" * 101), release(3)])
    assert [(o.line, o.messages) for o in report.errors] == [
        (1, ["title [en] is 1000 characters long; at most 500 are kept"]),
        (2, ["section is 101 characters long; at most 100 are kept"]),
    ]
    assert ArticleTranslation.objects.get(article__news_id="930001").title == "Digital bailiff presented"
    assert report.counts["new"] == 1


SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "govkz-law-2025-02-09.txt"
BAILIFF = "https://www.gov.kz/memleket/entities/adilet/press/news/details/931102"


def command(name, *args):
    call_command(name, *map(str, args), stdout=io.StringIO(), stderr=io.StringIO())


def test_a_correction_survives_an_import_of_our_own_export_then_of_the_original_dump(tmp_path, staff):
    """The import of an export is not the source speaking: it never becomes the base a later import compares with."""
    command("import_releases", SAMPLE)
    article = Article.objects.get(source_url=BAILIFF)
    english = article.translations.get(language="en")
    save_version(article, "en", title="Digital bailiff presented at Digital Almaty 2025", lead=english.lead,
                 body=english.body, action="save", user=staff(access.EDITOR, article.agency))
    exported = tmp_path / "all.json"
    command("export_releases", "--format", "json", "-o", exported)
    command("import_releases", exported)
    command("import_releases", SAMPLE)
    assert article.translations.get(language="en").title == "Digital bailiff presented at Digital Almaty 2025"


def test_reimporting_our_own_export_costs_a_few_queries_per_batch_not_per_item(django_assert_max_num_queries):
    """Records that repeat the working text (an export) differ from the last import, but change nothing: their
    fingerprints are kept in one statement per batch."""
    load_releases([release(n) for n in range(1, 51)])
    ArticleTranslation.objects.update(title="Corrected title")
    with django_assert_max_num_queries(8):
        report = load_releases([release(n, title="Corrected title") for n in range(1, 51)], batch_size=100)
    assert report.summary()["unchanged"] == 50
    assert set(ArticleTranslation.objects.values_list("upstream_base__title", flat=True)) == {
        "Digital bailiff presented"}

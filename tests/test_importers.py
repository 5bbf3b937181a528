"""The sample dump and spreadsheet rows, end to end through the importer."""

import datetime
import json
from pathlib import Path

import pytest
from django.utils import timezone

from articles.importing.formats import (
    CSV,
    JSON,
    DumpFormat,
    RowError,
    check_columns,
    dump_rows,
    export_record,
    release_from_row,
)
from articles.importing.loading import Rejected, Release
from articles.models import Article, ArticleTranslation
from tests.factories import import_rows, import_sample

pytestmark = pytest.mark.django_db

SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "govkz-law-2025-02-09.txt"
GENDER_URL = "https://www.gov.kz/memleket/entities/mam/press/news/details/931104"


@pytest.fixture
def imported():
    batch = import_sample(publish=True)
    assert batch.status == "done" and batch.counts["errors"] == 0
    return batch


def versions(url):
    return {t.language: t for t in ArticleTranslation.objects.filter(article__source_url=url)}


def test_all_twenty_sample_items_import(imported):
    assert imported.counts["created"] == 20
    assert Article.objects.count() == 20
    assert set(Article.objects.values_list("section", flat=True)) == {"Law"}
    local_dates = {timezone.localtime(a.published_at).date() for a in Article.objects.all()}
    assert local_dates == {datetime.date(2025, 2, 9)}


def test_sample_item_fields(imported):
    article = Article.objects.get(news_id="931102")
    assert article.agency.slug == "adilet" and article.region is None
    assert article.source_url == "https://www.gov.kz/memleket/entities/adilet/press/news/details/931102"
    version = article.translations.get()
    assert version.title == "Digital bailiff presented at the Digital Almaty 2025 forum"
    assert version.language == "en" and version.is_original
    assert "Source" not in version.body
    assert "\n\nAccuracy: By blocking only one account" in version.body
    assert article.status == Article.Status.PUBLISHED


def test_akimat_items_get_their_region_and_signature(imported):
    article = Article.objects.get(news_id="930622")
    assert article.agency.slug == "ontustik" and article.region.slug == "turkestan"
    assert article.translations.get().signature == "Press service of the akim of the Turkestan region"
    assert article.title_in_capitals and article.status == Article.Status.DRAFT
    body = article.translations.get().body
    assert "Press service" not in body and "Source :" not in body


def test_english_title_over_russian_body_is_split_and_flagged(imported):
    article = Article.objects.get(source_url=GENDER_URL)
    assert article.original_language == "ru"
    assert article.needs_translation and article.status == Article.Status.DRAFT
    by_language = versions(GENDER_URL)
    assert by_language["en"].title.startswith("Gender equality issues remain relevant")
    assert by_language["en"].body == ""
    assert by_language["ru"].body.startswith("Сегодня, 4 февраля")
    assert by_language["ru"].is_original and by_language["ru"].title == ""
    assert by_language["ru"].signature.startswith("Пресс-служба Министерства культуры и информации")
    assert by_language["en"].signature == ""  # a Russian signature is not English text


def test_body_languages_of_the_sample(imported):
    originals = dict(Article.objects.values_list("news_id", "original_language"))
    assert originals.pop("931104") == "ru"
    assert set(originals.values()) == {"en"}


def test_publish_leaves_flagged_items_as_drafts(imported):
    published = Article.objects.filter(status="published")
    assert published.count() == 9
    assert not published.filter(title_in_capitals=True).exists()
    assert not published.filter(needs_translation=True).exists()


def test_reimport_reports_twenty_unchanged(imported):
    again = import_sample()
    assert again.counts["unchanged"] == 20
    assert again.counts["created"] == again.counts["updated"] == 0


def test_dump_format_makes_the_same_rows_for_the_admin():
    dataset = DumpFormat().create_dataset(SAMPLE.read_bytes())
    assert len(dataset) == 20
    first = dataset.dict[0]
    assert first["agency"] == "aktobe" and first["news_id"] == "931290"


def test_dump_format_reads_bom_and_windows_line_endings():
    data = "\ufeff" + SAMPLE.read_text(encoding="utf-8").replace("\n", "\r\n")
    dataset = DumpFormat().create_dataset(data.encode("utf-8"))
    assert len(dataset) == 20
    assert not any(row["errors"] for row in dataset.dict)


def row(**values):
    base = {
        "source_url": "https://www.gov.kz/memleket/entities/adilet/press/news/details/1001?lang=ru",
        "published": "2025-03-01",
        "title": "Министерство юстиции провело приём граждан",
        "body": "Сегодня в министерстве юстиции прошёл приём граждан по личным вопросам.",
    }
    base.update(values)
    return base


def test_csv_row_becomes_a_release_with_detected_language():
    release = release_from_row(row(), 2)
    assert isinstance(release, Release)
    assert release.source_url == "https://www.gov.kz/memleket/entities/adilet/press/news/details/1001"
    assert (release.agency_slug, release.news_id, release.original_language) == ("adilet", "1001", "ru")


def test_kazakh_row_is_detected_as_kazakh():
    release = release_from_row(row(title="Түркістан облысында жол тазалау жұмыстары жүріп жатыр",
                                   body="Облыс әкімі Нұралхан Көшеров аудандардағы жұмыстарды тексерді."), 2)
    assert release.original_language == "kk"


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"source_url": ""}, "no source URL and no agency: a release without its gov.kz source URL is matched on its "
                             "agency, date and title; give the agency"),
        ({"source_url": "not a url"}, "is not a web address"),
        ({"source_url": "https://example.com/news/1"}, "is not a gov.kz press release address"),
        ({"published": "yesterday"}, "is not YYYY-MM-DD or DD.MM.YYYY"),
        ({"published": ""}, "no publication date"),
        ({"status": "live"}, "status 'live' is not one of"),
        ({"flags": "urgent"}, "unknown flags: urgent"),
        ({"title": "", "body": ""}, "no title and no body"),
        ({"title_en": "Title", "status_en": "approved"}, "marked approved but has no title or no body"),
    ],
)
def test_bad_rows_are_rejected_with_line_and_reason(values, message):
    rejected = release_from_row(row(**values), 7)
    assert isinstance(rejected, Rejected)
    assert rejected.line == 7
    assert any(message in text and "line 7" in text for text in rejected.messages), rejected.messages


def test_export_then_import_into_an_empty_database_gives_the_same_content(imported):
    Article.objects.filter(news_id="931102").update(status="withdrawn")
    ArticleTranslation.objects.filter(article__news_id="930418").update(title="Turkestan: snow clearing")
    exported = [export_record(a) for a in Article.objects.order_by("id")]
    Article.objects.all().delete()

    batch = import_rows(exported, name="export.json")
    assert batch.counts["created"] == 20 and batch.counts["errors"] == 0
    again = [export_record(a) for a in Article.objects.order_by("id")]
    assert again == exported


# --- releases without a source line, files in other encodings --------------------------------------

KAZAKH_DUMP = "\n".join([
    "Жаңалықтар",
    "Ақтөбеде қайырымдылық жәрмеңкесі өтті",
    "18.10.2025 10:20:05 77",
    "Жәрмеңкеге 200-ден астам тұрғын қатысты. Жиналған қаражат балалар үйіне беріледі.",
    "Шымкентте жол жөндеу жұмыстары басталды",
    "18.10.2025",
    "Қала әкімдігі биыл 40 көшені жөндеуді жоспарлап отыр.",
    "Ақпарат көзі : https://www.gov.kz/memleket/entities/shymkent/press/news/details/1010?lang=kk",
])


def test_a_dump_item_without_a_source_line_is_carried_through_with_its_warning():
    first, second = dump_rows(KAZAKH_DUMP.splitlines())
    assert (first["line"], first["source_url"], first["agency"], first["errors"]) == (2, "", "", "")
    assert first["published"] == "2025-10-18T10:20:05"
    assert first["warnings"].startswith("line 2: no source line")
    assert (second["agency"], second["news_id"], second["published"]) == ("shymkent", "1010", "2025-10-18T00:00:00")


def test_a_release_without_a_source_url_is_accepted_with_the_agency_of_the_import():
    row = next(dump_rows(KAZAKH_DUMP.splitlines()))
    release = release_from_row(row, row["line"], agency="Aktobe")
    assert isinstance(release, Release)
    assert (release.source_url, release.agency_slug, release.news_id) == ("", "aktobe", "")
    assert release.versions["kk"].title == "Ақтөбеде қайырымдылық жәрмеңкесі өтті"
    assert any("no source line" in warning for warning in release.warnings)


def test_a_row_without_a_source_url_is_accepted_when_it_names_its_agency():
    release = release_from_row(row(source_url="", agency="adilet"), 4)
    assert (release.source_url, release.agency_slug) == ("", "adilet")


def test_a_dump_release_without_a_source_url_or_an_agency_is_refused_at_its_line():
    row = next(dump_rows(KAZAKH_DUMP.splitlines()))
    rejected = release_from_row(row, row["line"])
    assert isinstance(rejected, Rejected)
    assert rejected.messages[0].startswith("line 2: no source URL and no agency")
    assert "give the agency" in rejected.messages[0]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16", "kz1048", "cp1251", "koi8-r"])
def test_the_admin_dump_format_reads_any_encoding(encoding):
    """Kazakh letters are in neither Windows-1251 nor KOI8-R: such a file has them replaced by Russian ones."""
    russian_letters = str.maketrans("әғқңөұүһіӘҒҚҢӨҰҮҺІ", "агкноуухиАГКНОУУХИ")
    text = KAZAKH_DUMP if encoding in {"utf-8", "utf-16", "kz1048"} else KAZAKH_DUMP.translate(russian_letters)
    dataset = DumpFormat(encoding="utf-8-sig").create_dataset(text.encode(encoding))
    assert [row["title"] for row in dataset.dict] == [line for line in text.splitlines()[1:5:3]]


@pytest.mark.parametrize("encoding, delimiter", [("cp1251", ";"), ("utf-16", "\t"), ("utf-8-sig", ",")])
def test_the_admin_csv_format_reads_any_encoding_and_delimiter(encoding, delimiter):
    data = delimiter.join(["source_url", "title"]) + "\n" + delimiter.join([GENDER_URL, "Приём граждан"]) + "\n"
    fmt = CSV(encoding="utf-8-sig")
    assert fmt.is_binary() and fmt.get_title() == "csv"
    assert fmt.create_dataset(data.encode(encoding)).dict == [{"source_url": GENDER_URL, "title": "Приём граждан"}]


def test_the_admin_json_format_reads_utf16():
    data = json.dumps([{"source_url": GENDER_URL, "title": "Әкімдік"}], ensure_ascii=False).encode("utf-16")
    assert JSON().create_dataset(data).dict == [{"source_url": GENDER_URL, "title": "Әкімдік"}]


def test_unknown_columns_are_refused_with_the_expected_ones():
    check_columns(["source_url", "title_kk", "source_body_ru", "line", "errors"])
    with pytest.raises(RowError) as excinfo:
        check_columns(["source_url", "titel"])
    assert str(excinfo.value).startswith("line 1: unknown columns titel; expected source_url, news_id, agency,")
    assert str(excinfo.value).endswith("(found: source_url, titel)")

"""Property-based tests (hypothesis) of the importer and the public query parser.

The parser's own properties are in tests/test_parsing.py. Here: whatever rows or dump text arrive, the importer
raises nothing unexpected, refuses bad items with a message naming their line, and on any failure leaves stored
data exactly as it was; whatever a visitor types into the search form or the query string, pages and feeds answer
200 (or a clean 4xx), never 500.
"""

import json
import string

import pytest
from django.db import transaction
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from articles.importing.formats import dump_rows, export_queryset, export_record, release_from_row
from articles.importing.loading import Rejected, load_releases
from articles.models import Article
from articles.public.search import search
from tests.test_parsing import REALISTIC_LINE

pytestmark = pytest.mark.django_db
HOSTILE = st.sampled_from(json.load(open("tests/security/hostile_inputs.json", encoding="utf-8"))["inputs"])
TEXT = st.one_of(st.text(max_size=60), HOSTILE, st.sampled_from(["", " ", "\x00", "0", "-1", "None", "null"]))
URLS = st.one_of(
    st.integers(1, 50).map("https://www.gov.kz/memleket/entities/adilet/press/news/details/{}?lang=en".format),
    st.sampled_from(["https://www.gov.kz/memleket/entities/zz/press/news/details/7", "javascript:alert(1)"]),
    TEXT,
)
ROW = st.fixed_dictionaries(
    {"source_url": URLS, "title": TEXT},
    optional={
        "body": TEXT, "lead": TEXT, "language": st.sampled_from(["en", "ru", "kk", "de", "", "EN"]),
        "published": st.one_of(st.sampled_from(["2025-02-09", "09.02.2025", "2025-13-40", "", "yesterday"]), TEXT),
        "status": st.sampled_from(["draft", "published", "withdrawn", "bogus", ""]),
        "agency": st.sampled_from(["adilet", "enbek", "", "ADILET", "no such agency", "../../etc"]),
        "region": st.sampled_from(["", "aktobe", "nowhere"]), "flags": TEXT, "news_id": TEXT,
        "title_ru": TEXT, "body_ru": TEXT, "title_kk": TEXT, "errors": st.sampled_from(["", "line 3: broken"]),
    },
)
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def snapshot():
    return [export_record(article) for article in export_queryset()]


@pytest.fixture
def stored(make_article):
    """Articles with editors' work in them, some under the same source URLs the fuzzer generates."""
    rows = [{"source_url": f"https://www.gov.kz/memleket/entities/adilet/press/news/details/{n}?lang=en",
             "title": f"Stored release {n}", "body": f"Stored body {n}.", "published": "2025-02-09",
             "status": "published"} for n in range(1, 6)]
    assert load_releases([release_from_row(row, n) for n, row in enumerate(rows, start=2)]).errors == []
    Article.objects.get(news_id="3").translations.update(title="Corrected by an editor")
    return snapshot()


def rolled_back(load):
    """Run ``load`` and undo it afterwards, so each example starts from the same stored data."""
    with transaction.atomic():
        result = load()
        after = snapshot()
        transaction.set_rollback(True)
    return result, after


@FUZZ
@given(rows=st.lists(ROW, max_size=8))
def test_any_rows_import_all_or_nothing_or_leave_data_untouched(stored, rows):
    records = [release_from_row(row, line) for line, row in enumerate(rows, start=2)]
    report, after = rolled_back(lambda: load_releases(records, all_or_nothing=True))
    lines = {record.line for record in records}
    for error in report.errors:  # each error names its item's line and says why
        assert error.line in lines and error.messages and all(error.messages), error
    if report.errors:
        assert report.rolled_back and after == stored
    else:
        by_source = {record["source_url"]: record for record in after}
        for record in stored:  # nothing stored is lost, and an editor's correction survives any import
            assert record["source_url"] in by_source
        corrected = next(r for r in after if r["news_id"] == "3")
        assert "Corrected by an editor" in json.dumps(corrected, ensure_ascii=False)


@FUZZ
@given(rows=st.lists(ROW, max_size=8))
def test_any_rows_import_item_by_item_without_losing_stored_work(stored, rows):
    records = [release_from_row(row, line) for line, row in enumerate(rows, start=2)]
    report, after = rolled_back(lambda: load_releases(records))
    rejected = {record.line for record in records if isinstance(record, Rejected)}
    assert rejected <= {error.line for error in report.errors}  # every refused row is reported, the rest go on
    assert sum(report.counts[kind] for kind in ("new", "changed", "unchanged", "conflict", "error")) == len(records)
    assert {r["source_url"] for r in stored} <= {r["source_url"] for r in after}
    assert "Corrected by an editor" in json.dumps(after, ensure_ascii=False)


@FUZZ
@given(lines=st.lists(REALISTIC_LINE, max_size=25))
def test_any_dump_text_imports_without_unexpected_errors(stored, lines):
    records = [release_from_row(row, row["line"]) for row in dump_rows("\n".join(lines).splitlines(keepends=True))]
    report, after = rolled_back(lambda: load_releases(records, all_or_nothing=True))
    if report.errors:
        assert after == stored
        assert all(error.line >= 1 and error.messages for error in report.errors), report.errors


QUERY = st.one_of(st.text(max_size=80), HOSTILE, st.text(alphabet=string.punctuation + " &|!:*()'\"\\<>-", max_size=40))
PARAMS = st.fixed_dictionaries({}, optional={
    "q": QUERY, "agency": TEXT, "region": TEXT, "section": TEXT, "page": TEXT,
    "published_after": TEXT, "published_before": TEXT, "published_min": TEXT,
})


@FUZZ
@given(params=PARAMS)
@example(params={"q": "\x1b"})  # once a 500: a control character reached the feed title (XML 1.0 refuses it)
@example(params={"q": "0\x1f0"})  # then one that Python counts as whitespace and XML still refuses
def test_any_query_string_gets_a_page_never_an_error(client, stored, params):
    for url in ["/en/news/", "/ru/news/", "/en/news/feed/rss/", "/en/news/feed/atom/", "/en/news/feed.json"]:
        response = client.get(url, params)
        assert response.status_code in (200, 400, 404), (url, params, response.status_code)


@FUZZ
@given(query=QUERY, language=st.sampled_from(["en", "ru", "kk"]))
def test_search_accepts_any_query(stored, query, language):
    from articles.models import LiveVersion

    found = list(search(LiveVersion.objects.all(), query, language))
    assert all(isinstance(version, LiveVersion) for version in found)

"""Search: ranked full-text search on PostgreSQL, a simple fallback elsewhere; snippets are safe."""

import datetime
import time

import pytest
from django.contrib.postgres.search import SearchQuery
from django.db import connection
from django.utils import timezone

from articles import kazakh
from articles.models import Article, LiveVersion

pytestmark = pytest.mark.django_db
postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="full-text search needs PostgreSQL")


@pytest.fixture
def corpus(make_article):
    published = Article.Status.PUBLISHED
    make_article(versions={"en": "Snow clearing in Baidibek district"}, status=published)
    body_hit = make_article(versions={"en": "Regional meeting"}, status=published)
    for texts in (body_hit.translations, body_hit.live_versions):
        texts.update(body="Roads were cleared of snow overnight. <script>alert(1)</script>")
    make_article(versions={"en": "Snow report, draft"})
    russian = make_article(versions={"ru": "Дороги очищены от снега"}, status=published, original_language="ru")
    for texts in (russian.translations, russian.live_versions):
        texts.update(body="Снегопад в Туркестанской области: дороги очищают круглосуточно.")
    return body_hit


def titles(client, lang, q):
    return [v.title for v in client.get(f"/{lang}/news/", {"q": q}).context_data["versions"]]


def test_search_finds_title_and_body_matches_of_public_versions_only(client, corpus):
    assert set(titles(client, "en", "snow")) == {"Snow clearing in Baidibek district", "Regional meeting"}
    assert titles(client, "en", "Baidibek snow") == ["Snow clearing in Baidibek district"]
    assert titles(client, "en", "draft") == []


def test_snippets_highlight_words_and_escape_the_text(client, corpus):
    page = client.get("/en/news/", {"q": "snow"}).content.decode()
    assert "<mark>snow</mark>" in page.lower()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;" in page or "script" not in page


def test_hostile_queries_do_not_fail(client, corpus):
    for q in ["'", '"', "&|!", "a" * 5000, "<script>", "снег & (", "-"]:
        assert client.get("/en/news/", {"q": q}).status_code == 200


@postgres_only
def test_title_matches_rank_above_body_matches(client, corpus):
    assert titles(client, "en", "snow") == ["Snow clearing in Baidibek district", "Regional meeting"]


@postgres_only
def test_russian_search_uses_russian_stemming(client, corpus):
    assert titles(client, "ru", "снег") == ["Дороги очищены от снега"]  # "снега", "Снегопад"


@postgres_only
def test_vector_is_maintained_by_the_database_on_the_live_text(corpus):
    live = LiveVersion.objects.get(title="Regional meeting")
    LiveVersion.objects.filter(pk=live.pk).update(body="Floods in spring.")
    assert LiveVersion.objects.filter(pk=live.pk, search_vector="flood").exists()


def test_search_finds_the_live_text_not_the_working_copy(client, corpus):
    """An editor's unpublished draft is not searchable; the text readers see is."""
    corpus.translations.update(body="Secret draft about avalanches.")
    assert titles(client, "en", "avalanches") == []
    assert titles(client, "en", "overnight") == ["Regional meeting"]


@postgres_only
def test_search_uses_the_gin_index():
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'articles_live_search'")
        assert "gin (search_vector, article_published_at)" in cursor.fetchone()[0]


@pytest.fixture
def kazakh_corpus(make_article):
    published = Article.Status.PUBLISHED
    texts = {
        "Түркістанда жаңа мектеп ашылды": "Облыс әкімі Түркістанның жастарына арналған мектепті аралады.",
        "Тоқаев Астанаға келген делегацияны қабылдады": "Мемлекет басшысы Сайрам ауданы туралы баяндама тыңдады.",
        "Энергетика министрі Бозымбаевтың сапары": "Министр Ақтөбе облысындағы кәсіпорындарды аралады.",
    }
    for title, body in texts.items():
        article = make_article(versions={"kk": title}, status=published, original_language="kk")
        for live in article.live_versions.all():
            live.body = body
            live.fill_search_text()
            live.save()


def test_kazakh_query_finds_the_inflected_forms_of_a_word(client, kazakh_corpus):
    assert titles(client, "kk", "Түркістан") == ["Түркістанда жаңа мектеп ашылды"]
    assert titles(client, "kk", "Түркістанға") == ["Түркістанда жаңа мектеп ашылды"]
    assert titles(client, "kk", "Астана") == ["Тоқаев Астанаға келген делегацияны қабылдады"]
    assert titles(client, "kk", "Ақтөбеде кәсіпорын") == ["Энергетика министрі Бозымбаевтың сапары"]
    assert titles(client, "kk", "Шымкент") == []


def test_kazakh_stems_do_not_leak_into_other_languages(client, corpus, kazakh_corpus):
    assert titles(client, "kk", "snow") == []
    assert titles(client, "en", "Түркістан") == []


@postgres_only
def test_kazakh_vector_is_built_from_stems_and_marks_the_inflected_words(client, kazakh_corpus):
    live = LiveVersion.objects.get(title__startswith="Түркістанда")
    assert LiveVersion.objects.filter(pk=live.pk, search_vector="түркістан").exists()
    page = client.get("/kk/news/", {"q": "Түркістан"}).content.decode()
    assert "<mark>Түркістанның</mark>" in page


@postgres_only
def test_kazakh_text_changed_without_new_stems_is_searched_by_its_plain_words(kazakh_corpus):
    """Stale stems are never indexed: an update that bypasses ``fill_search_text`` indexes the words as written."""
    live = LiveVersion.objects.get(title__startswith="Түркістанда")
    LiveVersion.objects.filter(pk=live.pk).update(body="Жетісуда су тасқыны.")
    assert LiveVersion.objects.filter(pk=live.pk, search_vector="жетісуда").exists()
    assert not LiveVersion.objects.filter(pk=live.pk, search_vector="жас").exists()  # from the old body
    assert LiveVersion.objects.filter(pk=live.pk, search_vector="түркістанда").exists()


@postgres_only
def test_a_misspelt_name_finds_releases_by_trigram_similarity(client, kazakh_corpus):
    assert titles(client, "kk", "Токаев") == ["Тоқаев Астанаға келген делегацияны қабылдады"]
    assert titles(client, "kk", "Бозумбаев") == ["Энергетика министрі Бозымбаевтың сапары"]
    assert titles(client, "kk", "Нұрлыжол") == []


@postgres_only
def test_a_kazakh_live_version_is_indexed_by_its_stems(make_article):
    article = make_article(versions={"kk": "Алматыда жиын өтті"}, status=Article.Status.PUBLISHED,
                           original_language="kk")
    live = article.live_versions.get()
    assert live.search_text.split("\n")[1] == kazakh.stem_text("Алматыда жиын өтті") == "алмат жиын өтт"
    assert LiveVersion.objects.filter(pk=live.pk, search_vector="алмат").exists()


@postgres_only
def test_live_versions_carry_their_articles_date_whatever_changes_it(make_article):
    article = make_article(versions={"en": "Dated", "ru": "Датировано"}, status=Article.Status.PUBLISHED)

    def dates():
        return set(LiveVersion.objects.filter(article=article).values_list("article_published_at", flat=True))

    assert dates() == {article.published_at}
    article.published_at -= datetime.timedelta(days=400)  # an editor corrects the date
    article.save()
    assert dates() == {article.published_at}
    live = LiveVersion.objects.get(article=article, language="en")
    live.article_published_at = None  # a stale copy saved with the row cannot stick
    live.save()
    assert dates() == {article.published_at}
    Article.objects.filter(pk=article.pk).update(published_at=article.published_at - datetime.timedelta(days=1))
    article.refresh_from_db()
    assert dates() == {article.published_at}


@postgres_only
def test_search_ranks_the_newest_matches_whichever_window_finds_them(client, make_article, monkeypatch):
    """The newest CANDIDATES matches are the same whether they are found among the newest versions first or among
    all: a common word is found in the first window, a rarer one in a wider one, a rare one in all."""
    from articles.public import search

    now = timezone.now()
    for n in range(30):
        words = ["snow"] + (["flood"] if n % 5 == 0 else []) + (["avalanche"] if n == 29 else [])
        article = make_article(versions={"en": f"Release {n}"}, status=Article.Status.PUBLISHED,
                               published_at=now - datetime.timedelta(days=n))
        for texts in (article.translations, article.live_versions):
            texts.update(body=" ".join(words) + " in the district.")
    matches = LiveVersion.objects.public("en")

    def newest(word, windows):
        monkeypatch.setattr(search, "WINDOWS", windows)
        search._starts.clear()
        found = search.newest_matches(matches.filter(search_vector=SearchQuery(word, config="english")), "en")
        return [LiveVersion.objects.get(pk=pk).title for pk in found]

    monkeypatch.setattr(search, "CANDIDATES", 4)
    for word in ("snow", "flood", "avalanche"):
        expected = [f"Release {n}" for n in range(30) if word == "snow" or (word == "flood" and n % 5 == 0)
                    or (word == "avalanche" and n == 29)][:4]
        assert newest(word, ()) == expected  # every match read
        assert newest(word, (6, 12)) == expected  # snow in the newest 6, flood among the newest 12 + all
    # the start of a window is read once a minute: one read since then by another change gives the same matches
    monkeypatch.setattr(search, "WINDOWS", (6, 12))
    search._starts[("default", "en", 6)] = (time.monotonic() + 60, now + datetime.timedelta(days=1))
    found = search.newest_matches(matches.filter(search_vector=SearchQuery("flood", config="english")), "en")
    assert [LiveVersion.objects.get(pk=pk).title for pk in found] == ["Release 0", "Release 5", "Release 10",
                                                                       "Release 15"]
    assert titles(client, "en", "flood")[:2] == ["Release 0", "Release 5"]


def test_a_search_within_an_agency_region_or_section_finds_its_matches_past_the_newest_of_all(
        client, make_article, monkeypatch):
    """Search ranks the newest ``CANDIDATES`` matches: of the agency's (region's, section's, dates') releases when
    the visitor narrowed to one, not of all, or an agency whose matches are older than the newest few of the site's
    would find nothing."""
    from articles.public import search
    from tests.factories import AgencyFactory, RegionFactory

    monkeypatch.setattr(search, "CANDIDATES", 3)
    now = timezone.now()
    busy, quiet, region = AgencyFactory(), AgencyFactory(), RegionFactory()
    for n in range(4):
        article = make_article(versions={"en": f"Flood warning {n}"}, status=Article.Status.PUBLISHED, agency=busy,
                               section="Events", published_at=now - datetime.timedelta(hours=n))
    old = make_article(versions={"en": "Flood defences repaired"}, status=Article.Status.PUBLISHED, agency=quiet,
                       region=region, section="Law", published_at=now - datetime.timedelta(days=30))
    for query in ({"agency": quiet.slug}, {"region": region.slug}, {"section": "Law"},
                  {"published_before": (now - datetime.timedelta(days=10)).date().isoformat()}):
        assert titles_of(client.get("/en/news/", {"q": "flood", **query})) == ["Flood defences repaired"], query
        feed = client.get("/en/news/feed/rss/", {"q": "flood", **query}).content.decode()
        assert "Flood defences repaired" in feed and "Flood warning" not in feed
    assert article.agency == busy and old.agency == quiet
    everything = client.get("/en/news/", {"q": "flood"})  # PostgreSQL: the newest three of all, ranked
    if connection.vendor == "postgresql":  # and it says so rather than count three
        assert len(titles_of(everything)) == 3 and everything.context_data["page_obj"].total is None
        assert "Older releases are not listed here: choose dates to see them." in everything.content.decode()
    else:
        assert len(titles_of(everything)) == 5 and everything.context_data["page_obj"].total == 5


def titles_of(response):
    return [version.title for version in response.context_data["versions"]]


@postgres_only
def test_the_ranked_matches_are_read_by_one_array_parameter(client, corpus):
    """The page's query names its candidates as one array (``= ANY``), not a placeholder each: one statement text
    for the server to prepare whatever their number."""
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert titles(client, "en", "snow")
    page = [q["sql"] for q in captured.captured_queries if "ts_headline" in q["sql"]]
    assert len(page) == 1 and '"articles_liveversion"."id" = ANY(' in page[0] and " IN (" not in page[0]


def test_russian_search_ignores_case_and_finds_other_forms_of_a_word(client, corpus):
    """On every database: "снегопад" finds "Снегопад", capitals find lower case, "дорога" finds "дороги"."""
    found = ["Дороги очищены от снега"]
    assert titles(client, "ru", "снегопад") == found
    assert titles(client, "ru", "ТУРКЕСТАНСКОЙ") == found
    assert titles(client, "ru", "дорога") == found
    assert titles(client, "ru", "снегопад дорога") == found
    assert titles(client, "ru", "снегопад метель") == []


def test_english_search_finds_other_forms_of_a_word(client, corpus):
    assert set(titles(client, "en", "cleared")) == {"Regional meeting", "Snow clearing in Baidibek district"}


@pytest.mark.parametrize("q", ["%%%", "'", '"', "😀", "--"])
def test_a_query_with_no_words_finds_nothing_and_says_why(client, corpus, q):
    response = client.get("/en/news/", {"q": q})
    assert response.context_data["versions"] == [] or not list(response.context_data["versions"])
    assert "Type a word to search for." in response.content.decode()


def test_a_snippet_begins_and_ends_with_whole_words(client, make_article):
    article = make_article(versions={"en": "Meeting"}, status=Article.Status.PUBLISHED)
    body = " ".join(f"w{'o' * (n % 7)}rd{n}" for n in range(60)) + " needle " + " ".join(
        f"t{'a' * (n % 5)}il{n}" for n in range(60))
    for texts in (article.translations, article.live_versions):
        texts.update(body=body)
    snippet = client.get("/en/news/", {"q": "needle"}).context_data["versions"][0].snippet_html
    text = snippet.replace("<mark>", "").replace("</mark>", "").strip("…")
    words = body.split()
    assert text.split()[0] in words and text.split()[-1] in words, snippet

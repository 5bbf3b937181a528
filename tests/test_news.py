"""The public news list and its filters; agency and region pages."""

import datetime
import re

import pytest
from django.db import connection
from django.utils import timezone

from articles.models import Article, Region
from tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db
# On PostgreSQL the section choices are two queries (the sections in use off their index, then one probe query),
# whatever the number of releases; elsewhere one DISTINCT over the public releases.
SECTIONS_IN_USE = int(connection.vendor == "postgresql")


@pytest.fixture
def news(make_article):
    turkestan = Region.objects.get(slug="turkestan")
    akimat = AgencyFactory(slug="test-akimat", kind="akimat", region=turkestan)
    ministry = AgencyFactory(slug="test-ministry")
    day = timezone.now() - datetime.timedelta(days=10)
    published = Article.Status.PUBLISHED
    return {
        "roads": make_article(versions={"en": "Roads cleared of snow"}, agency=akimat, status=published,
                              published_at=day, section="Regions"),
        "tax": make_article(versions={"en": "Tax reporting deadline"}, agency=ministry, status=published,
                            published_at=day - datetime.timedelta(days=5), section="Law"),
        "draft": make_article(versions={"en": "Draft about roads"}, agency=akimat),
        "russian": make_article(versions={"ru": "Дороги очищены"}, agency=akimat, status=published,
                                original_language="ru"),
    }


def titles(response):
    return [v.title for v in response.context_data["versions"]]


def test_list_shows_public_versions_in_the_page_language_newest_first(client, news):
    assert titles(client.get("/en/news/")) == ["Roads cleared of snow", "Tax reporting deadline"]
    assert titles(client.get("/ru/news/")) == ["Дороги очищены"]


@pytest.mark.parametrize(("params", "expected"), [
    ({"agency": "test-akimat"}, ["Roads cleared of snow"]),
    ({"region": "turkestan"}, ["Roads cleared of snow"]),
    ({"section": "law"}, ["Tax reporting deadline"]),
    ({"q": "snow"}, ["Roads cleared of snow"]),
    ({"q": "roads"}, ["Roads cleared of snow"]),  # the draft about roads stays hidden
    ({"agency": "test-akimat", "section": "Law"}, []),
    ({"region": "turkestan", "q": "cleared"}, ["Roads cleared of snow"]),
])
def test_filters_alone_and_combined(client, news, params, expected):
    assert titles(client.get("/en/news/", params)) == expected


def test_date_range(client, news):
    """The range is in Almaty dates, whatever the hour in UTC (19:00-24:00 UTC is the next day in Almaty)."""
    day = timezone.localdate(timezone.now() - datetime.timedelta(days=15)).isoformat()
    assert titles(client.get("/en/news/", {"published_after": day, "published_before": day})) == [
        "Tax reporting deadline"]


def test_no_results_is_said_plainly(client, news):
    response = client.get("/en/news/", {"q": "nothing-like-this"})
    assert "No releases match these filters." in response.content.decode()
    assert "0 releases" in response.content.decode()


def test_agency_and_region_pages_are_the_list_prefiltered(client, news):
    agency = client.get("/en/agencies/test-akimat/")
    assert titles(agency) == ["Roads cleared of snow"]
    assert news["roads"].agency.name_en in agency.content.decode()
    assert titles(client.get("/en/regions/turkestan/")) == ["Roads cleared of snow"]
    assert client.get("/en/agencies/no-such/").status_code == 404


def test_pagination(client, make_article):
    for n in range(25):
        make_article(versions={"en": f"Release {n:02d}"}, status=Article.Status.PUBLISHED)
    first, second = client.get("/en/news/"), client.get("/en/news/", {"page": 2})
    assert len(first.context_data["versions"]) == 20 and len(second.context_data["versions"]) == 5
    assert 'rel="next"' in first.content.decode()


@pytest.mark.parametrize("count", [3, 20])
def test_query_count_does_not_grow_with_the_page(client, make_article, django_assert_num_queries, count):
    for n in range(count):
        make_article(versions={"en": f"Release {n}", "ru": f"Релиз {n}"}, status=Article.Status.PUBLISHED)
    with django_assert_num_queries(5 + SECTIONS_IN_USE):  # next scheduled time, the page (never a count), agency,
        client.get("/en/news/")                          # region, section choices
    with django_assert_num_queries(0):  # the same page again, for an anonymous visitor: from the cache
        client.get("/en/news/")


@pytest.mark.parametrize(("lang", "heading", "search"), [("en", "News", "Search"), ("ru", "Новости", "Поиск"),
                                                          ("kk", "Жаңалықтар", "Іздеу")])
def test_interface_is_in_the_page_language(client, lang, heading, search):
    page = client.get(f"/{lang}/news/").content.decode()
    assert f"<h1>{heading}</h1>" in page and search in page
    assert f'<html lang="{lang}">' in page


def test_agency_page_shows_its_description_in_the_page_language(client, news):
    agency = news["roads"].agency
    agency.description_en, agency.description_ru = "Regional government.", "Местный исполнительный орган."
    agency.save()
    assert "Regional government." in client.get("/en/agencies/test-akimat/").content.decode()
    assert "Местный исполнительный орган." in client.get("/ru/agencies/test-akimat/").content.decode()


def test_article_page_links_its_agency_and_region(client, news):
    page = client.get(news["roads"].translations.get().get_absolute_url()).content.decode()
    assert 'href="/en/agencies/test-akimat/"' in page and 'href="/en/regions/turkestan/"' in page


def test_lists_never_count_and_offer_a_bounded_number_of_pages(client, make_article, monkeypatch,
                                                               django_assert_num_queries):
    from articles.public.paging import UncountedPaginator

    monkeypatch.setattr(UncountedPaginator, "max_pages", 2)
    for n in range(50):
        make_article(versions={"en": f"Release {n} on {'budget' if n < 11 else 'roads'}"},
                     status=Article.Status.PUBLISHED)
    with django_assert_num_queries(5 + SECTIONS_IN_USE) as captured:  # next scheduled time, the page, agency, region,
        # section choices
        page = client.get("/en/news/")
    assert not [q for q in captured.captured_queries if "COUNT(" in q["sql"].upper()]
    assert len(page.context_data["versions"]) == 20 and page.context_data["page_obj"].has_next()
    assert 'role="status"' not in page.content.decode()  # more than a page: not counted
    second = client.get("/en/news/?page=2")
    assert second.status_code == 200 and not second.context_data["page_obj"].has_next()  # the last page offered
    # ... of fifty: it does not claim that there are forty
    assert second.context_data["page_obj"].total is None and 'role="status"' not in second.content.decode()
    assert "Older releases are not listed here: choose dates to see them." in second.content.decode()
    assert "Older releases are not listed here" not in page.content.decode()  # the first page offers the next
    assert client.get("/en/news/?page=3").status_code == 404
    few = client.get("/en/news/?q=budget")  # 11 matches, all on the first page: counted as shown
    assert few.context_data["page_obj"].total == 11 and "11 releases" in few.content.decode()


@pytest.mark.parametrize("count", [3, 30])
def test_home_lists_recently_active_agencies_in_constant_queries(client, make_article, django_assert_num_queries,
                                                                 count):
    import datetime

    from django.utils import timezone

    start = timezone.now() - datetime.timedelta(days=count + 1)
    for n in range(count):
        make_article(versions={"en": f"Release {n}"}, status=Article.Status.PUBLISHED,
                     published_at=start + datetime.timedelta(days=n))
    with django_assert_num_queries(4):  # generation, page, recent agency and region ids, agencies (no regions here)
        page = client.get("/en/")
    agencies = page.context_data["agencies"]
    assert len(agencies) == min(count, 10)
    newest = Article.objects.order_by("-published_at").first().agency
    assert agencies[0] == newest


def test_the_filter_form_keeps_what_was_asked_and_offers_real_date_inputs(client, news):
    import re

    page = client.get("/en/news/", {"q": 'roads "cleared"', "agency": "test-akimat", "section": "Regions",
                                    "published_after": "2025-01-02"}).content.decode()
    form = page[page.index("<form"):page.index("</form>")]
    inputs = re.findall(r"<input [^>]*>", form)
    assert all(tag.count(" type=") == 1 for tag in inputs), inputs  # one type per input, not "text" then "date"
    assert '<input type="search" name="q" value="roads &#34;cleared&#34;" id="id_q">' in form
    assert '<label for="id_q">Search:</label>' in form and '<label for="id_agency">Agency:</label>' in form
    assert '<option value="test-akimat" selected>' in form
    assert re.search(r'<input type="date" name="published_after" value="2025-01-02" aria-label="Published from"', form)
    assert re.search(r'<input type="date" name="published_before" aria-label="Published until"', form)
    assert '<option value="Regions" selected>Regions</option>' in form
    agency_page = client.get("/en/agencies/test-akimat/").content.decode()
    assert 'name="agency"' not in agency_page[agency_page.index("<form"):]  # the page's own scope is not offered


@pytest.mark.django_db
def test_a_filter_with_no_match_in_the_language_offers_the_matches_in_the_others(client, make_article):
    """A Kazakh reader filtering by an agency that has published in English only sees those releases, marked with
    their language, instead of an empty list; words searched are not looked for in other languages' texts."""
    agency, other = AgencyFactory(), AgencyFactory()
    make_article(agency=agency, versions={"en": "Bridge opened in Aktobe"}, status=Article.Status.PUBLISHED)
    make_article(agency=other, versions={"en": "Another agency's release"}, status=Article.Status.PUBLISHED)
    page = client.get("/kk/news/", {"agency": agency.slug}).content.decode()
    assert "Қазақ тілінде бұл шарттарға сай баспасөз хабарламалары жоқ." in page
    assert "Басқа тілдердегі осы шарттарға сай баспасөз хабарламалары" in page
    assert "Bridge opened in Aktobe" in page and "Another agency&#39;s release" not in page
    assert "Another agency's release" not in page
    searched = client.get("/kk/news/", {"q": "Bridge"}).content.decode()
    assert "Bridge opened in Aktobe" not in searched and "Бұл шарттарға сай" in searched


def test_an_invalid_filter_is_said_where_it_was_chosen_and_left_out(client, news):
    """Not silently ignored: the field says why, and its aria-describedby points at the message."""
    html = client.get("/en/news/", {"agency": "no-such-agency", "published_after": "2025-13-45"}).content.decode()
    for field in ("agency", "published"):
        assert re.search(rf'<p class="error" id="id_{field}_error">[^<]+This filter is left out.</p>', html), field
        assert f'aria-describedby="id_{field}_error"' in html
    assert titles(client.get("/en/news/", {"agency": "no-such-agency"})) == titles(client.get("/en/news/"))

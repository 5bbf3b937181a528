"""articles.public.filters: the fast <select> writes what Django's template-rendered one writes."""

import re

import pytest
from django import forms

from articles.models import ArticleTranslation
from articles.public.filters import FastSelect, NewsFilter
from tests.factories import AgencyFactory


def squeeze(html):
    return re.sub(r">\s+<", "><", html.strip())


@pytest.mark.parametrize("value", [None, "", "b", ["b"]])
def test_fast_select_writes_what_djangos_select_writes(value):
    choices = [("", "---------"), ("a", "Министерство «юстиции»"), ("b", "<script>x</script> & co")]
    attrs = {"id": "id_agency", "aria-describedby": "help"}
    assert squeeze(FastSelect(choices=choices).render("agency", value, attrs)) == \
        squeeze(forms.Select(choices=choices).render("agency", value, attrs))


@pytest.mark.django_db
def test_agency_choices_are_named_in_the_page_language():
    from django.utils import translation

    AgencyFactory(slug="test-justice", name_en="Ministry of Justice", name_ru="Министерство юстиции")
    with translation.override("ru"):
        html = str(NewsFilter({}, queryset=ArticleTranslation.objects.none()).form["agency"])
    assert '<option value="test-justice">Министерство юстиции</option>' in html


def test_fast_select_writes_optgroups_as_djangos_select_does():
    choices = [("", "All"), ("Ministries", [("a", "Әділет"), ("b", "<b>")]), ("Akimats — Абай", [("c", "Абай")])]
    assert squeeze(FastSelect(choices=choices).render("agency", "c", {"id": "x"})) == \
        squeeze(forms.Select(choices=choices).render("agency", "c", {"id": "x"}))


def agency_select(language):
    from django.utils import translation

    with translation.override(language):
        return str(NewsFilter({}, queryset=ArticleTranslation.objects.none()).form["agency"])


@pytest.mark.django_db
def test_agencies_are_grouped_by_kind_and_region_and_sorted_in_the_page_language():
    from articles.models import Agency, Region

    Agency.objects.all().delete()
    abay, turkestan = Region.objects.get(slug="abay"), Region.objects.get(slug="turkestan")
    for slug, kind, region, name_kk, name_ru in [
        ("m-kaz", "ministry", None, "Қаржы министрлігі", "Министерство финансов"),
        ("m-adil", "ministry", None, "Әділет министрлігі", "Министерство юстиции"),
        ("m-ak", "ministry", None, "Ауыл шаруашылығы министрлігі", "Министерство сельского хозяйства"),
        ("a-turk", "akimat", turkestan, "Түркістан облысының әкімдігі", "Акимат Туркестанской области"),
        ("a-abay", "akimat", abay, "Абай облысының әкімдігі", "Акимат области Абай"),
        ("c-one", "committee", None, "Мемлекеттік кірістер комитеті", "Комитет государственных доходов"),
        ("o-one", "other", None, "Жоғарғы сот", "Верховный суд"),
    ]:
        AgencyFactory(slug=slug, kind=kind, region=region, name_kk=name_kk, name_ru=name_ru, name_en=slug)
    kazakh = squeeze(agency_select("kk"))
    assert "---------" not in kazakh
    assert kazakh.index('<option value="" selected>Барлық мемлекеттік органдар</option>') < kazakh.index("<optgroup")
    groups = re.findall(r'<optgroup label="([^"]+)">', kazakh)
    assert groups == ["Министрліктер", f"Әкімдіктер — {abay.name_kk}", f"Әкімдіктер — {turkestan.name_kk}",
                      "Комитеттер", "Басқа мемлекеттік органдар"]
    ministries = re.findall(r'<option value="m-[a-z]+">([^<]+)', kazakh)
    assert ministries == ["Ауыл шаруашылығы министрлігі", "Әділет министрлігі", "Қаржы министрлігі"]
    russian = squeeze(agency_select("ru"))
    assert '<option value="" selected>Все ведомства</option>' in russian
    assert re.findall(r'<option value="m-[a-z]+">([^<]+)', russian) == [
        "Министерство сельского хозяйства", "Министерство финансов", "Министерство юстиции"]


@pytest.mark.django_db
def test_sections_are_a_select_of_the_sections_with_public_releases_named_in_the_page_language(client, make_article):
    published = "published"
    make_article(versions={"ru": "Закон"}, original_language="ru", section="Law", status=published)
    make_article(versions={"ru": "Өңір"}, original_language="ru", section="Регионы", status=published)
    make_article(versions={"ru": "Черновик"}, original_language="ru", section="Sport")
    page = client.get("/ru/news/", {"section": "Право"}).content.decode()
    select = page[page.index('<select name="section"'):]
    select = select[:select.index("</select>")]
    assert re.findall(r'<option value="([^"]*)"( selected)?>([^<]+)', select) == [
        ("", "", "Все разделы"), ("Law", " selected", "Право"), ("Регионы", "", "Регионы")]
    assert '<label for="id_section">Раздел:</label>' in page


@pytest.mark.django_db
def test_current_filters_are_chips_that_each_remove_one_filter(client, make_article):
    article = make_article(versions={"en": "Roads cleared"}, status="published", section="Law")
    page = client.get("/en/news/", {"q": "roads", "agency": article.agency.slug, "section": "Право",
                                    "published_after": "2025-01-02", "page": "1"}).content.decode()
    chips = page[page.index('<ul class="chips">'):]
    chips = re.findall(r'<a href="\?([^"]*)">([^<]+)', chips[:chips.index("</ul>")])
    assert [(href, text.strip()) for href, text in chips] == [
        (f"agency={article.agency.slug}&amp;section=%D0%9F%D1%80%D0%B0%D0%B2%D0%BE&amp;published_after=2025-01-02",
         "Search: “roads”"),
        ("q=roads&amp;section=%D0%9F%D1%80%D0%B0%D0%B2%D0%BE&amp;published_after=2025-01-02",
         f"Agency: {article.agency.name_en}"),
        (f"q=roads&amp;agency={article.agency.slug}&amp;published_after=2025-01-02", "Section: Law"),
        (f"q=roads&amp;agency={article.agency.slug}&amp;section=%D0%9F%D1%80%D0%B0%D0%B2%D0%BE",
         "Published: 2 January 2025 – …"),
    ]
    assert '<ul class="chips">' not in client.get("/en/news/").content.decode()


@pytest.mark.django_db
def test_without_a_shared_cache_the_sections_are_read_once_a_minute_not_on_every_list(settings, make_article,
                                                                                     monkeypatch):
    """With ``CACHE_BACKEND=dummy`` no scope versions are kept, so each request saw new ones and read every public
    release's section again (240 ms a list at 100,000 releases)."""
    from django.core.cache.backends.dummy import DummyCache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from articles.public import caching, filters

    monkeypatch.setattr(caching, "cache", DummyCache("dummy", {}))  # no versions kept: new ones on every read
    monkeypatch.setattr(filters, "keeps_versions", lambda: False)
    filters._choices.clear()
    make_article(versions={"en": "Law passed"}, section="Law", status="published")
    assert filters.section_choices("en") == [("Law", "Law")]
    with CaptureQueriesContext(connection) as queries:
        assert filters.section_choices("en") == [("Law", "Law")]
    assert not [q for q in queries.captured_queries if "section" in q["sql"]]
    monkeypatch.setattr(filters.time, "monotonic", lambda: 10**9)  # a minute later: read again
    make_article(versions={"en": "Budget"}, section="Finance", status="published")
    assert [name for _section, name in filters.section_choices("en")] == ["Finance", "Law"]


@pytest.mark.django_db
def test_the_sections_in_use_are_those_of_public_releases_in_the_language(make_article):
    from articles.public.filters import public_sections

    make_article(versions={"en": "Law passed"}, section="Law", status="published")
    make_article(versions={"en": "Roads"}, section="Transport", status="published")
    make_article(versions={"ru": "Спорт"}, original_language="ru", section="Sport", status="published")
    make_article(versions={"en": "Not yet"}, section="Drafts only")
    make_article(versions={"en": "Gone"}, section="Withdrawn", status="withdrawn")
    assert public_sections("en") == ["Law", "Transport"]
    assert public_sections("ru") == ["Sport"]
    assert public_sections("kk") == []

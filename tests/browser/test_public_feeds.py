"""A reader in each language: from the home page to a filtered list, to a release, to the feed it offers."""

import feedparser
import pytest

from articles.models import Article, Region
from tests.factories import AgencyFactory, ArticleFactory, TranslationFactory

pytestmark = pytest.mark.django_db(transaction=True)

TITLES = {"en": "Roads cleared of snow", "ru": "Дороги очищены от снега", "kk": "Жолдар қардан тазартылды"}
WHAT = {"en": "press releases in English", "ru": "пресс-релизы на русском языке",
        "kk": "қазақ тіліндегі баспасөз хабарламалары"}


@pytest.fixture
def releases(live_server):
    akimat = AgencyFactory(slug="test-akimat", kind="akimat", region=Region.objects.get(slug="turkestan"),
                           name_en="Akimat of Turkestan Region", name_ru="Акимат Туркестанской области",
                           name_kk="Түркістан облысының әкімдігі")
    ministry = AgencyFactory(slug="test-ministry", kind="ministry", name_en="Ministry of Finance",
                             name_ru="Министерство финансов", name_kk="Қаржы министрлігі")
    for agency, titles in ((akimat, TITLES), (ministry, {"en": "Budget", "ru": "Бюджет", "kk": "Бюджет"})):
        article = ArticleFactory(agency=agency, region=agency.region, status=Article.Status.PUBLISHED,
                                 section="Regions")
        for language, title in titles.items():
            TranslationFactory(article=article, language=language, title=title)
    return live_server.url, akimat


@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
def test_home_filter_release_and_its_agency_feed(page, releases, screenshot, lang):
    base, akimat = releases
    page.goto(f"{base}/{lang}/")
    page.locator("header nav a").first.click()  # News
    page.select_option("#id_agency", "test-akimat")
    page.locator("form[role=search] button[type=submit]").click()
    page.wait_for_url("**agency=test-akimat**")
    assert page.locator(".chips a").count() == 1
    assert akimat.name(lang) in page.locator(".chips a").inner_text()
    feeds = page.locator('head link[rel="alternate"][type="application/atom+xml"]')
    assert feeds.get_attribute("title") == f"{akimat.name(lang)} — {WHAT[lang]} (Atom)"
    screenshot(page, f"public-feeds-{lang}-filtered", full_page=True)
    page.get_by_role("link", name=TITLES[lang]).click()
    assert page.locator("h1").inner_text() == TITLES[lang]
    screenshot(page, f"public-feeds-{lang}-release", full_page=True)
    link = page.locator("footer .feeds a", has_text="RSS").first
    assert akimat.name(lang) in link.inner_text()
    response = page.request.get(base + link.get_attribute("href"))
    assert response.ok
    feed = feedparser.parse(response.body())
    assert not feed.bozo and feed.feed.title == f"{akimat.name(lang)} — {WHAT[lang]}"
    assert [entry.title for entry in feed.entries] == [TITLES[lang]]


@pytest.mark.parametrize(("lang", "heading"), [
    ("en", "Something went wrong on our side"), ("ru", "На нашей стороне произошла ошибка"),
    ("kk", "Біз тарапта қате орын алды")])
def test_a_server_error_is_the_sites_own_page_in_the_readers_language(page, live_server, monkeypatch, screenshot,
                                                                      lang, heading):
    from axe_playwright_python.sync_playwright import Axe

    from articles.public import views

    def broken(self):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(views.HomeView, "get_queryset", broken)
    response = page.goto(f"{live_server.url}/{lang}/")
    assert response.status == 500
    assert page.locator("html").get_attribute("lang") == lang
    assert page.locator("h1").inner_text() == heading
    assert page.locator("header").count() and page.locator("footer").count()  # the site's frame, not Django's page
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a",
                                                                             "wcag21aa"]}})
    assert results.violations_count == 0, results.generate_report()
    screenshot(page, f"public-500-{lang}", full_page=True)

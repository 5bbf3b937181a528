"""The public pages in a real browser: axe-core finds no violations, in every language; screenshots."""


import pytest
from axe_playwright_python.sync_playwright import Axe

from articles.models import LiveVersion
from tests.factories import import_sample

pytestmark = pytest.mark.django_db(transaction=True)

WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


@pytest.fixture
def site(live_server):
    import_sample(publish=True)
    version = LiveVersion.objects.public("en").order_by("article__news_id").first()
    return live_server.url, version


def pages(base, version):
    return {
        "home": "/{lang}/",
        "news-filtered": "/{lang}/news/?agency=adilet",
        "search": "/{lang}/news/?q=digital",
        "agency": "/{lang}/agencies/enbek/",
        "region": "/{lang}/regions/abay/",
        "article": version.get_absolute_url().replace("/en/", "/{lang}/") if version else None,
        "missing-version": f"/{{lang}}/news/{version.article_id}/",
        "about": "/{lang}/about/",
        "not-found": "/{lang}/no-such-page/",
    }


@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
def test_no_accessibility_violations_on_any_page_type(page, site, lang):
    base, version = site
    axe = Axe()
    for name, path in pages(base, version).items():
        page.goto(base + path.format(lang=lang))
        results = axe.run(page, options=WCAG)
        assert results.violations_count == 0, f"{name} ({lang}):\n{results.generate_report()}"


def test_screenshots_desktop_and_phone(browser, site, screenshot):
    base, version = site
    for width, suffix in ((1280, "desktop"), (375, "375px"), (320, "")):
        context = browser.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        for name, path in [("home", "/en/"), ("news-filtered", "/en/news/?agency=ontustik&section=Law"),
                           ("search", "/en/news/?q=digital"), ("article", version.get_absolute_url())]:
            page.goto(base + path)
            assert page.evaluate("document.documentElement.scrollWidth") <= width  # no horizontal scrolling
            if suffix:
                screenshot(page, f"public-{name}-{suffix}", full_page=True)
        context.close()


def test_screenshots_of_the_404_the_footer_page_and_a_language_without_releases(page, site, screenshot):
    base, version = site
    headings = {"en": "Page not found", "ru": "Страница не найдена", "kk": "Бет табылмады"}
    for lang, heading in headings.items():
        response = page.goto(f"{base}/{lang}/no-such-page/")
        assert response.status == 404 and page.locator("h1").inner_text() == heading
        screenshot(page, f"public-404-{lang}", full_page=True)
        page.goto(f"{base}/{lang}/")
        page.get_by_role("navigation", name=page.locator("footer nav").get_attribute("aria-label")) \
            .get_by_role("link").first.click()
        assert page.url == f"{base}/{lang}/about/" and page.locator("footer [aria-current=page]").count() == 1
        screenshot(page, f"public-about-{lang}", full_page=True)
    assert not LiveVersion.objects.public("kk").exists()  # the sample has no Kazakh versions
    page.goto(f"{base}/kk/")
    offered = page.locator("main li:has(.language)")
    assert offered.count() == min(10, LiveVersion.objects.public().values("article").distinct().count())
    assert offered.first.locator("a").get_attribute("lang") in ("ru", "en")
    assert "Қазақ тілінде әлі бірде-бір баспасөз хабарламасы жарияланған жоқ." in page.locator("main").inner_text()
    screenshot(page, "public-home-kk-no-releases", full_page=True)


def test_a_release_page_prints_without_navigation_and_with_its_source(page, site):
    base, version = site
    page.goto(base + version.get_absolute_url())
    page.emulate_media(media="print")
    assert not page.locator("header").is_visible() and not page.locator("footer").is_visible()
    printed = page.locator(".print-only")
    assert printed.is_visible() and f"/news/{version.article_id}/" in printed.inner_text()
    assert not page.locator(".screen-only").first.is_visible() or not version.article.source_url
    if version.article.source_url:
        assert version.article.source_url in printed.inner_text()

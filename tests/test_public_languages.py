"""Languages handled honestly: a page in a language without releases says so and offers the others, marked with
their language; a release missing in the page's language names the languages it exists in."""

import re

import pytest

from articles.models import Article

pytestmark = pytest.mark.django_db


@pytest.fixture
def no_kazakh(make_article):
    older = make_article(versions={"ru": "Старый релиз", "en": "Old release"}, status=Article.Status.PUBLISHED,
                         original_language="ru")
    newer = make_article(versions={"en": "New release"}, status=Article.Status.PUBLISHED)
    return older, newer


def listed(page):
    """(language label, lang attribute, title) of each release offered in another language."""
    return re.findall(r'<li><span class="language">([^<]+)</span>\s*<a href="[^"]+" hreflang="(\w+)" lang="\w+">'
                      r"([^<]+)</a>", page)


def test_the_home_page_in_a_language_without_releases_says_so_and_offers_the_others(client, no_kazakh):
    page = client.get("/kk/").content.decode()
    assert "Қазақ тілінде әлі бірде-бір баспасөз хабарламасы жарияланған жоқ." in page
    assert "<h2>Басқа тілдердегі соңғы баспасөз хабарламалары</h2>" in page
    # One version per release, the first in the site's order of languages (kk, ru, en), newest release first.
    assert sorted(listed(page)) == sorted([("Ағылшын тілі", "en", "New release"), ("Орыс тілі", "ru", "Старый релиз")])


def test_the_news_list_and_an_agency_page_offer_the_other_languages_too(client, no_kazakh):
    older, newer = no_kazakh
    assert [title for *_, title in listed(client.get("/kk/news/").content.decode())] == ["New release",
                                                                                         "Старый релиз"]
    agency_page = client.get(f"/kk/agencies/{older.agency.slug}/").content.decode()
    assert [title for *_, title in listed(agency_page)] == ["Старый релиз"]


def test_a_filtered_list_with_no_match_does_not_offer_other_languages(client, no_kazakh):
    page = client.get("/kk/news/?q=nothing-matches-this").content.decode()
    assert not listed(page) and "Басқа тілдердегі" not in page


def test_a_language_with_releases_shows_only_its_own(client, no_kazakh, django_assert_max_num_queries):
    client.get("/ru/")
    client.get("/en/news/")  # the cache generation and the URL prefixes are ready
    with django_assert_max_num_queries(3):  # the page, agencies, regions: nothing for other languages
        page = client.get("/en/").content.decode()
    assert not listed(page) and "Басқа тілдердегі" not in page


@pytest.mark.parametrize(("language", "heading", "names"), [
    ("kk", "Бұл баспасөз хабарламасы қазақ тілінде жарияланбаған", ["Ағылшын тілі", "Орыс тілі"]),
    ("en", "This release has not been published in English", ["Russian"]),
])
def test_a_missing_version_names_its_language_and_the_existing_ones(client, make_article, language, heading, names):
    versions = {"ru": "Релиз", "en": "Release"} if language == "kk" else {"ru": "Релиз"}
    article = make_article(versions=versions, status=Article.Status.PUBLISHED, original_language="ru")
    response = client.get(f"/{language}/news/{article.pk}/")
    page = response.content.decode()
    assert response.status_code == 404 and f"<h1>{heading}</h1>" in page
    assert [label for label, *_ in listed(page)] == names
    assert [code for _, code, _ in listed(page)] == sorted(versions)


def test_a_release_page_switches_to_its_other_versions_or_to_the_languages_home(client, make_article):
    article = make_article(versions={"ru": "Релиз", "en": "Release"}, status=Article.Status.PUBLISHED)
    page = client.get(article.translations.get(language="en").get_absolute_url()).content.decode()
    switcher = re.search(r'<nav aria-label="Language">(.*?)</nav>', page).group(1)
    russian = article.translations.get(language="ru").get_absolute_url()
    assert f'<a href="{russian}" hreflang="ru" lang="ru">' in switcher
    assert '<a href="/kk/" hreflang="kk" lang="kk">' in switcher


@pytest.mark.parametrize(("language", "note"), [
    ("en", "This release has no version in Kazakh: the link opens the Kazakh home page."),
    ("ru", "Этого пресс-релиза нет на казахском языке: ссылка ведёт на главную страницу на казахском."),
])
def test_the_switcher_says_when_a_language_has_no_version_of_the_release(client, make_article, language, note):
    article = make_article(versions={"ru": "Релиз", "en": "Release"}, status=Article.Status.PUBLISHED)
    page = client.get(article.translations.get(language=language).get_absolute_url()).content.decode()
    switcher = re.search(r'<nav aria-label="[^"]+">((?:(?!</nav>).)*hreflang.*?)</nav>', page, re.S).group(1)
    assert f'<span title="{note}"><a href="/kk/" hreflang="kk" lang="kk">Қазақша</a>' in switcher
    assert f'<span class="sr"> ({note})</span>' in switcher
    other = "ru" if language == "en" else "en"
    assert f'hreflang="{other}" lang="{other}">' in switcher and switcher.count("<span title=") == 1


@pytest.mark.parametrize(("language", "said"), [
    ("kk", "Бұл мемлекеттік органның қазақ тіліндегі баспасөз хабарламалары әлі жоқ."),
    ("ru", "У этого ведомства пока нет пресс-релизов на русском языке."),
])
def test_an_agency_without_releases_in_the_pages_language_says_so_of_itself(client, no_kazakh, language, said):
    """Not "nothing has been published in this language": other agencies' releases are."""
    _older, newer = no_kazakh
    page = client.get(f"/{language}/agencies/{newer.agency.slug}/").content.decode()
    assert said in page
    assert [title for *_, title in listed(page)] == ["New release"]
    assert "<li>" + said not in page  # a sentence, not an item of the list


@pytest.mark.parametrize(("language", "said"), [
    ("en", "There are no releases about this region yet."),
    ("ru", "Пресс-релизов об этом регионе пока нет."),
    ("kk", "Бұл өңір туралы баспасөз хабарламалары әлі жоқ."),
])
def test_a_region_without_releases_says_so_not_that_filters_match_nothing(client, no_kazakh, language, said):
    from tests.factories import RegionFactory

    page = client.get(f"/{language}/regions/{RegionFactory().slug}/").content.decode()
    assert said in page
    assert "No releases match these filters." not in page and "подходящих" not in page


def test_a_missing_version_and_a_search_have_titles_of_their_own(client, no_kazakh):
    older, _newer = no_kazakh
    missing = client.get(f"/kk/news/{older.pk}/").content.decode()
    assert re.search(r"<title>[^<·]+ · kzpress</title>", missing) and "<title>kzpress</title>" not in missing
    search = client.get("/ru/news/", {"q": "релиз"}).content.decode()
    assert "<title>Поиск: «релиз» · Новости · kzpress</title>" in search


def test_the_switcher_keeps_the_filters_but_not_the_search_words_or_the_page(client, no_kazakh):
    older, _newer = no_kazakh
    page = client.get("/en/news/", {"q": "release", "agency": older.agency.slug, "page": "1"}).content.decode()
    assert f'<a href="/ru/news/?agency={older.agency.slug}" hreflang="ru" lang="ru">' in page


@pytest.mark.parametrize(("language", "said"), [
    ("kk", "Бұл — аударма. Түпнұсқасы орыс тілінде, айырмашылық болса, түпнұсқа басым:"),
    ("en", "This is a translation. The original, in Russian, prevails where they differ:"),
])
def test_a_translation_names_its_original_which_prevails(client, no_kazakh, make_article, language, said):
    article = make_article(versions={"ru": "Оригинал", "kk": "Аударма", "en": "Translation"},
                           status=Article.Status.PUBLISHED, original_language="ru")
    page = client.get(article.translations.get(language=language).get_absolute_url()).content.decode()
    original = article.translations.get(language="ru").get_absolute_url()
    assert f'{said} <a href="{original}" hreflang="ru" lang="ru">Оригинал</a>' in page
    assert "translated-from" not in client.get(original).content.decode()

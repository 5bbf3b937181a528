"""Every public page names the service and links the footer's pages; those pages are edited in the admin, in the
three languages, and a change reaches readers at once."""

import pytest

from articles.models import Article, SitePage
from articles.site_pages import PAGES, load_site_pages

pytestmark = pytest.mark.django_db

HEADER = {"en": "Press releases of Kazakhstan's government agencies",
          "ru": "Пресс-релизы государственных органов Казахстана",
          "kk": "Қазақстан мемлекеттік органдарының баспасөз хабарламалары"}
FOOTER = {"en": ["About", "Contacts", "Accessibility statement", "Licence of the texts"],
          "ru": ["О сервисе", "Контакты", "Заявление о доступности", "Лицензия на тексты"],
          "kk": ["Сервис туралы", "Байланыс", "Қолжетімділік туралы мәлімдеме", "Мәтіндерді пайдалану лицензиясы"]}


def test_the_migration_creates_the_four_pages_with_texts_in_three_languages():
    pages = {page.slug: page for page in SitePage.objects.all()}
    assert sorted(pages) == ["about", "accessibility", "contacts", "licence"]
    for page in pages.values():
        for language in ("kk", "ru", "en"):
            assert page.title(language) and len(page.paragraphs(language)) >= 2, (page.slug, language)


def test_loading_again_keeps_an_administrators_edits():
    SitePage.objects.filter(slug="about").update(title_en="About us")
    SitePage.objects.filter(slug="licence").delete()
    assert load_site_pages(SitePage) == 1
    assert SitePage.objects.get(slug="about").title_en == "About us"
    assert SitePage.objects.get(slug="licence").title_en == PAGES["licence"]["title_en"]


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_every_page_type_has_the_header_and_the_footer_in_its_language(client, make_article, language):
    article = make_article(versions={"kk": "Тақырып", "ru": "Заголовок", "en": "Title"},
                           status=Article.Status.PUBLISHED)
    paths = [f"/{language}/", f"/{language}/news/", f"/{language}/agencies/{article.agency.slug}/",
             article.translations.get(language=language).get_absolute_url(), f"/{language}/about/",
             f"/{language}/no-such-page/"]
    for path in paths:
        page = client.get(path).content.decode()
        assert HEADER[language] in page, path
        for slug, label in zip(SitePage.Slug.values, FOOTER[language], strict=True):
            assert f'<a href="/{language}/{slug}/"' in page and f">{label}</a>" in page, (path, slug)


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_a_footer_page_shows_its_text_in_the_page_language(client, language):
    response = client.get(f"/{language}/accessibility/")
    page = SitePage.objects.get(slug="accessibility")
    text = response.content.decode()
    assert response.status_code == 200
    assert f"<h1>{page.title(language)}</h1>" in text
    assert all(f"<p>{paragraph}</p>" in text for paragraph in page.paragraphs(language))
    assert 'aria-current="page"' in text  # the footer marks where the reader is


def test_a_footer_page_costs_one_query(client, django_assert_num_queries):
    client.get("/en/about/")  # the cache generation is started
    with django_assert_num_queries(1):
        assert client.get("/en/contacts/").status_code == 200


def test_an_edit_in_the_admin_reaches_cached_pages_at_once(admin_client, client, django_capture_on_commit_callbacks):
    assert "About kzpress" in client.get("/en/about/").content.decode()
    assert "public" in client.get("/en/about/")["Cache-Control"]
    page = SitePage.objects.get(slug="about")
    data = {field: getattr(page, field) for field in PAGES["about"]} | {"title_en": "About this service"}
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(f"/admin/articles/sitepage/{page.pk}/change/", data)
    assert response.status_code == 302
    assert "About this service" in client.get("/en/about/").content.decode()


def test_the_cached_footer_carries_nothing_of_the_user(admin_client, client, admin_user):
    client.get("/en/about/")  # cached for anonymous readers
    assert admin_user.username not in client.get("/en/about/").content.decode()
    assert "private" in admin_client.get("/en/about/")["Cache-Control"]


def test_an_unknown_footer_page_is_not_found(client):
    assert client.get("/en/imprint/").status_code == 404
    SitePage.objects.filter(slug="contacts").delete()
    assert client.get("/en/contacts/").status_code == 404


def test_a_release_page_prints_without_navigation_and_with_its_source(client, make_article):
    article = make_article(versions={"en": "Printed"}, status=Article.Status.PUBLISHED,
                           source_url="https://www.gov.kz/memleket/entities/adilet/press/news/details/1")
    version = article.translations.get()
    page = client.get(version.get_absolute_url()).content.decode()
    assert "@media print" in page and "header, footer, nav, form, .skip { display: none; }" in page
    assert (f'<p class="print-only">Source: {article.source_url}<br>Published on kzpress: '
            f"http://testserver/en/news/{article.pk}/</p>") in page  # the short address: typed from paper
    assert '<p class="meta screen-only"><a href="https://www.gov.kz/' in page  # the link once on paper


def test_a_printed_russian_release_carries_a_short_address_not_a_percent_encoded_one(client, make_article):
    article = make_article(versions={"ru": "Дороги очищены от снега"}, status=Article.Status.PUBLISHED,
                           original_language="ru")
    page = client.get(article.translations.get().get_absolute_url()).content.decode()
    printed = page.split('<p class="print-only">')[1].split("</p>")[0]
    assert printed.endswith(f"http://testserver/ru/news/{article.pk}/") and "%D0" not in printed

"""Public article pages: only approved versions of published articles, linked across languages."""

import pytest

from articles.editorial.access import PUBLISHER, TRANSLATOR
from articles.editorial.desk import APPROVE, SAVE, save_version
from articles.models import Article

pytestmark = pytest.mark.django_db


@pytest.fixture
def gender(make_article):
    """The sample's shape: an English title over a Russian original body, both incomplete."""
    article = make_article(original_language="ru", status=Article.Status.PUBLISHED, needs_translation=True,
                           versions={"ru": None})
    article.translations.filter(language="ru").update(title="", status="needs_translation")
    article.live_versions.all().delete()  # never public as it arrived
    article.translations.create(language="en", title="Gender equality issues remain relevant",
                                status="needs_translation")
    return article


def test_home_lists_only_public_versions_in_the_page_language(client, make_article):
    make_article(versions={"en": "Published release"}, status=Article.Status.PUBLISHED)
    make_article(versions={"en": "Draft release"})
    make_article(versions={"ru": "Русский релиз"}, status=Article.Status.PUBLISHED, original_language="ru")
    page = client.get("/en/").content.decode()
    assert "Published release" in page
    assert "Draft release" not in page and "Русский релиз" not in page


def test_root_redirects_to_a_language(client):
    assert client.get("/").status_code == 302


def test_the_untranslated_item_has_no_public_page(client, gender):
    assert client.get(f"/en/news/{gender.pk}/").status_code == 404
    assert client.get(f"/ru/news/{gender.pk}/").status_code == 404


def test_after_the_desk_fixes_it_both_pages_link_to_each_other(client, gender, staff):
    translator, publisher = staff(TRANSLATOR, gender.agency), staff(PUBLISHER, gender.agency)
    texts = {"en": ("Gender equality issues remain relevant", "Today the Minister met the participants."),
             "ru": ("Вопросы гендерного равенства", "Сегодня министр встретилась с участниками.")}
    for language, (title, body) in texts.items():
        save_version(gender, language, title=title, lead="", body=body, action=SAVE, user=translator)
    en, ru = (save_version(gender, language, title=title, lead="", body=body, action=APPROVE, user=publisher)
              for language, (title, body) in texts.items())
    english = client.get(en.get_absolute_url())
    russian = client.get(ru.get_absolute_url())
    assert english.status_code == russian.status_code == 200
    assert ru.get_absolute_url() in english.content.decode()
    assert en.get_absolute_url() in russian.content.decode()
    assert 'hreflang="ru"' in english.content.decode()


def test_missing_language_is_a_404_with_links_to_existing_versions(client, make_article):
    article = make_article(versions={"en": "Only in English"}, status=Article.Status.PUBLISHED)
    response = client.get(f"/kk/news/{article.pk}/")
    assert response.status_code == 404
    assert article.translations.get().get_absolute_url() in response.content.decode()


def test_draft_and_withdrawn_articles_are_not_public(client, make_article):
    for status in ("draft", "in_review", "scheduled"):
        article = make_article(versions={"en": f"Hidden {status}"}, status=status)
        assert client.get(f"/en/news/{article.pk}/").status_code == 404


def test_old_slug_redirects_to_the_current_one(client, make_article):
    article = make_article(versions={"en": "New title"}, status=Article.Status.PUBLISHED)
    version = article.translations.get()
    response = client.get(f"/en/news/{article.pk}/old-title/")
    assert response.status_code == 301 and response["Location"] == version.get_absolute_url()


def test_article_page_query_count(client, make_article, django_assert_max_num_queries):
    article = make_article(versions={"en": "Counted", "ru": "Посчитано"}, status=Article.Status.PUBLISHED)
    url = article.translations.get(language="en").get_absolute_url()
    with django_assert_max_num_queries(2):
        assert client.get(url).status_code == 200


def test_agency_name_is_in_the_page_language(client, make_article):
    article = make_article(versions={"ru": "Русский релиз"}, status=Article.Status.PUBLISHED, original_language="ru")
    page = client.get(article.translations.get().get_absolute_url()).content.decode()
    assert article.agency.name_ru in page and article.agency.name_en not in page


def test_article_page_has_open_graph_and_news_article_json_ld(client, make_article):
    import json
    import re

    article = make_article(versions={"en": "Title with </script><b>tags</b> & more"}, status=Article.Status.PUBLISHED)
    page = client.get(article.translations.get().get_absolute_url()).content.decode()
    assert '<meta property="og:type" content="article">' in page
    raw = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1)
    assert "</script><b>" not in raw  # the hostile title cannot close the element
    data = json.loads(raw)
    assert data["@type"] == "NewsArticle" and data["headline"] == "Title with </script><b>tags</b> & more"
    assert data["author"]["name"] == article.agency.name_en


def test_every_listing_page_links_its_other_languages(client, make_article):
    page = client.get("/en/news/?section=Law").content.decode()
    assert '<link rel="alternate" hreflang="ru" href="http://testserver/ru/news/?section=Law">' in page
    assert 'href="/kk/news/?section=Law" hreflang="kk"' in page


def test_withdrawn_release_page_stays_with_a_notice_but_leaves_listings(client, make_article):
    from django.utils import timezone

    article = make_article(versions={"en": "Withdrawn release"}, status=Article.Status.WITHDRAWN,
                           withdrawn_at=timezone.now(), withdrawn_reasons={"en": "Published in error."})
    page = client.get(article.translations.get().get_absolute_url())
    assert page.status_code == 200
    assert "This release was withdrawn" in page.content.decode() and "Published in error." in page.content.decode()
    assert "Withdrawn release" not in client.get("/en/news/").content.decode()
    assert "Withdrawn release" not in client.get("/sitemap.xml").content.decode()


def test_home_shows_agencies_and_regions_with_public_releases(client, make_article):
    from articles.models import Region
    from tests.factories import AgencyFactory

    active = AgencyFactory(slug="active-akimat", region=Region.objects.get(slug="abay"))
    make_article(versions={"en": "Public"}, agency=active, status=Article.Status.PUBLISHED)
    make_article(versions={"en": "Draft"}, agency=AgencyFactory(slug="quiet-agency"))
    response = client.get("/en/")
    assert [a.slug for a in response.context_data["agencies"]] == ["active-akimat"]
    assert [r.slug for r in response.context_data["regions"]] == ["abay"]
    kazakh = AgencyFactory(slug="kazakh-akimat", region=Region.objects.get(slug="aktobe"))
    make_article(versions={"kk": "Жария"}, agency=kazakh, original_language="kk", status=Article.Status.PUBLISHED)
    kk = client.get("/kk/")  # each home names the agencies and regions with releases in its language
    assert [a.slug for a in kk.context_data["agencies"]] == ["kazakh-akimat"]
    assert [r.slug for r in kk.context_data["regions"]] == ["aktobe"]
    assert client.get("/ru/").context_data["agencies"] == []

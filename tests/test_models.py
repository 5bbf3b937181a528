import pytest
from django.db import IntegrityError, transaction

from articles.models import Article, ArticleTranslation
from tests.factories import AgencyFactory, ArticleFactory, RegionFactory, TranslationFactory

pytestmark = pytest.mark.django_db


def test_duplicate_source_url_is_refused_by_the_database():
    article = ArticleFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.bulk_create([Article(agency=article.agency, source_url=article.source_url,
                                             original_language="en", published_at=article.published_at)])
    assert Article.objects.filter(source_url=article.source_url).count() == 1


def test_only_one_version_per_language():
    version = TranslationFactory(language="en")
    with pytest.raises(IntegrityError), transaction.atomic():
        ArticleTranslation.objects.bulk_create([ArticleTranslation(article=version.article, language="en",
                                                                   title="Another")])
    assert version.article.translations.count() == 1


def test_only_one_original_version_per_article():
    version = TranslationFactory(language="en", is_original=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        TranslationFactory(article=version.article, language="ru", is_original=True)


def test_an_approved_version_must_have_a_body():
    article = ArticleFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        ArticleTranslation.objects.create(article=article, language="en", title="Title", body="",
                                          status=ArticleTranslation.Status.APPROVED)


def test_english_title_over_russian_body_is_representable():
    """The sample's "Gender equality…" item: English title, Russian body, English body missing."""
    article = ArticleFactory(original_language="ru", needs_translation=True)
    en = TranslationFactory(article=article, language="en", title="Gender equality issues remain relevant",
                            body="", status=ArticleTranslation.Status.NEEDS_TRANSLATION)
    ru = TranslationFactory(article=article, language="ru", title="", body="Сегодня, 4 февраля, министр…",
                            status=ArticleTranslation.Status.NEEDS_TRANSLATION)
    article.refresh_from_db()
    assert {t.language: (t.title, t.body) for t in article.translations.all()} == {
        "en": (en.title, ""),
        "ru": ("", ru.body),
    }
    assert ru.is_original and not en.is_original
    assert article.flags == ["needs_translation"]


def test_region_defaults_from_the_agency():
    region = RegionFactory()
    article = ArticleFactory(agency=AgencyFactory(region=region))
    assert article.region == region


def test_region_given_explicitly_is_kept():
    article = ArticleFactory(agency=AgencyFactory(region=RegionFactory()), region=RegionFactory())
    assert article.region != article.agency.region


def test_slug_is_made_from_the_title_and_keeps_cyrillic():
    version = TranslationFactory(title="Туркестан: очистка дорог от снега", language="en")
    assert version.slug == "туркестан-очистка-дорог-от-снега"


def test_public_queryset_excludes_drafts_and_withdrawn():
    visible = ArticleFactory(status=Article.Status.PUBLISHED)
    for status in ["draft", "in_review", "withdrawn", "unpublished"]:
        ArticleFactory(status=status)
    assert list(Article.objects.public()) == [visible]


@pytest.mark.parametrize("slug", ["digital-bailiff", "әділет-министрлігі-қорытынды", "министерство_юстиции", ""])
@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_article_url_is_what_reverse_writes(make_article, language, slug):
    from django.urls import reverse
    from django.utils import translation

    version = make_article(versions={language: "Title"}).translations.get()
    version.slug = slug
    with translation.override(language):
        expected = reverse("article", kwargs={"pk": version.article_id, "slug": slug or "-"})
    assert version.get_absolute_url() == expected

from unittest import mock

import pytest
from django.db import IntegrityError, models, transaction

from articles.models import Article, ArticleTranslation, LiveVersion
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


def _as_django_loads(instance):
    """``instance`` as Django's own ``Model.from_db`` builds it from the same row (through ``__init__``)."""
    from django.db.models import Model

    names = [f.attname for f in type(instance)._meta.concrete_fields if f.attname in instance.__dict__]
    return Model.from_db.__func__(type(instance), instance._state.db, names,
                                  [instance.__dict__[name] for name in names])


def _fields(instance):
    return {key: value for key, value in instance.__dict__.items() if key != "_state"}


def test_instances_read_from_rows_are_those_django_builds():
    """``LoadedFromRows``: a release's live version with its release, agency and region, read as the public pages
    read them, has the values, state and deferred fields that ``Model.__init__`` would have given it."""
    region = RegionFactory()
    version = TranslationFactory(article__agency__region=region, article__region=region,
                                 article__status=Article.Status.PUBLISHED)
    with mock.patch.object(models.Model, "__init__", side_effect=AssertionError("built by __init__")):
        live = LiveVersion.objects.select_related("article__agency", "article__region").get(version=version)
    for instance in (live, live.article, live.article.agency, live.article.region):
        django_built = _as_django_loads(instance)
        assert _fields(instance) == _fields(django_built)
        assert (instance._state.adding, instance._state.db) == (False, "default")
        assert instance.get_deferred_fields() == django_built.get_deferred_fields() == set()
    assert live.article.agency == version.article.agency
    assert live.article.region.slug == region.slug


def test_fields_not_read_stay_deferred_and_load_on_use():
    article = ArticleFactory(withdrawn_reasons={"en": "Sent in error"})
    read = Article.objects.only("id", "status").get(pk=article.pk)
    assert "withdrawn_reasons" in read.get_deferred_fields()
    assert "withdrawn_reasons" not in read.__dict__
    assert read.withdrawn_reasons == {"en": "Sent in error"}  # one query, as Django's deferred fields do


def test_an_instance_read_from_a_row_saves_and_refreshes():
    article = ArticleFactory(section="Law")
    read = Article.objects.get(pk=article.pk)
    read.section = "Economy"
    read.save(update_fields=["section"])
    article.refresh_from_db()
    assert article.section == "Economy"
    assert Article.objects.filter(pk=article.pk, section="Economy").exists()


def test_a_model_with_an_init_receiver_is_built_by_init():
    from django.db.models.signals import post_init

    article = ArticleFactory()
    seen = []

    def receiver(sender, instance, **kwargs):
        seen.append(instance.pk)

    post_init.connect(receiver, sender=Article)
    try:
        Article.objects.get(pk=article.pk)
    finally:
        post_init.disconnect(receiver, sender=Article)
    assert seen == [article.pk]

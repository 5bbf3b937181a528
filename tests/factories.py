"""factory_boy factories for kzpress models."""

import datetime
import json
from pathlib import Path

import factory
from django.core.files.base import ContentFile
from django.utils import timezone

from articles.models import Agency, Article, ArticleTranslation, LiveVersion, Region, SubscriberList, Subscription


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"test-region-{n}")
    name_en = factory.Sequence(lambda n: f"Test Region {n}")
    name_ru = factory.Sequence(lambda n: f"Тестовая область {n}")
    name_kk = factory.Sequence(lambda n: f"Тест облысы {n}")


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"test-agency-{n}")
    kind = Agency.Kind.MINISTRY
    name_en = factory.Sequence(lambda n: f"Ministry of Testing {n}")
    name_ru = factory.Sequence(lambda n: f"Министерство испытаний {n}")
    name_kk = factory.Sequence(lambda n: f"Сынақ министрлігі {n}")


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    agency = factory.SubFactory(AgencyFactory)
    section = "Law"
    news_id = factory.Sequence(lambda n: str(900000 + n))
    source_url = factory.LazyAttribute(
        lambda o: f"https://www.gov.kz/memleket/entities/{o.agency.slug}/press/news/details/{o.news_id}"
    )
    original_language = "en"
    published_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))
    status = Article.Status.DRAFT


class TranslationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ArticleTranslation
        skip_postgeneration_save = True

    article = factory.SubFactory(ArticleFactory)
    language = factory.SelfAttribute("article.original_language")
    is_original = factory.LazyAttribute(lambda o: o.language == o.article.original_language)
    status = ArticleTranslation.Status.APPROVED
    title = factory.LazyAttributeSequence(lambda o, n: TITLES[o.language].format(n=n))
    body = factory.LazyAttribute(lambda o: BODIES[o.language])

    @factory.post_generation
    def live(self, create, extracted, **kwargs):
        """An approved version of a release that has been public is live, as a publisher left it (``live=False``:
        not live; ``live="other text"``: live with another title, as after an edit not yet approved)."""
        if not create or extracted is False:
            return
        if extracted is None and not (self.status == ArticleTranslation.Status.APPROVED
                                      and self.article.status in PUBLIC_ONCE and self.title and self.body):
            return
        fields = {name: getattr(self, name) for name in ("language", "title", "lead", "body", "signature", "slug")}
        if isinstance(extracted, str):
            fields["title"] = extracted
        live = LiveVersion(version=self, article=self.article, first_published_at=self.article.published_at,
                           updated_at=self.article.published_at, **fields)
        live.fill_search_text()
        live.save()


PUBLIC_ONCE = Article.PUBLIC_ONCE
TITLES = {"en": "Release number {n}", "ru": "Пресс-релиз номер {n}", "kk": "Нөмірі {n} баспасөз хабарламасы"}
BODIES = {
    "en": "The ministry held a meeting on the development of the region.\n\nThe participants discussed the plans.",
    "ru": "Министерство провело совещание по развитию региона.\n\nУчастники обсудили планы на следующий год.",
    "kk": "Министрлік өңірді дамыту мәселелері бойынша кеңес өткізді.\n\nҚатысушылар келесі жылға арналған "
          "жоспарларды талқылады.",
}


class StaffFactory(factory.django.DjangoModelFactory):
    """A staff user in a role (a group name from articles.editorial.access) working for ``agencies``."""

    class Meta:
        model = "auth.User"
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"staff{n}")
    is_staff = True
    password = factory.django.Password("correct horse battery staple")

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if extracted:
            from django.contrib.auth.models import Group

            self.groups.add(Group.objects.get(name=extracted))

    @factory.post_generation
    def agencies(self, create, extracted, **kwargs):
        for agency in extracted or ():
            agency.members.add(self)

    @factory.post_generation
    def languages(self, create, extracted, **kwargs):
        """A translator's or reviewer's languages: all three unless ``languages=`` names them."""
        from articles.editorial.access import REVIEWER, TRANSLATOR
        from articles.models import Language, TranslatorLanguage

        if extracted is None:
            extracted = Language.values if self.groups.filter(name__in=[TRANSLATOR, REVIEWER]).exists() else ()
        for language in extracted:
            TranslatorLanguage.objects.get_or_create(user=self, language=language)


SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "govkz-law-2025-02-09.txt"


def import_sample(*, publish=False, user=None, replace=None, **options):
    """The sample dump imported the one way the app imports (``pipeline.import_file``); returns the batch.
    ``replace`` maps a text of the dump to what the source says now (a source that changed a title)."""
    data = SAMPLE.read_text(encoding="utf-8")
    for old, new in (replace or {}).items():
        assert old in data, f"{old!r} is not in the sample"
        data = data.replace(old, new)
    return import_bytes(data.encode(), SAMPLE.name, publish=publish, user=user, **options)


def import_rows(rows, *, name="rows.json", publish=False, user=None, **options):
    """``rows`` (dicts of export columns) imported as a JSON file through ``pipeline.import_file``."""
    return import_bytes(json.dumps(rows, ensure_ascii=False, default=str).encode(), name, publish=publish,
                        user=user, **options)


def import_bytes(data, name, *, publish=False, user=None, agencies=None, **options):
    from articles.importing.pipeline import ImportOptions, import_file

    return import_file(ContentFile(data, name=name), user=user, agencies=agencies,
                       options=ImportOptions(publish=publish, **options))


def sample_items():
    """(source URL, title) of the sample's items as the dump gives them, in its order."""
    from articles.importing.formats import dump_rows

    with SAMPLE.open(encoding="utf-8") as lines:
        return [(row["source_url"], row["title"]) for row in dump_rows(lines)]


class SubscriberListFactory(factory.django.DjangoModelFactory):
    """A readers' alert list; the key is worked out from the criteria, as the site does."""

    class Meta:
        model = SubscriberList
        django_get_or_create = ["key"]

    language = "en"
    agency = None
    region = None
    section = ""
    key = factory.LazyAttribute(lambda o: SubscriberList.make_key(o.language, o.agency, o.region, o.section))


class SubscriptionFactory(factory.django.DjangoModelFactory):
    """A confirmed subscription (an hour ago: releases made public since then are owed to it)."""

    class Meta:
        model = Subscription

    subscriber_list = factory.SubFactory(SubscriberListFactory)
    email = factory.Sequence(lambda n: f"reader{n}@example.kz")
    frequency = "immediate"
    confirmed_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(hours=1))

"""factory_boy factories for kzpress models."""

import datetime

import factory
from django.utils import timezone

from articles.models import Agency, Article, ArticleTranslation, Region


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

    article = factory.SubFactory(ArticleFactory)
    language = factory.SelfAttribute("article.original_language")
    is_original = factory.LazyAttribute(lambda o: o.language == o.article.original_language)
    status = ArticleTranslation.Status.APPROVED
    title = factory.Sequence(lambda n: f"Release number {n}")
    body = "First paragraph.\n\nSecond paragraph."


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

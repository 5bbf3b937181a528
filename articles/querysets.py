"""
What the public may see.

Every public view, feed, sitemap and search starts from ``Article.objects.published()``
or ``ArticleTranslation.objects.public(language)``; nothing else decides visibility.
"""

from django.db import models
from django.utils import timezone


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """Articles whose release is public now: published, or scheduled and due."""
        from .models import Article

        now = timezone.now()
        return self.filter(
            models.Q(status=Article.Status.PUBLISHED)
            | models.Q(status=Article.Status.SCHEDULED, publish_at__lte=now)
        )

    def reachable(self):
        """Articles whose page can be opened: public ones, and withdrawn ones (which show a notice)."""
        from .models import Article

        return self.published() | self.filter(status=Article.Status.WITHDRAWN)

    def for_agencies(self, agencies):
        return self.filter(agency__in=agencies)


class ArticleTranslationQuerySet(models.QuerySet):
    def approved(self):
        from .models import ArticleTranslation

        return self.filter(status=ArticleTranslation.Status.APPROVED)

    def reachable(self, language=None):
        """Approved versions whose page can be opened: of public or withdrawn articles."""
        from .models import Article

        qs = self.approved().filter(article__in=Article.objects.reachable())
        return qs.filter(language=language) if language else qs

    def public(self, language=None):
        """Approved language versions of published articles, in ``language`` when given."""
        from .models import Article

        qs = self.approved().filter(article__in=Article.objects.published())
        if language:
            qs = qs.filter(language=language)
        return qs

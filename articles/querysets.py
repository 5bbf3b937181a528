"""
What the public may see.

Every public view, feed, sitemap and search starts from ``LiveVersion.objects.public(language)`` (or
``Article.objects.public()``); nothing else decides visibility. Readers see the live text a publisher
approved, never the working copy (``ArticleTranslation``) editors change.
"""

from django.db import models
from django.utils import timezone


def published_q(prefix="", now=None):
    """The condition of a public article (published, or scheduled and due by ``now``, the present by default), on
    ``prefix`` (``"article__"``)."""
    return (models.Q(**{f"{prefix}status": "published"})
            | models.Q(**{f"{prefix}status": "scheduled", f"{prefix}publish_at__lte": now or timezone.now()}))


def reachable_q(prefix="", now=None):
    """The condition of an article whose page opens: public, or withdrawn (the page shows a notice)."""
    return published_q(prefix, now) | models.Q(**{f"{prefix}status": "withdrawn"})


class ArticleQuerySet(models.QuerySet):
    def reachable(self):
        """Articles whose page can be opened: public ones, and withdrawn ones (which show a notice)."""
        return self.filter(reachable_q())

    def public(self, language=None, now=None):
        """Articles public now (or at ``now``); with ``language``, only those with a live version in it."""
        qs = self.filter(published_q(now=now))
        return qs.filter(live_versions__language=language) if language else qs

    def gone(self):
        """Articles taken off the site for good: their URL answers 410 Gone."""
        return self.filter(status="unpublished")

    def scheduled_after(self, moment):
        """Scheduled articles that become public after ``moment``."""
        return self.filter(status="scheduled", publish_at__gt=moment)

    def for_agencies(self, agencies):
        return self.filter(agency__in=agencies)


class ArticleTranslationQuerySet(models.QuerySet):
    """Working copies: what editors and translators see. Never public; readers see ``LiveVersion``s."""

    def approved(self):
        return self.filter(status="approved")


class LiveVersionQuerySet(models.QuerySet):
    """The text readers see. Every page, feed, sitemap and search starts here."""

    def public(self, language=None, now=None):
        """Live versions of articles that are public now (or at ``now``), in ``language`` when given.

        The article's state is tested on the joined row (not ``article IN (subquery)``), so the database can walk
        the articles newest first and stop after a page instead of collecting every public article first."""
        qs = self.filter(published_q("article__", now))
        return qs.filter(language=language) if language else qs

    def reachable(self, language=None, now=None):
        """Live versions whose page opens: of public articles, and of withdrawn ones (which show a notice)."""
        qs = self.filter(reachable_q("article__", now))
        return qs.filter(language=language) if language else qs

    def for_listing(self, with_text=False):
        """What a list of releases shows, newest first: title, link, date, section, agency and region names (and the
        lead and body when ``with_text``, for search snippets); no descriptions, no vectors."""
        return (self.select_related("article__agency", "article__region")
                .only(*LISTED, *(("lead", "body") if with_text else ()))
                .order_by("-article__published_at", "-article_id"))

    def for_display(self):
        """What a release page and a feed item show: the whole text, its dates and notes, the article's source and
        state, the agency's and region's names; not the search vector, nor the descriptions. Unordered."""
        return (self.select_related("article__agency", "article__region")
                .only(*LISTED, "lead", "body", "signature", "updated_at", "first_published_at", "change_notes",
                      *(f"article__{name}" for name in DISPLAYED_ARTICLE))
                .order_by())


NAMES = [f"article__{model}__{field}" for model in ("agency", "region") for field in ("slug", "name_en", "name_ru",
                                                                                      "name_kk")]
LISTED = ["id", "article_id", "language", "title", "slug", "article__published_at", "article__section", *NAMES]
DISPLAYED_ARTICLE = ["status", "source_url", "updated_at", "withdrawn_at", "withdrawn_reasons", "original_language",
                     "publish_at"]

"""The models of email alerts (``articles.models`` imports them): lists, subscriptions and the delivery log."""

import secrets
from urllib.parse import urlencode

from django.db import models
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ...sections import section_name, spellings

LANGUAGES = [("kk", _("Kazakh")), ("ru", _("Russian")), ("en", _("English"))]  # as ``articles.models.Language``


IN_LANGUAGE = {"kk": _("Press releases in Kazakh"), "ru": _("Press releases in Russian"),
               "en": _("Press releases in English")}


def new_token():
    return secrets.token_urlsafe(32)


class SubscriberList(models.Model):
    """What a subscriber asked for: the releases in one language, of one agency, region and section when given.

    Found by its ``key`` (the criteria in a fixed form), so every reader of the same filter shares one list."""

    key = models.CharField(max_length=300, unique=True, editable=False)
    language = models.CharField(_("language"), max_length=2, choices=LANGUAGES)
    agency = models.ForeignKey("articles.Agency", on_delete=models.CASCADE, null=True, blank=True,
                               related_name="+", verbose_name=_("agency"))
    region = models.ForeignKey("articles.Region", on_delete=models.CASCADE, null=True, blank=True,
                               related_name="+", verbose_name=_("region"))
    section = models.CharField(_("section"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        app_label = "articles"
        ordering = ["language", "key"]
        verbose_name = _("subscriber list")
        verbose_name_plural = _("subscriber lists")

    def __str__(self):
        return self.describe(self.language)

    @staticmethod
    def make_key(language, agency=None, region=None, section=""):
        section = spellings(section)[0].casefold() if section.strip() else ""
        return f"{language}|{agency.pk if agency else ''}|{region.pk if region else ''}|{section}"

    def criteria(self):
        """The condition on ``LiveVersion`` rows of this list's language that match it."""
        condition = Q(language=self.language)
        if self.agency_id:
            condition &= Q(article__agency_id=self.agency_id)
        if self.region_id:
            condition &= Q(article__region_id=self.region_id)
        if self.section:
            spelled = Q()
            for spelling in spellings(self.section):
                spelled |= Q(article__section__iexact=spelling)
            condition &= spelled
        return condition

    def describe(self, language):
        """What the list holds, in ``language``: "Releases in Kazakh · Ministry of … · Law"."""
        with translation.override(language):
            parts = [str(IN_LANGUAGE[self.language])]
            parts += [scope.name(language) for scope in (self.agency, self.region) if scope is not None]
            if self.section:
                parts.append(section_name(self.section, language) or self.section)
            return " · ".join(parts)

    def query(self):
        """The news list's query string for this filter (region and section: the agency has its own page)."""
        return urlencode([(name, value) for name, value in (
            ("agency", self.agency.slug if self.agency else ""), ("region", self.region.slug if self.region else ""),
            ("section", self.section)) if value])


class Subscription(models.Model):
    """One address's subscription to one list; it exists once confirmed (the link in the confirmation mail)."""

    class Frequency(models.TextChoices):
        IMMEDIATE = "immediate", _("as soon as published")
        DAILY = "daily", _("once a day")

    class Ended(models.TextChoices):
        UNSUBSCRIBED = "unsubscribed", _("unsubscribed on the site")
        ONE_CLICK = "one_click", _("unsubscribed from the mail program")

    subscriber_list = models.ForeignKey(SubscriberList, on_delete=models.CASCADE, related_name="subscriptions",
                                        verbose_name=_("subscriber list"))
    email = models.EmailField(_("email address"), db_index=True)
    frequency = models.CharField(_("frequency"), max_length=10, choices=Frequency, default=Frequency.IMMEDIATE)
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False,
                             help_text=_("The secret in the subscription's own links (manage, unsubscribe)."))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True,
                                        help_text=_("Releases made public before this time are not sent."))
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    ended_reason = models.CharField(_("why it ended"), max_length=20, choices=Ended, blank=True)

    class Meta:
        app_label = "articles"
        ordering = ["-created_at", "-id"]
        verbose_name = _("email subscription")
        verbose_name_plural = _("email subscriptions")
        constraints = [
            models.UniqueConstraint(fields=["email", "subscriber_list"], condition=Q(ended_at__isnull=True),
                                    name="one_active_subscription_per_list"),
        ]
        indexes = [models.Index(fields=["subscriber_list", "frequency"], name="subscription_list_frequency",
                                condition=Q(ended_at__isnull=True, confirmed_at__isnull=False))]

    def __str__(self):
        return f"{self.email} → {self.subscriber_list}"

    @property
    def active(self):
        return self.ended_at is None and self.confirmed_at is not None

    @property
    def language(self):
        return self.subscriber_list.language


class Delivery(models.Model):
    """A release's language version mailed to a subscription: never again, whatever happens to its text."""

    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="deliveries",
                                     verbose_name=_("email subscription"))
    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="+",
                                verbose_name=_("article"))
    language = models.CharField(_("language"), max_length=2)
    sent_at = models.DateTimeField(pgettext_lazy("email alert", "sent at"), auto_now_add=True)

    class Meta:
        app_label = "articles"
        ordering = ["-sent_at", "-id"]
        verbose_name = _("email alert delivery")
        verbose_name_plural = _("email alert deliveries")
        constraints = [models.UniqueConstraint(fields=["subscription", "article", "language"],
                                               name="one_delivery_per_version")]

    def __str__(self):
        return f"{self.article_id} [{self.language}] → {self.subscription_id}"

import functools
import re
import secrets
from urllib.parse import quote

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core import signing
from django.db import models
from django.db.models import Q
from django.db.models.base import ModelState
from django.db.models.signals import post_init, pre_init
from django.urls import get_script_prefix, reverse
from django.utils import timezone, translation
from django.utils.http import RFC3986_SUBDELIMS
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from . import kazakh
from .links import url
from .querysets import ArticleQuerySet, ArticleTranslationQuerySet, LiveVersionQuerySet
from .text import strip_invisible

VARIANTS_HELP = _("Other spellings met in texts of this language, one per line; each is replaced by the canonical "
                  "form of the same language. Matched as whole words, ignoring case.")


class LoadedFromRows:
    """Instances read from the database without ``Model.__init__`` (Django's documented ``from_db`` hook): the
    row's values go straight into the instance's ``__dict__``, as ``__init__`` would set them one ``setattr`` at a
    time. A feed builds about 170 instances (fifty versions with their releases, agencies and regions); this takes
    them from 2.2 ms to 1.5 ms. Fields not read stay deferred (absent from ``__dict__``), as with ``__init__``; a
    model with ``pre_init`` or ``post_init`` receivers goes through ``__init__`` as usual."""

    @classmethod
    def from_db(cls, db, field_names, values, *, fetch_mode=None):
        if pre_init.has_listeners(cls) or post_init.has_listeners(cls):
            return super().from_db(db, field_names, values, fetch_mode=fetch_mode)
        new = cls.__new__(cls)
        new.__dict__.update(zip(field_names, values, strict=True))
        new._state = state = ModelState()
        state.adding = False
        state.db = db
        if fetch_mode is not None:
            state.fetch_mode = fetch_mode
        return new


class Language(models.TextChoices):
    KAZAKH = "kk", _("Kazakh")
    RUSSIAN = "ru", _("Russian")
    ENGLISH = "en", _("English")


def language_name(code):
    """A language's name in the active language ("Russian", "Орыс тілі", "Русский"); an unknown code as it is."""
    return str(Language(code).label) if code in Language.values else code


class MultilingualName(LoadedFromRows, models.Model):
    """Names in the three languages of the site, with ``name()`` picking one."""

    name_kk = models.CharField(_("name (Kazakh)"), max_length=255, blank=True)
    name_ru = models.CharField(_("name (Russian)"), max_length=255, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=255)
    description_kk = models.TextField(_("description (Kazakh)"), blank=True)
    description_ru = models.TextField(_("description (Russian)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)

    class Meta:
        abstract = True

    def __str__(self):
        """The name in the active language: what the admin's lists, filters and choices show a Kazakh or Russian
        editor."""
        return self.localized_name

    def get_absolute_url(self):
        """The agency's or region's page in the active language (reversed once, then remembered)."""
        return url(self.url_name, self.slug)

    def name(self, language="en"):
        """The name in ``language``, falling back to English, then Russian."""
        return getattr(self, f"name_{language}", "") or self.name_en or self.name_ru

    @property
    def localized_name(self):
        """The name in the active language."""
        return self.name((translation.get_language() or "en")[:2])

    @property
    def localized_description(self):
        return getattr(self, f"description_{(translation.get_language() or 'en')[:2]}", "") or self.description_en


class Region(MultilingualName):
    class Kind(models.TextChoices):
        REGION = "region", _("region")
        CITY = "city", _("city of republican significance")

    slug = models.SlugField(_("address on the site"), unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind, default=Kind.REGION)

    url_name = "region"

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")


class Agency(MultilingualName):
    url_name = "agency"

    class Kind(models.TextChoices):
        MINISTRY = "ministry", _("ministry")
        AKIMAT = "akimat", _("akimat")
        COMMITTEE = "committee", _("committee")
        OTHER = "other", _("other")

    slug = models.SlugField(
        _("address on the site"),
        max_length=100,
        unique=True,
        help_text=_("The agency's name in its gov.kz address: “adilet” in https://www.gov.kz/memleket/entities/adilet/."),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind, default=Kind.OTHER)
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agencies",
        help_text=_("The region an akimat belongs to; its releases default to this region."),
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff"),
        blank=True,
        related_name="agencies",
        help_text=_("Staff who work for this agency: they see and change only their agencies' releases."),
    )
    needs_review = models.BooleanField(
        _("created by import, needs review"),
        default=False,
        help_text=_("Created automatically for an unknown gov.kz slug: check its names, kind and region."),
    )

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")

    @property
    def govkz_url(self):
        return f"https://www.gov.kz/memleket/entities/{self.slug}/"


FLAG_LABELS = {
    "needs_translation": _("needs translation"),
    "upstream_changed": _("upstream changed"),
    "title_in_capitals": _("title in capitals"),
    "no_source": _("no source"),
}


class Article(LoadedFromRows, models.Model):
    """A press release: one gov.kz news item, with its versions in kk/ru/en."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        IN_REVIEW = "in_review", _("in review")
        SCHEDULED = "scheduled", _("scheduled")
        PUBLISHED = "published", _("published")
        WITHDRAWN = "withdrawn", _("withdrawn")
        UNPUBLISHED = "unpublished", _("unpublished")

    # No index of their own: article_agency_date and article_region_date start with them (one index less to write
    # per imported row).
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="articles", verbose_name=_("agency"),
                               db_index=False)
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        db_index=False,
        null=True,
        blank=True,
        related_name="articles",
        help_text=_("Defaults to the agency's region."),
    )
    section = models.CharField(_("section"), max_length=100, blank=True,
                               help_text=_("The dump's section line, e.g. “Law”."))
    source_url = models.URLField(_("gov.kz source URL"), max_length=500, unique=True, null=True, blank=True,
                                 help_text=_("Empty when the dump gave no source line: such a release is matched "
                                             "on agency, date and title, and flagged “no source”."))
    news_id = models.CharField(_("gov.kz news id"), max_length=20, blank=True, db_index=True)
    original_language = models.CharField(_("original language"), max_length=2, choices=Language)
    published_at = models.DateTimeField(_("publication date"))
    status = models.CharField(_("status"), max_length=12, choices=Status, default=Status.DRAFT)
    publish_at = models.DateTimeField(_("publish at"), null=True, blank=True, help_text=_("For scheduled releases."))
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_reasons = models.JSONField(
        _("reasons for withdrawal"), default=dict, blank=True,
        help_text=_("Shown to the public on the withdrawn release's page, each in its own language."))

    needs_translation = models.BooleanField(
        _("needs translation"), default=False,
        help_text=_("Title and body arrived in different languages, or a version is incomplete.")
    )
    upstream_changed = models.BooleanField(
        _("upstream changed"), default=False,
        help_text=_("The source changed after an editor corrected this release; review the new text.")
    )
    title_in_capitals = models.BooleanField(_("title in capitals"), default=False,
                                            help_text=_("The title arrived in capitals."))
    upstream_hash = models.CharField(max_length=64, blank=True, editable=False)
    upstream_base = models.JSONField(
        null=True, blank=True, editable=False,
        help_text=_("The article's fields as the source last gave them: what an import compares with, field by field."),
    )
    upstream_pending = models.JSONField(
        null=True, blank=True, editable=False,
        help_text=_("Fields the source changed after an editor corrected them, "
                    "held for the editor to accept or reject."),
    )

    lock_version = models.PositiveIntegerField(
        _("lock number"), default=1, editable=False,
        help_text=_("Raised by every save; a save from a page opened at an older number is refused."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ArticleQuerySet.as_manager()
    # History is read by release (``id``) and time; the copied columns need no index of their own.
    history = HistoricalRecords(excluded_fields=["upstream_hash", "created_at", "upstream_base", "upstream_pending"],
                                no_db_index=["source_url", "news_id", "agency", "region"])

    # States in which a release has live text: approving a version there publishes it.
    LIVE_STATES = (Status.PUBLISHED, Status.SCHEDULED, Status.WITHDRAWN)
    # States a release reaches only through publishing: its approved versions have live text.
    PUBLIC_ONCE = (*LIVE_STATES, Status.UNPUBLISHED)

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        indexes = [
            models.Index(fields=["status", "-published_at"], name="article_status_date"),
            models.Index(fields=["-published_at", "-id"], name="article_date"),
            models.Index(fields=["publish_at"], name="article_scheduled", condition=Q(status="scheduled")),
            models.Index(fields=["agency", "-published_at"], name="article_agency_date"),
            models.Index(fields=["region", "-published_at"], name="article_region_date"),
            models.Index(fields=["section"], name="article_section"),  # the sections in use, without a scan
        ]
        permissions = [
            ("publish_article", _("Can review, schedule, publish, withdraw and unpublish articles")),
            ("access_all_agencies", _("Can see and change the articles of every agency")),
        ]

    display_name = None  # set for a message that names the release by its title (``titled``)

    def __str__(self):
        return self.display_name or f"{self.agency_id and self.agency.slug}/{self.news_id or self.pk}"

    def save(self, *args, **kwargs):
        if self.region_id is None and self.agency_id is not None:
            self.region_id = self.agency.region_id
        super().save(*args, **kwargs)

    @property
    def flags(self):
        """The editorial flags set on this article, as a list of names."""
        return [name for name in FLAG_LABELS if name != "no_source" and getattr(self, name)] + (
            ["no_source"] if not self.source_url else [])

    @property
    def flag_labels(self):
        """The editorial flags set on this article, as the editor reads them."""
        return [FLAG_LABELS[name] for name in self.flags]

    @property
    def withdrawn_reason_list(self):
        """The public reasons of the withdrawal as "Language: reason", in the site's order of languages."""
        return [f"{language_name(code)}: {self.withdrawn_reasons[code]}" for code in Language.values
                if (self.withdrawn_reasons or {}).get(code)]

    def titled(self):
        """How a screen names the release: its original title and its number ("“Title” (adilet/123)")."""
        title = (self.translations.filter(is_original=True).values_list("title", flat=True).first()
                 or self.translations.exclude(title="").values_list("title", flat=True).first())
        return _("“%(title)s” (%(release)s)") % {"title": title, "release": self} if title else str(self)

    def withdrawn_reason(self, language):
        """The public reason for the withdrawal in ``language``; "" when none was given in it (a page in another
        language shows no reason rather than a foreign one)."""
        return (self.withdrawn_reasons or {}).get(language, "")


class ArticleTranslation(models.Model):
    """One language version of an article."""

    class Status(models.TextChoices):
        MISSING = "missing", _("missing")
        NEEDS_TRANSLATION = "needs_translation", _("needs translation")
        MACHINE_DRAFT = "machine_draft", _("machine draft")
        NEEDS_REVIEW = "needs_review", _("needs review")
        APPROVED = "approved", _("approved")

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="translations",
                                db_index=False)  # one_version_per_language (article, language) serves it
    language = models.CharField(_("language"), max_length=2, choices=Language)
    is_original = models.BooleanField(_("original"), default=False,
                                      help_text=_("The version the release was written in."))
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.NEEDS_REVIEW)
    title = models.CharField(_("title"), max_length=500, blank=True)
    lead = models.TextField(_("lead"), blank=True)
    body = models.TextField(_("body"), blank=True, help_text=_("Paragraphs separated by a blank line."))
    signature = models.CharField(_("signature"), max_length=300, blank=True,
                                 help_text=_("“Press service of …”, as signed, in this version's language."))
    slug = models.SlugField(_("address on the site"), max_length=200, allow_unicode=True, blank=True,
                            db_index=False)  # never looked up
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    upstream_base = models.JSONField(
        null=True, blank=True, editable=False,
        help_text=_("The text as the source last gave it (title, lead, body, signature): "
                    "what an import compares with."),
    )
    upstream_pending = models.JSONField(
        null=True, blank=True, editable=False,
        help_text=_("Fields the source changed after an editor corrected them, "
                    "held for the editor to accept or reject."),
    )

    outdated = models.BooleanField(
        _("outdated"), default=False,
        help_text=_("The original changed in a major way after this version was translated: update it, "
                    "then approve it again."),
    )
    source_revision = models.PositiveBigIntegerField(
        _("revision of the original translated from"), null=True, blank=True, editable=False,
        help_text=_("The history id of the original version's revision this version was translated from."),
    )
    from_memory = models.JSONField(
        null=True, blank=True, editable=False,
        help_text=_("Of a machine draft: which parts came from translation memory (title, lead, paragraph "
                    "numbers) and how many sentences came from memory and from the machine."),
    )

    objects = ArticleTranslationQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at", "from_memory", "upstream_base", "upstream_pending"],
                                no_db_index=["slug", "updated_by"])

    class Meta:
        ordering = ["article", "language"]
        verbose_name = _("language version")
        verbose_name_plural = _("language versions")
        constraints = [
            models.UniqueConstraint(fields=["article", "language"], name="one_version_per_language"),
            models.UniqueConstraint(
                fields=["article"], condition=Q(is_original=True), name="one_original_version"
            ),
            models.CheckConstraint(
                condition=~Q(status="approved") | (~Q(title="") & ~Q(body="")),
                name="approved_version_is_complete",
                violation_error_message=_("Only a version with a title and a body can be approved."),
            ),
        ]
        indexes = [models.Index(fields=["language", "status"], name="translation_language_status")]

    def __str__(self):
        return f"{self.title or translation.gettext('(no title)')} [{self.language}]"

    def save(self, *args, **kwargs):
        self.title, self.lead, self.body = (strip_invisible(text) for text in (self.title, self.lead, self.body))
        if not self.slug and self.title:
            self.slug = make_slug(self.title)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        """The article's URL in this version's language: ``/<language>/news/<pk>/<slug>/`` as ``reverse`` writes
        it, the pattern reversed once per language (a list or feed asks for dozens of these)."""
        prefix = _article_url_prefix(self.language, get_script_prefix())
        return f"{prefix}{self.article_id}/{_quoted_slug(self.slug or '-')}/"

    @property
    def paragraphs(self):
        return [p for p in self.body.split("\n\n") if p.strip()]

    def differs_from_live(self, live=None):
        """True when the working copy is not what readers see (or nothing of it is live yet)."""
        live = live if live is not None else getattr(self, "live", None)
        return live is None or any(getattr(self, name) != getattr(live, name) for name in LIVE_FIELDS)


LIVE_FIELDS = ("title", "lead", "body", "signature", "slug")


class LiveVersion(LoadedFromRows, models.Model):
    """What readers see of one language version: the text a publisher made live.

    Editing, saving, machine drafts and imports change the working copy (``ArticleTranslation``) only; this row
    changes only through ``articles.editorial.publishing``, which records who, when and why. Pages, feeds, the
    sitemap and search read this table and nothing else."""

    version = models.OneToOneField(ArticleTranslation, on_delete=models.CASCADE, related_name="live")
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="live_versions")
    language = models.CharField(max_length=2, choices=Language)
    title = models.CharField(max_length=500)
    lead = models.TextField(blank=True)
    body = models.TextField()
    signature = models.CharField(max_length=300, blank=True)
    slug = models.SlugField(_("address on the site"), max_length=200, allow_unicode=True, blank=True)
    first_published_at = models.DateTimeField(_("first made live"), help_text=_("Never moves once set."))
    updated_at = models.DateTimeField(_("last major update"), help_text=_("Shown to readers and in feeds."))
    modified_at = models.DateTimeField(_("last change"), auto_now=True)
    change_notes = models.JSONField(
        default=list, blank=True,
        help_text=_("Public notes of major changes, oldest first: [{\"at\": ISO time, \"note\": text}]."),
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    search_vector = SearchVectorField(
        null=True, editable=False, help_text="Maintained by a database trigger on PostgreSQL (see articles.search)."
    )
    search_text = models.TextField(
        blank=True, editable=False,
        help_text="Kazakh versions: the stems the search trigger indexes (see articles.kazakh.search_text).",
    )
    article_published_at = models.DateTimeField(
        null=True, editable=False,
        help_text="On PostgreSQL, a copy of the article's publication date kept by triggers (see articles.search), "
                  "for search to narrow its matches to the newest by this column's index; NULL elsewhere.",
    )

    objects = LiveVersionQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["search_vector", "search_text", "modified_at", "article_published_at"])

    class Meta:
        ordering = ["article", "language"]
        verbose_name = _("live version")
        verbose_name_plural = _("live versions")
        constraints = [
            models.UniqueConstraint(fields=["article", "language"], name="one_live_version_per_language"),
            models.CheckConstraint(condition=~Q(title="") & ~Q(body=""), name="live_version_is_complete"),
        ]
        indexes = [models.Index(fields=["language", "article"], name="live_language_article"),
                   models.Index(fields=["language", "-article_published_at"], name="live_language_published")]

    def __str__(self):
        return f"{self.title} [{self.language}, live]"

    get_absolute_url = ArticleTranslation.get_absolute_url
    paragraphs = ArticleTranslation.paragraphs

    @property
    def notes(self):
        """The public change notes as (aware datetime, text), oldest first."""
        from django.utils.dateparse import parse_datetime

        return [(parse_datetime(n["at"]), n["note"]) for n in self.change_notes]

    def fill_search_text(self):
        """Stem the Kazakh text for search (other languages: PostgreSQL's own stemmers, nothing to store). Call it
        whenever the title, lead or body change."""
        self.search_text = kazakh.search_text(self.title, self.lead, self.body) if self.language == "kk" else ""


PUBLICATION_ACTIONS = {
    "publish": _("published"),
    "schedule": _("scheduled"),
    "update": _("changes published"),
    "approve": _("approved and published"),
    "import": _("published on import"),
}


class Publication(models.Model):
    """One change to what readers see, and why: a publish, a schedule, or a new live text of a version."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="publications")
    at = models.DateTimeField(auto_now_add=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="+")
    action = models.CharField(max_length=20)
    languages = models.JSONField(default=list)
    major = models.BooleanField(default=False)
    change_note = models.TextField(blank=True)
    warnings = models.JSONField(default=list, blank=True, help_text=_("The warnings the publisher overrode."))
    reason = models.TextField(blank=True, help_text=_("Why the publisher published despite the warnings."))

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("publication")
        verbose_name_plural = _("publications")

    def __str__(self):
        return f"{self.action} {self.article_id} {self.at:%Y-%m-%d %H:%M}"

    @property
    def action_label(self):
        """What happened, as the editor reads it."""
        return PUBLICATION_ACTIONS.get(self.action, self.action)

    @property
    def language_names(self):
        """The languages it made live, by name in the active language ("Kazakh", "Қазақ тілі")."""
        return [language_name(code) for code in self.languages]


@functools.lru_cache(maxsize=4096)
def _quoted_slug(slug):
    """A slug percent-encoded as ``reverse`` writes it (a page names each of its versions' URLs several times)."""
    return quote(slug, safe=RFC3986_SUBDELIMS + "/~:@")


@functools.lru_cache(maxsize=32)
def _article_url_prefix(language, script_prefix):
    with translation.override(language):
        return reverse("article", kwargs={"pk": 0, "slug": "-"}).removesuffix("0/-/")


def make_slug(title):
    """A readable URL slug for a title, Cyrillic kept, at most 200 characters."""
    return slugify(title, allow_unicode=True)[:200].strip("-")


class Term(models.Model):
    """A glossary entry: the canonical spelling of a name or term in each language, and known variants."""

    class Kind(models.TextChoices):
        PERSON = "person", _("person")
        PLACE = "place", _("place")
        ORGANISATION = "organisation", _("organisation")
        PROGRAMME = "programme", _("programme or project")
        OTHER = "other", _("other")

    kind = models.CharField(_("kind"), max_length=12, choices=Kind, default=Kind.OTHER)
    canonical_kk = models.CharField(_("canonical form (Kazakh)"), max_length=255, blank=True)
    canonical_ru = models.CharField(_("canonical form (Russian)"), max_length=255, blank=True)
    canonical_en = models.CharField(_("canonical form (English)"), max_length=255, blank=True)
    variants_kk = models.TextField(_("variants (Kazakh)"), blank=True, help_text=VARIANTS_HELP)
    variants_ru = models.TextField(_("variants (Russian)"), blank=True, help_text=VARIANTS_HELP)
    variants_en = models.TextField(_("variants (English)"), blank=True, help_text=VARIANTS_HELP)
    note = models.CharField(_("note"), max_length=255, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["canonical_en", "canonical_ru", "canonical_kk"]
        verbose_name = _("glossary term")
        verbose_name_plural = _("glossary terms")
        constraints = [
            models.CheckConstraint(
                condition=~Q(canonical_en="", canonical_ru="", canonical_kk=""),
                name="term_has_a_canonical_form",
            )
        ]

    def __str__(self):
        return self.canonical_en or self.canonical_ru or self.canonical_kk

    def canonical(self, language):
        return getattr(self, f"canonical_{language}")

    def variants(self, language):
        return [line.strip() for line in getattr(self, f"variants_{language}").splitlines() if line.strip()]


PREVIEW_SALT = "kzpress.preview-link"


def new_preview_key():
    return secrets.token_urlsafe(24)


class PreviewLink(models.Model):
    """A link for someone without an account (a journalist, before an embargo ends) to read exactly these working
    copies. The URL carries the link's random key signed with the site's secret; expiry and revocation are checked
    on every view. Made and revoked through ``articles.editorial.previews``."""

    class State(models.TextChoices):
        ACTIVE = "active", pgettext_lazy("preview link", "active")
        EXPIRED = "expired", pgettext_lazy("preview link", "expired")
        REVOKED = "revoked", pgettext_lazy("preview link", "revoked")

    key = models.CharField(max_length=64, unique=True, default=new_preview_key, editable=False)
    recipient = models.CharField(pgettext_lazy("preview link", "recipient"), max_length=200,
                                 help_text=_("Who the link is for: a person and their newsroom."))
    email = models.EmailField(pgettext_lazy("preview link", "recipient's email"), blank=True)
    versions = models.ManyToManyField(ArticleTranslation, related_name="preview_links",
                                      verbose_name=pgettext_lazy("preview link", "versions"),
                                      help_text=_("The language versions the link shows, and nothing else."))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                   related_name="+", verbose_name=pgettext_lazy("preview link", "created by"))
    created_at = models.DateTimeField(pgettext_lazy("preview link", "created at"), auto_now_add=True)
    expires_at = models.DateTimeField(pgettext_lazy("preview link", "expires at"))
    revoked_at = models.DateTimeField(pgettext_lazy("preview link", "revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=pgettext_lazy("preview link", "revoked by"))

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = pgettext_lazy("preview link", "preview link")
        verbose_name_plural = pgettext_lazy("preview link", "preview links")

    def __str__(self):
        return f"{self.recipient} ({self.created_at:%Y-%m-%d})" if self.created_at else self.recipient

    def get_absolute_url(self):
        return reverse("preview-link", args=[self.token])

    @property
    def token(self):
        return signing.Signer(salt=PREVIEW_SALT).sign(self.key)

    def state(self, now=None):
        if self.revoked_at is not None:
            return self.State.REVOKED
        return self.State.ACTIVE if (now or timezone.now()) < self.expires_at else self.State.EXPIRED


class PreviewView(models.Model):
    """One opening of a preview link: the index (no version) or one version."""

    link = models.ForeignKey(PreviewLink, on_delete=models.CASCADE, related_name="views")
    version = models.ForeignKey(ArticleTranslation, on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="+", verbose_name=pgettext_lazy("preview link", "version"))
    at = models.DateTimeField(pgettext_lazy("preview link", "at"), auto_now_add=True)
    ip_hash = models.CharField(pgettext_lazy("preview link", "address (keyed hash)"), max_length=64, blank=True,
                               help_text=_("The same address gives the same hash; the address itself is not kept."))
    user_agent = models.CharField(pgettext_lazy("preview link", "browser"), max_length=300, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = pgettext_lazy("preview link", "preview view")
        verbose_name_plural = pgettext_lazy("preview link", "preview views")

    def __str__(self):
        return f"{self.link_id} {self.at:%Y-%m-%d %H:%M}"


class TranslatorLanguage(models.Model):
    """A language a translator (or reviewer) works in: they edit, submit (and a reviewer approves) only the
    versions in their languages. Editors, publishers and administrators are not limited by language."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="translator_languages",
                             verbose_name=_("user"))
    language = models.CharField(_("language"), max_length=2, choices=Language)

    class Meta:
        ordering = ["user", "language"]
        verbose_name = _("working language")
        verbose_name_plural = _("working languages")
        constraints = [models.UniqueConstraint(fields=["user", "language"], name="one_row_per_user_language")]

    def __str__(self):
        return f"{self.user} [{self.language}]"


PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


class SitePage(models.Model):
    """A page linked from every public page's footer (about the service, contacts, accessibility, the licence of
    the texts), written by the site's administrators in the three languages."""

    class Slug(models.TextChoices):
        ABOUT = "about", _("About")
        CONTACTS = "contacts", _("Contacts")
        ACCESSIBILITY = "accessibility", _("Accessibility statement")
        LICENCE = "licence", _("Licence of the texts")

    slug = models.SlugField(_("page"), max_length=20, choices=Slug, unique=True,
                            help_text=_("Where the page lives: /kk/about/, /ru/about/, /en/about/ and so on."))
    title_kk = models.CharField(_("title (Kazakh)"), max_length=200)
    title_ru = models.CharField(_("title (Russian)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    body_kk = models.TextField(_("text (Kazakh)"), help_text=_("Paragraphs separated by an empty line."))
    body_ru = models.TextField(_("text (Russian)"), help_text=_("Paragraphs separated by an empty line."))
    body_en = models.TextField(_("text (English)"), help_text=_("Paragraphs separated by an empty line."))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["slug"]
        verbose_name = _("site page")
        verbose_name_plural = _("site pages")

    def __str__(self):
        return self.get_slug_display()

    def get_absolute_url(self):
        return url(f"page-{self.slug}")

    def title(self, language):
        return getattr(self, f"title_{language}")

    def paragraphs(self, language):
        return [part.strip() for part in PARAGRAPH_BREAK.split(getattr(self, f"body_{language}")) if part.strip()]




class StaffPreference(models.Model):
    """A staff member's own settings: the language of the admin."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="preference")
    language = models.CharField(_("language of the admin"), max_length=2, choices=Language)

    class Meta:
        verbose_name = _("staff preference")
        verbose_name_plural = _("staff preferences")

    def __str__(self):
        return f"{self.user} ({self.language})"


from .drafting import MachineDraftJob, TranslationMemory  # noqa: E402, F401 - models of this app
from .importing.batches import ImportBatch, ImportRow  # noqa: E402, F401 - models of this app
from .public.alerts.models import Delivery, SubscriberList, Subscription  # noqa: E402, F401 - models of this app

"""Translation memory and bulk machine-draft jobs: models of the ``articles`` app (``articles.models`` imports them).

``TranslationMemory`` holds one target sentence per source sentence and language pair: the translations editors
approved (origin "approved") and what the machine wrote (origin "machine", used but ranked below: an approved
sentence replaces a machine one, never the other way round). ``MachineDraftJob`` is one bulk request for machine
drafts, run by a worker, with its counts written as it goes.
"""

import hashlib

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .text import normalise_segment


def segment_hash(text):
    """The SHA-256 of a sentence as memory keys it (NFC, whitespace folded)."""
    return hashlib.sha256(normalise_segment(text).encode()).hexdigest()


class TranslationMemory(models.Model):
    class Origin(models.TextChoices):
        APPROVED = "approved", _("approved translation")
        MACHINE = "machine", _("machine translation")

    source_language = models.CharField(_("source language"), max_length=2)
    target_language = models.CharField(_("target language"), max_length=2)
    source = models.TextField(_("source sentence"), help_text=_("Unicode NFC, whitespace folded."))
    source_hash = models.CharField(_("hash of the source sentence"), max_length=64)
    target = models.TextField(_("translation"))
    origin = models.CharField(_("origin"), max_length=10, choices=Origin, default=Origin.MACHINE)
    uses = models.PositiveIntegerField(_("uses"), default=0,
                                       help_text=_("How many drafts took this sentence from memory."))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        app_label = "articles"
        verbose_name = _("translation memory entry")
        verbose_name_plural = _("translation memory")
        constraints = [models.UniqueConstraint(fields=["source_language", "target_language", "source_hash"],
                                               name="one_memory_entry_per_sentence")]

    def __str__(self):
        return f"{self.source[:60]} [{self.source_language}→{self.target_language}]"


class MachineDraftJob(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="+", verbose_name=_("requested by"))
    language = models.CharField(_("language"), max_length=2)
    article_ids = models.JSONField(_("releases"), default=list)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.QUEUED, db_index=True)
    total = models.PositiveIntegerField(_("releases to draft"), default=0)
    done = models.PositiveIntegerField(_("releases done"), default=0)
    drafted = models.PositiveIntegerField(_("drafts saved"), default=0)
    skipped = models.PositiveIntegerField(_("skipped (approved)"), default=0)
    machine_segments = models.PositiveIntegerField(_("sentences asked of the machine"), default=0)
    memory_segments = models.PositiveIntegerField(_("sentences from memory"), default=0)
    errors = models.JSONField(_("errors"), default=list, blank=True,
                              help_text=_("The releases not drafted, each with the reason."))
    task_id = models.CharField(max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        app_label = "articles"
        ordering = ["-created_at", "-id"]
        verbose_name = _("machine draft job")
        verbose_name_plural = _("machine draft jobs")

    def __str__(self):
        return f"#{self.pk} → {self.language} ({self.total})"

    @property
    def finished(self):
        return self.status in (self.Status.DONE, self.Status.FAILED)

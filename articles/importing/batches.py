"""Import batches: every import is a record you can find again, read row by row, and take back.

``ImportBatch`` holds the file (its name, SHA-256 and a copy in the default storage), who imported it and for
which agencies, the detected format and encoding, the state and counts; ``ImportRow`` holds what happened to
each item, with its reasons, and — for a release the batch changed — the release as it was before, which is
what ``undo`` restores. The models are part of the ``articles`` app (``articles.models`` imports them).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportBatch(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")
        UNDONE = "undone", _("undone")

    file = models.FileField(_("file"), upload_to="imports/%Y/%m/", blank=True,
                            help_text=_("A copy of the uploaded file, in the site's shared storage."))
    file_name = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="+", verbose_name=_("imported by"))
    agencies = models.JSONField(_("agency scope"), null=True, blank=True,
                                help_text=_("The agencies the importer may import for; empty: every agency."))
    format = models.CharField(_("format"), max_length=10, blank=True)
    encoding = models.CharField(_("encoding"), max_length=40, blank=True)
    options = models.JSONField(_("options"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.QUEUED, db_index=True)
    counts = models.JSONField(_("counts"), default=dict, blank=True)
    rows_total = models.PositiveIntegerField(_("items in the file"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    duplicate_of = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                     verbose_name=_("same file as"))
    task_id = models.CharField(max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    undone_at = models.DateTimeField(_("undone at"), null=True, blank=True)
    undone_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="+", verbose_name=_("undone by"))

    class Meta:
        app_label = "articles"
        ordering = ["-created_at", "-id"]
        verbose_name = _("import batch")
        verbose_name_plural = _("import batches")

    def __str__(self):
        return f"#{self.pk} {self.file_name}"

    @property
    def duration(self):
        """Seconds from start to finish, when both are known."""
        if self.started_at and self.finished_at:
            return (self.finished_at - self.started_at).total_seconds()
        return None

    @property
    def origin(self):
        """The history origin of the revisions this batch writes."""
        return f"Import batch {self.pk}: {self.file_name}"[:100]


class ImportRow(models.Model):
    class Outcome(models.TextChoices):
        NEW = "new", _("created")
        CHANGED = "changed", _("updated")
        UNCHANGED = "unchanged", _("unchanged")
        CONFLICT = "conflict", _("held beside an editor’s correction")  # a source's change, or an export's edit
        ERROR = "error", _("refused")

    # A preview's rows: what the import would do (nothing was written).
    WOULD = {Outcome.NEW: _("would be created"), Outcome.CHANGED: _("would be updated"),
             Outcome.UNCHANGED: _("unchanged"), Outcome.CONFLICT: _("would be held beside an editor’s correction"),
             Outcome.ERROR: _("would be refused")}

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="rows",
                              db_index=False)  # import_row_outcome (batch, outcome) serves it
    line = models.PositiveIntegerField(_("line"))
    label = models.CharField(_("item"), max_length=300)
    source_url = models.CharField(_("source URL"), max_length=500, blank=True)
    article = models.ForeignKey("articles.Article", on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="import_rows")
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome)
    messages = models.JSONField(_("reasons"), default=list, blank=True)
    diff = models.JSONField(_("changes"), default=list, blank=True)
    flagged = models.BooleanField(_("flagged"), default=False)
    published = models.BooleanField(_("published"), default=False)
    repairs = models.JSONField(_("repairs"), default=list, blank=True,
                               help_text=_("What the parser repaired in the item (glued paragraphs, labels …)."))
    data = models.JSONField(null=True, blank=True, editable=False,
                            help_text=_("A refused item as the file gave it (for the file of refused items)."))
    before = models.JSONField(null=True, blank=True, editable=False,
                              help_text=_("The release as it was before this batch changed it (what undo restores)."))

    class Meta:
        app_label = "articles"
        ordering = ["batch", "line", "id"]
        verbose_name = _("import row")
        indexes = [models.Index(fields=["batch", "outcome"], name="import_row_outcome")]

    def __str__(self):
        return f"{self.batch_id}:{self.line} {self.outcome}"

    @property
    def would_be(self):
        """The row's outcome as a preview says it: "would be created"."""
        return self.WOULD.get(self.outcome, self.get_outcome_display())


"""Import batches in the admin: the list of past imports; each batch's page with its live progress, its rows and —
for a preview — what the import would do and the button that confirms it; undo with its consequences shown first."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from ..editorial import access
from ..importing import progress
from ..importing.batches import ImportBatch, ImportRow
from ..importing.pipeline import confirm_preview, confirmed_as, refused_csv
from ..importing.tasks import queue_import
from ..importing.undo import plan, undo_batch
from ..models import Agency
from ..notes import translated_all
from ..text import inline_diff
from .imports import ENCODINGS, FORMATS
from .scope import NotFoundOutsideScope
from .workflow import releases_affected


class FormatFilter(admin.SimpleListFilter):
    """The formats by the names the import form gives them ("gov.kz dump (text)", not "dump")."""

    title = _("format")
    parameter_name = "format"

    def lookups(self, request, model_admin):
        return [(code, label) for code, label in FORMATS if code]

    def queryset(self, request, queryset):
        return queryset.filter(format=self.value()) if self.value() else queryset


@admin.register(ImportBatch)
class ImportBatchAdmin(NotFoundOutsideScope, admin.ModelAdmin):
    list_display = ["__str__", "kind", "state", "user", "format_name", "encoding", "summary", "created_at"]
    list_filter = ["status", FormatFilter, "created_at"]
    search_fields = ["file_name", "sha256"]
    list_select_related = ["user"]
    change_form_template = "admin/articles/importbatch/change_form.html"
    readonly_fields = ["file_name", "sha256", "size", "user", "agency_scope", "format_name", "encoding", "chosen",
                       "state", "summary", "rows_total", "error_text", "duplicate_of", "created_at", "started_at",
                       "finished_at", "undone_at", "undone_by", "file"]
    fields = readonly_fields  # the stored options and counts as words (``chosen``, ``summary``), not JSON

    def get_queryset(self, request):
        batches = super().get_queryset(request)
        return batches if access.sees_all_agencies(request.user) else batches.filter(user=request.user)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("articles.view_article")

    @admin.display(description=_("kind"))
    def kind(self, obj):
        return _("preview") if obj.options.get("dry_run") else _("import")

    @admin.display(description=_("agency scope"))
    def agency_scope(self, obj):
        """The agencies the importer could import for, by name in the editor's language (stored as slugs)."""
        if not obj.agencies:
            return _("every agency")
        names = dict(Agency.objects.filter(slug__in=obj.agencies).values_list("slug", "pk"))
        agencies = Agency.objects.in_bulk(names.values())
        return ", ".join(str(agencies[names[slug]]) if slug in names else slug for slug in obj.agencies)

    @admin.display(description=_("format"), ordering="format")
    def format_name(self, obj):
        return dict(FORMATS).get(obj.format, obj.format) or "—"

    @admin.display(description=_("options"))
    def chosen(self, obj):
        """What the importer chose on the form, in the editor's language (the stored options are for the code)."""
        options = obj.options or {}
        yes_no = {True: _("yes"), False: _("no")}
        return format_html_join("", "{}: {}<br>", [
            (_("Format"), dict(FORMATS).get(options.get("format") or "", options.get("format"))),
            (_("Encoding"), dict(ENCODINGS).get(options.get("encoding") or "", options.get("encoding"))),
            (_("Publish new items that have no flags"), yes_no[bool(options.get("publish"))]),
            (_("All or nothing"), yes_no[bool(options.get("all_or_nothing"))]),
        ])

    @admin.display(description=_("error"))
    def error_text(self, obj):
        return translated_all(obj.error) or "—"

    @admin.display(description=_("status"), ordering="status")
    def state(self, obj):
        """A finished preview is ready to confirm, not "done": nothing was imported."""
        if obj.options.get("dry_run") and obj.status == ImportBatch.Status.DONE:
            return _("preview ready: nothing imported yet")
        return obj.get_status_display()

    @admin.display(description=_("result"))
    def summary(self, obj):
        counts = {name: (obj.counts or {}).get(name, 0) for name in
                  ("created", "updated", "unchanged", "conflicts", "errors")}
        if obj.options.get("dry_run"):
            return _("would create %(created)s, update %(updated)s, leave %(unchanged)s unchanged, hold "
                     "%(conflicts)s, refuse %(errors)s") % counts
        return _("%(created)s created, %(updated)s updated, %(unchanged)s unchanged, %(conflicts)s held, "
                 "%(errors)s refused") % counts

    def get_urls(self):
        return [path("<int:object_id>/undo/", self.admin_site.admin_view(self.undo_view),
                     name="articles_importbatch_undo"),
                path("<int:object_id>/progress/", self.admin_site.admin_view(self.progress_view),
                     name="articles_importbatch_progress"),
                path("<int:object_id>/confirm/", self.admin_site.admin_view(self.confirm_view),
                     name="articles_importbatch_confirm"),
                path("<int:object_id>/refused.csv", self.admin_site.admin_view(self.refused_view),
                     name="articles_importbatch_refused"),
                *super().get_urls()]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        batch = self.get_object(request, object_id)
        rows = batch.rows.select_related("article") if batch else ImportRow.objects.none()
        outcome = request.GET.get("outcome")
        if outcome in ImportRow.Outcome.values:
            rows = rows.filter(outcome=outcome)
        rows_page = Paginator(rows, 100).get_page(request.GET.get("page"))
        for row in rows_page:
            row.changes = [(name, inline_diff(old, new)) for name, old, new in row.diff]
        preview = bool(batch.options.get("dry_run"))
        context = {
            "rows_page": rows_page,
            "outcomes": ImportRow.Outcome.choices,
            "chosen_outcome": outcome,
            "progress": progress_of(batch),
            "preview": preview,
            "confirmed_as": confirmed_as(batch) if preview else None,
            "may_confirm": may_confirm(request.user, batch),
            "blocked": preview and blocked(batch),
            "may_undo": not preview and batch.status == ImportBatch.Status.DONE and may_undo(request.user, batch),
            **(extra_context or {}),
        }
        return super().change_view(request, object_id, form_url, context)

    def progress_view(self, request, object_id):
        """JSON of the batch's state for its page: status, and while it runs items, fraction, rate, seconds left."""
        return JsonResponse(progress_of(self.get_object(request, str(object_id))))

    def confirm_view(self, request, object_id):
        """POST: import the file of a finished preview for real (queued), and go to the new batch's page."""
        preview = self.get_object(request, str(object_id))
        if request.method != "POST" or not may_confirm(request.user, preview):
            raise PermissionDenied
        batch = confirmed_as(preview)
        if batch is None:
            batch = queue_import(confirm_preview(preview, user=request.user,
                                                 agencies=access.can_import_for(request.user),
                                                 may_publish=request.user.has_perm("articles.publish_article")))
            messages.info(request, _("The import of %(file)s is queued.") % {"file": batch.file_name})
        return HttpResponseRedirect(reverse("admin:articles_importbatch_change", args=[batch.pk]))

    def refused_view(self, request, object_id):
        """The refused items as CSV, with their reasons: fix them and import the file again."""
        batch = self.get_object(request, str(object_id))
        response = HttpResponse(refused_csv(batch), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="refused-{batch.pk}.csv"'
        return response

    def undo_view(self, request, object_id):
        """GET: what undoing the batch would remove, restore and keep; POST: undo it."""
        batch = self.get_object(request, str(object_id))
        if not may_undo(request.user, batch):
            raise PermissionDenied
        try:
            todo = plan(batch)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return HttpResponseRedirect(reverse("admin:articles_importbatch_change", args=[batch.pk]))
        if request.method == "POST":
            try:
                done = undo_batch(batch, request.user, confirm=request.POST.getlist("confirm"))
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("Batch %(batch)s undone: %(removed)d release(s) removed, %(restored)d "
                                            "restored, %(kept)d kept.") % {
                    "batch": batch.pk, "removed": len(done.remove), "restored": len(done.restore),
                    "kept": len(done.edited)})
            return HttpResponseRedirect(reverse("admin:articles_importbatch_change", args=[batch.pk]))
        context = {**self.admin_site.each_context(request), "opts": self.model._meta, "object": batch,
                   "title": _("Undo import batch %(batch)s") % {"batch": batch}, "plan": todo,
                   "removed": releases_affected(todo.remove),
                   "restored": releases_affected([article for article, _ in todo.restore])}
        context["public"] = sum(1 for _, _, live in [*context["removed"], *context["restored"]] if live)
        return TemplateResponse(request, "admin/articles/importbatch/undo.html", context)


def progress_of(batch):
    """What the progress line shows: the batch's status, and the live figures of a running import."""
    live = progress.read(batch.pk) if batch.status == ImportBatch.Status.RUNNING else None
    return {"id": batch.pk, "status": batch.status, "status_label": str(batch.get_status_display()),
            "finished": batch.status not in (ImportBatch.Status.QUEUED, ImportBatch.Status.RUNNING),
            "items": live["items"] if live else batch.rows_total, "fraction": live["fraction"] if live else None,
            "rate": live["rate"] if live else None, "seconds_left": live["seconds_left"] if live else None}


def blocked(preview):
    """An all-or-nothing preview with an error: confirming it would import nothing."""
    return bool(preview.options.get("all_or_nothing") and (preview.counts or {}).get("errors"))


def may_confirm(user, batch):
    return (batch.options.get("dry_run") and batch.status == ImportBatch.Status.DONE and bool(batch.file)
            and not blocked(batch) and user.has_perm("articles.add_article")
            and (batch.user_id == user.pk or access.sees_all_agencies(user)))


def may_undo(user, batch):
    return user.has_perm("articles.change_article") and (batch.user_id == user.pk or access.sees_all_agencies(user))

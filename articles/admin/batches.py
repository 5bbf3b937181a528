"""Import batches in the admin: the list of past imports, each batch's rows, and undo with its consequences shown
first."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from ..editorial import access
from ..importing import progress
from ..importing.batches import ImportBatch, ImportRow
from ..importing.undo import plan, undo_batch
from .scope import NotFoundOutsideScope


@admin.register(ImportBatch)
class ImportBatchAdmin(NotFoundOutsideScope, admin.ModelAdmin):
    list_display = ["__str__", "status", "user", "format", "encoding", "summary", "created_at"]
    list_filter = ["status", "format", "created_at"]
    search_fields = ["file_name", "sha256"]
    list_select_related = ["user"]
    change_form_template = "admin/articles/importbatch/change_form.html"
    readonly_fields = ["file_name", "sha256", "size", "user", "agencies", "format", "encoding", "options", "status",
                       "counts", "rows_total", "error", "duplicate_of", "created_at", "started_at", "finished_at",
                       "undone_at", "undone_by", "file"]

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

    @admin.display(description=_("result"))
    def summary(self, obj):
        counts = obj.counts or {}
        return _("%(created)s created, %(updated)s updated, %(unchanged)s unchanged, %(conflicts)s held, "
                 "%(errors)s refused") % {name: counts.get(name, 0) for name in
                                          ("created", "updated", "unchanged", "conflicts", "errors")}

    def get_urls(self):
        return [path("<int:object_id>/undo/", self.admin_site.admin_view(self.undo_view),
                     name="articles_importbatch_undo"),
                *super().get_urls()]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        batch = self.get_object(request, object_id)
        rows = batch.rows.select_related("article") if batch else ImportRow.objects.none()
        outcome = request.GET.get("outcome")
        if outcome in ImportRow.Outcome.values:
            rows = rows.filter(outcome=outcome)
        context = {
            "rows_page": Paginator(rows, 100).get_page(request.GET.get("page")),
            "outcomes": ImportRow.Outcome.choices,
            "chosen_outcome": outcome,
            "progress": progress.read(batch.pk) if batch and batch.status == ImportBatch.Status.RUNNING else None,
            "may_undo": batch is not None and batch.status == ImportBatch.Status.DONE and may_undo(request.user,
                                                                                                  batch),
            **(extra_context or {}),
        }
        return super().change_view(request, object_id, form_url, context)

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
                   "title": _("Undo import batch %(batch)s") % {"batch": batch}, "plan": todo}
        return TemplateResponse(request, "admin/articles/importbatch/undo.html", context)


def may_undo(user, batch):
    return user.has_perm("articles.change_article") and (batch.user_id == user.pk or access.sees_all_agencies(user))

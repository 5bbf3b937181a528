"""Machine drafts in bulk from the admin: the "Request machine drafts…" action on releases, the same for the desk's
current filter, and each job's page with its live progress (``articles.editorial.tasks`` does the work)."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect, JsonResponse, QueryDict
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from ..editorial import access, machine_translation
from ..editorial.desk import needs_work
from ..editorial.tasks import queue_machine_drafts
from ..models import Article, Language, MachineDraftJob
from .scope import NotFoundOutsideScope, ReadOnly


class MachineDraftsForm(forms.Form):
    language = forms.ChoiceField(label=_("Target language"), help_text=_(
        "Approved versions are skipped; the drafts wait for review in the translation desk, nothing is published."))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        mine = access.languages_for(user)
        self.fields["language"].choices = [(code, label) for code, label in Language.choices if code in mine]


def start(request, articles, language):
    """Queue the job and go to its page."""
    job = queue_machine_drafts(request.user, language, articles)
    messages.info(request, _("Machine drafts of %(count)d release(s) are requested.") % {"count": job.total})
    return HttpResponseRedirect(reverse("admin:articles_machinedraftjob_change", args=[job.pk]))


@admin.action(description=_("Request machine drafts…"), permissions=["translate"])
def request_machine_drafts(model_admin, request, queryset):
    """Ask the target language, then queue machine drafts of the selected releases."""
    if not machine_translation.enabled():
        model_admin.message_user(request, _("No translation service is configured."), messages.ERROR)
        return None
    form = MachineDraftsForm(request.POST if "apply" in request.POST else None, user=request.user)
    if "apply" in request.POST and form.is_valid():
        return start(request, queryset, form.cleaned_data["language"])
    return TemplateResponse(request, "admin/articles/article/action_form.html", {
        **model_admin.admin_site.each_context(request), "opts": Article._meta, "title": _("Request machine drafts"),
        "form": form, "queryset": queryset, "action": request.POST.get("action"),
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
    })


def desk_machine_drafts_view(model_admin, request):
    """POST from the desk: machine drafts of every release of its current filter (``filters``, a query string)."""
    from .desk_filters import DeskFilter

    form = MachineDraftsForm(request.POST or None, user=request.user)
    if request.method != "POST" or not machine_translation.enabled() or not access.can_edit_versions(request.user):
        raise PermissionDenied
    desk_url = reverse("admin:articles_article_desk") + "?" + request.POST.get("filters", "")
    if not form.is_valid():
        messages.error(request, _("Choose a language you translate into."))
        return HttpResponseRedirect(desk_url)
    articles = needs_work(model_admin.get_queryset(request))
    filterset = DeskFilter(QueryDict(request.POST.get("filters", "")) or None, queryset=articles)
    filterset.filters["agency"].queryset = access.agencies_for(request.user)
    return start(request, filterset.qs.values_list("pk", flat=True), form.cleaned_data["language"])


@admin.register(MachineDraftJob)
class MachineDraftJobAdmin(NotFoundOutsideScope, ReadOnly, admin.ModelAdmin):
    list_display = ["__str__", "status", "user", "done", "total", "drafted", "skipped", "memory_segments",
                    "machine_segments", "created_at"]
    list_filter = ["status", "language", "created_at"]
    list_select_related = ["user"]
    change_form_template = "admin/articles/machinedraftjob/change_form.html"
    fields = ["user", "language", "status", "total", "done", "drafted", "skipped", "memory_segments",
              "machine_segments", "created_at", "started_at", "finished_at"]
    readonly_fields = fields

    def get_queryset(self, request):
        jobs = super().get_queryset(request)
        return jobs if access.sees_all_agencies(request.user) else jobs.filter(user=request.user)

    def has_view_permission(self, request, obj=None):
        return access.can_edit_versions(request.user)

    def has_module_permission(self, request):
        return access.can_edit_versions(request.user)

    def get_urls(self):
        return [path("<int:object_id>/progress/", self.admin_site.admin_view(self.progress_view),
                     name="articles_machinedraftjob_progress"),
                *super().get_urls()]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        job = self.get_object(request, object_id)
        articles = Article.objects.in_bulk([e["article"] for e in job.errors if e.get("article")])
        errors = [(articles.get(e.get("article")), e.get("article"), e["error"]) for e in job.errors]
        context = {"progress": progress_of(job), "job_errors": errors, **(extra_context or {})}
        return super().change_view(request, object_id, form_url, context)

    def progress_view(self, request, object_id):
        """JSON of the job's state for its page."""
        return JsonResponse(progress_of(self.get_object(request, str(object_id))))


def progress_of(job):
    """What the job's page shows while it runs, and its result."""
    return {"id": job.pk, "status": job.status, "status_label": str(job.get_status_display()),
            "finished": job.finished, "total": job.total, "done": job.done,
            "fraction": job.done / job.total if job.total else 1, "drafted": job.drafted, "skipped": job.skipped,
            "memory": job.memory_segments, "machine": job.machine_segments, "errors": len(job.errors)}

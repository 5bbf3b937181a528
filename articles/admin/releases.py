from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportModelAdmin
from import_export.formats.base_formats import CSV, JSON, XLSX
from import_export.forms import ConfirmImportForm, ExportForm, ImportForm

from .. import uploads
from ..editorial import access, conflicts, history, locking, publishing, reverting, workflow
from ..editorial.desk import normalise_body, repair_texts
from ..importers import DumpFormat
from ..models import Agency, Article, ArticleTranslation, Region
from ..resources import ArticleResource, inline_diff
from .conflicts import comparison
from .desk import desk_view, editor_view
from .previews import share_preview, staff_preview_url, staff_preview_view
from .publishing import publish_url, publish_view
from .terminology import TermAdmin, terminology_view  # noqa: F401 - registers the glossary admin
from .upstream import upstream_view

IMPORT_OPTIONS = {
    "publish": forms.BooleanField(
        required=False, label=_("Publish new items that have no flags"),
        help_text=_("Otherwise every new item lands as a draft."),
    ),
    "all_or_nothing": forms.BooleanField(
        required=False, label=_("All or nothing"),
        help_text=_("Import nothing if any item has an error. Otherwise items with errors are skipped."),
    ),
}


class ArticleImportForm(ImportForm):
    publish = IMPORT_OPTIONS["publish"]
    all_or_nothing = IMPORT_OPTIONS["all_or_nothing"]

    def __init__(self, formats, resources, **kwargs):
        super().__init__(formats, resources, **kwargs)
        self.format_classes = formats

    def clean(self):
        data = super().clean()
        upload, chosen = data.get("import_file"), data.get("format")
        if upload is None or chosen in (None, ""):
            return data
        fmt = self.format_classes[int(chosen)]
        name = fmt().get_title() if hasattr(fmt, "get_title") else ""
        try:
            uploads.check_upload(upload.name, upload.size, upload.read(64 * 1024), name.lower())
            upload.seek(0)
            if name.lower() == "xlsx":
                uploads.check_xlsx(upload.name, upload)
        except uploads.UploadRefused as error:
            raise ValidationError(str(error)) from error
        return data


class ArticleConfirmImportForm(ConfirmImportForm):
    publish = forms.BooleanField(required=False, widget=forms.HiddenInput)
    all_or_nothing = forms.BooleanField(required=False, widget=forms.HiddenInput)


class WithdrawForm(forms.Form):
    note = forms.CharField(label=_("Public reason"), widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=_("Shown on the withdrawn release's page."))


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Note for the history"), required=False)


class AssignForm(forms.Form):
    region = forms.ModelChoiceField(Region.objects.all(), required=False, label=_("Region"),
                                    help_text=_("Leave empty to keep each article's region."))
    section = forms.CharField(required=False, max_length=100, label=_("Section"),
                              help_text=_("Leave empty to keep each article's section."))

    def clean(self):
        data = super().clean()
        if not data.get("region") and not data.get("section"):
            raise ValidationError(_("Choose a region, a section or both."))
        return data


TRANSITION_FORMS = {"withdraw": WithdrawForm}


class NotFoundOutsideScope:
    """An object outside the user's agencies is a 404, never a redirect that confirms it exists."""

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404(_("No such object among yours."))
        return obj


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name_en", "name_ru", "name_kk", "slug", "kind"]
    list_filter = ["kind"]
    search_fields = ["name_en", "name_ru", "name_kk", "slug"]


@admin.register(Agency)
class AgencyAdmin(NotFoundOutsideScope, admin.ModelAdmin):
    list_display = ["name_en", "slug", "kind", "region", "needs_review"]
    list_filter = ["needs_review", "kind", "region"]
    list_select_related = ["region"]
    search_fields = ["name_en", "name_ru", "name_kk", "slug"]
    filter_horizontal = ["members"]

    def get_queryset(self, request):
        return access.agencies_for(request.user, super().get_queryset(request))


class AgencyMembershipInline(admin.TabularInline):
    model = Agency.members.through
    extra = 1
    verbose_name = _("agency")
    verbose_name_plural = _("agencies (the user sees and changes only these agencies' releases)")
    autocomplete_fields = ["agency"]


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class StaffAdmin(UserAdmin):
    inlines = [*UserAdmin.inlines, AgencyMembershipInline]
    list_display = [*UserAdmin.list_display, "role_list"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    @admin.display(description=_("roles"))
    def role_list(self, obj):
        return ", ".join(g.name for g in obj.groups.all()) or "—"


class TranslationInline(admin.StackedInline):
    model = ArticleTranslation
    extra = 0
    max_num = 3
    fields = [("language", "status", "is_original"), "title", "slug", "lead", "body", "signature"]
    readonly_fields = ["status"]  # approving is the desk's and the publish screen's, with a second pair of eyes

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (obj is None or access.can_edit_article(
            request.user, obj))

    has_add_permission = has_change_permission

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (obj is None or access.in_scope(request.user, obj))


class ArticleForm(forms.ModelForm):
    """The article's change form, carrying the lock number of the moment it was opened."""

    conflict = None  # the three-way comparison of a save refused by an edit conflict

    lock = forms.IntegerField(widget=forms.HiddenInput, required=False)
    opened_at = forms.DateTimeField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Article
        fields = ["agency", "region", "section", "source_url", "news_id", "original_language", "published_at",
                  "needs_translation", "upstream_changed", "title_in_capitals"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["lock"].initial = self.instance.lock_version
            self.fields["opened_at"].initial = timezone.now()

    def clean(self):
        data = super().clean()
        if self.instance.pk:
            current = Article.objects.filter(pk=self.instance.pk).values_list("lock_version", flat=True).first()
            opened = data.get("lock") or 0
            if current != opened:
                self.conflict = comparison(self.instance, data.get("opened_at"), self.submitted(data))
                raise ValidationError(conflict_message(self.instance), code="edit_conflict")
        return data

    def submitted(self, data):
        """What the user submitted, by part, for the three-way comparison: the article and each language version
        of the inline (read from the raw data: the inline is validated after this form)."""
        yours = {"article": {name: data.get(name) for name in self._meta.fields if name in data}}
        prefix = "translations"
        total = self.data.get(f"{prefix}-TOTAL_FORMS", "")
        for i in range(int(total) if total.isdigit() else 0):
            language = self.data.get(f"{prefix}-{i}-language")
            if language and not self.data.get(f"{prefix}-{i}-DELETE"):
                yours[language] = {name: self.data.get(f"{prefix}-{i}-{name}", "")
                                   for name in conflicts.VERSION_FIELDS}
        return yours


def conflict_message(article):
    last = Article.history.filter(id=article.pk).select_related("history_user").first()
    who = last.history_user if last and last.history_user else _("another process")
    return _("Not saved: %(who)s saved this article after you opened it. Your changes are still in the form; the "
             "comparison shows each field as it was when you opened the page, what was saved meanwhile and what you "
             "changed.") % {"who": who}


@admin.register(Article)
class ArticleAdmin(NotFoundOutsideScope, ImportExportModelAdmin):
    resource_classes = [ArticleResource]
    import_formats = [DumpFormat, CSV, XLSX, JSON]
    export_formats = [CSV, XLSX, JSON]
    import_form_class = ArticleImportForm
    confirm_form_class = ArticleConfirmImportForm
    import_template_name = "admin/articles/article/import.html"
    export_form_class = ExportForm
    form = ArticleForm
    change_form_template = "admin/articles/article/change_form.html"
    object_history_template = "admin/articles/article/revisions.html"
    list_display = ["__str__", "title", "agency", "region", "published_at", "status", "original_language", "flag_list"]
    list_filter = [
        "status", "needs_translation", "upstream_changed", "title_in_capitals", "original_language", "agency",
    ]
    list_select_related = ["agency", "region"]
    search_fields = ["source_url", "news_id", "translations__title"]
    date_hierarchy = "published_at"
    autocomplete_fields = ["agency", "region"]
    readonly_fields = ["status", "publish_at", "withdrawn_at", "withdrawn_reason", "lock_version", "created_at",
                       "updated_at"]
    inlines = [TranslationInline]
    actions = ["submit_for_review", "publish", "schedule", "withdraw", "assign", "check_terminology", "repair_texts",
               share_preview]

    def view_on_site(self, obj):
        return staff_preview_url(obj)  # the working copy, for staff; readers' pages may not exist yet

    class Media:
        js = ["articles/unsaved.js"]  # a warning before leaving the form with changes not saved

    # --- who sees what -------------------------------------------------------------------------------------

    def get_queryset(self, request):
        return access.articles_for(request.user, super().get_queryset(request)).prefetch_related("translations")

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and (obj is None or access.in_scope(request.user, obj))

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and access.can_edit_article(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (obj is None or access.in_scope(request.user, obj))

    def has_publish_permission(self, request):
        return request.user.has_perm("articles.publish_article")

    def has_translate_permission(self, request):
        return access.can_edit_versions(request.user)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "agency":
            kwargs["queryset"] = access.agencies_for(request.user, Agency.objects.all())
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_changeform_initial_data(self, request):
        initial = {"published_at": timezone.now(), **super().get_changeform_initial_data(request)}
        agencies = access.agencies_for(request.user).values_list("pk", flat=True)[:2]
        if len(agencies) == 1:  # an agency's staff writes for their agency
            initial.setdefault("agency", agencies[0])
        return initial

    def get_search_results(self, request, queryset, search_term):
        return super().get_search_results(request, access.articles_for(request.user, queryset), search_term)

    # --- list --------------------------------------------------------------------------------------------

    @admin.display(description=_("title"))
    def title(self, obj):
        versions = {t.language: t for t in obj.translations.all()}
        original = versions.get(obj.original_language)
        if original and original.title:
            return original.title
        return next((f"{v.title} [{v.language}]" for v in versions.values() if v.title), "—")

    @admin.display(description=_("flags"))
    def flag_list(self, obj):
        return ", ".join(obj.flags) or "—"

    # --- saving: revisions with their origin, optimistic locking -----------------------------------------

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        reason = "Edited in the admin" if object_id else "Created in the admin"
        try:
            with history.origin(request.user, reason):
                return super().changeform_view(request, object_id, form_url, extra_context)
        except locking.EditConflict:
            messages.error(request, _("Not saved: someone else saved this article at the same moment. "
                                      "Reload it, and apply your changes again."))
            return HttpResponseRedirect(request.path)

    def save_formset(self, request, form, formset, change):
        """Working copies edited on this page are changed by this user and need review again: readers keep the
        live text until someone else approves and a publisher publishes."""
        if formset.model is ArticleTranslation:
            for version_form in formset.forms:
                version = version_form.instance
                if version_form.has_changed() and not version_form.cleaned_data.get("DELETE"):
                    version.body = normalise_body(version.body)
                    version.updated_by = request.user
                    complete = bool(version.title and version.body)
                    version.status = (ArticleTranslation.Status.NEEDS_REVIEW if complete
                                      else ArticleTranslation.Status.NEEDS_TRANSLATION)
        super().save_formset(request, form, formset, change)

    def save_model(self, request, obj, form, change):
        if change:
            locking.claim(obj, form.cleaned_data.get("lock") or 0)
        super().save_model(request, obj, form, change)

    # --- import ------------------------------------------------------------------------------------------

    def get_confirm_form_initial(self, request, import_form):
        initial = super().get_confirm_form_initial(request, import_form)
        if import_form is not None:
            initial.update({name: import_form.cleaned_data.get(name) for name in IMPORT_OPTIONS})
        return initial

    def get_import_data_kwargs(self, **kwargs):
        form = kwargs.get("form")
        options = {name: form.cleaned_data.get(name) for name in IMPORT_OPTIONS} if form else {}
        return {**super().get_import_data_kwargs(**kwargs), **options}

    # --- extra screens -----------------------------------------------------------------------------------

    def get_urls(self):
        def wrap(view):
            return self.admin_site.admin_view(lambda request, *args, **kwargs: view(self, request, *args, **kwargs))

        return [
            path("terminology/", wrap(terminology_view), name="articles_article_terminology"),
            path("desk/", wrap(desk_view), name="articles_article_desk"),
            path("publish/", wrap(publish_view), name="articles_article_publish"),
            path("<int:object_id>/upstream/", wrap(upstream_view), name="articles_article_upstream"),
            path("<int:object_id>/translate/<str:language>/", wrap(editor_view), name="articles_article_translate"),
            path("<int:object_id>/preview/<str:language>/", wrap(staff_preview_view), name="articles_article_preview"),
            path("<int:object_id>/transition/<str:action>/", wrap(ArticleAdmin.transition_view),
                 name="articles_article_transition"),
            path("<int:object_id>/revisions/compare/", wrap(ArticleAdmin.compare_view),
                 name="articles_article_compare"),
            path("<int:object_id>/revisions/<str:kind>/<int:history_id>/revert/", wrap(ArticleAdmin.revert_view),
                 name="articles_article_revert"),
            *super().get_urls(),
        ]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context["workflow_actions"] = workflow.allowed_actions(request.user, obj)
            context["can_translate"] = access.can_edit_versions(request.user, obj)
            context["publications"] = obj.publications.select_related("user")[:20]
            if obj.status in workflow.LIVE_STATES and access.can_transition(request.user, "publish", obj):
                context["pending_changes"] = publishing.pending_changes(obj)
                context["publish_changes_url"] = publish_url([obj], "update")
        return super().render_change_form(request, context, add, change, form_url, obj)

    def history_view(self, request, object_id, extra_context=None):
        """The article's revisions: the article and each language version, with origin, diffs and revert."""
        article = self.get_object(request, object_id)
        if not self.has_view_permission(request, article):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": Article._meta,
            "title": _("History: %(article)s") % {"article": article},
            "object": article,
            "revisions": history.timeline(article),
            "can_revert_article": access.can_edit_article(request.user, article),
            "can_revert_versions": access.can_edit_versions(request.user, article),
            **(extra_context or {}),
        }
        return TemplateResponse(request, self.object_history_template, context)

    def compare_view(self, request, object_id):
        article = self.get_object(request, str(object_id))
        kind = request.GET.get("kind", "article")
        try:
            old_id, new_id = sorted(int(request.GET[name]) for name in ("a", "b"))
            rows = history.compare(article, kind, old_id, new_id)
        except (KeyError, ValueError, LookupError) as error:
            raise Http404(_("Choose two revisions of the same object.")) from error
        records = {r.history_id: r for r in history.records(article.pk, kind).filter(history_id__in=[old_id, new_id])}
        context = {
            **self.admin_site.each_context(request),
            "opts": Article._meta,
            "title": _("Compare revisions: %(article)s") % {"article": article},
            "object": article,
            "old": records[old_id],
            "new": records[new_id],
            "kind": kind,
            "rows": [(name, inline_diff(old, new)) for name, old, new in rows],
        }
        return TemplateResponse(request, "admin/articles/article/compare.html", context)

    def revert_view(self, request, object_id, kind, history_id):
        """GET: what the revert would change in the working copy, and a button; POST: revert."""
        article = self.get_object(request, str(object_id))
        try:
            rec, rows = reverting.revert_preview(article, kind, history_id)
        except LookupError as error:
            raise Http404(_("No such revision of this article.")) from error
        allowed = access.can_edit_article if kind == "article" else access.can_edit_versions
        if not allowed(request.user, article):
            raise PermissionDenied
        if request.method == "POST":
            reverting.revert(article, kind, history_id, request.user)
            messages.success(request, _("Reverted; the revert is itself a new revision."))
            return HttpResponseRedirect(reverse("admin:articles_article_history", args=[article.pk]))
        context = {
            **self.admin_site.each_context(request),
            "opts": Article._meta,
            "title": _("Revert: %(article)s") % {"article": article},
            "object": article,
            "record": rec,
            "kind": kind,
            "rows": [(name, inline_diff(now, restored)) for name, now, restored in rows],
        }
        return TemplateResponse(request, "admin/articles/article/revert_confirm.html", context)

    def transition_view(self, request, object_id, action):
        """One workflow step for one article; schedule and withdraw ask for their time or reason first."""
        article = self.get_object(request, str(object_id))
        if action not in workflow.TRANSITIONS:
            raise Http404
        if not access.can_transition(request.user, action, article):
            raise PermissionDenied
        if action in ("publish", "schedule"):  # what will go live is shown first
            return HttpResponseRedirect(publish_url([article], action))
        form_class = TRANSITION_FORMS.get(action, NoteForm)
        form = form_class(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                workflow.transition(article, action, request.user, note=form.cleaned_data.get("note", ""),
                                    publish_at=form.cleaned_data.get("publish_at"))
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("%(article)s: %(action)s done.") % {
                    "article": article, "action": action.replace("_", " ")})
                return HttpResponseRedirect(reverse("admin:articles_article_change", args=[article.pk]))
        context = {
            **self.admin_site.each_context(request),
            "opts": Article._meta,
            "title": _("%(action)s: %(article)s") % {"action": action.replace("_", " ").capitalize(),
                                                      "article": article},
            "object": article,
            "form": form,
        }
        return TemplateResponse(request, "admin/articles/article/action_form.html", context)

    # --- bulk actions ------------------------------------------------------------------------------------

    def _run_transition(self, request, queryset, action, **params):
        done, refused = workflow.transition_many(queryset, action, request.user, **params)
        if done:
            self.message_user(request, _("%(action)s: %(count)d article(s).") % {
                "action": action.replace("_", " ").capitalize(), "count": len(done)}, messages.SUCCESS)
        for article, reason in refused:
            self.message_user(request, _("%(article)s not changed: %(reason)s.") % {
                "article": article, "reason": reason}, messages.WARNING)

    def _with_form(self, request, queryset, form_class, description, apply):
        """An action that asks for values first (intermediate page), then applies them."""
        form = form_class(request.POST if "apply" in request.POST else None)
        if "apply" in request.POST and form.is_valid():
            apply(form.cleaned_data)
            return None
        context = {
            **self.admin_site.each_context(request),
            "opts": Article._meta,
            "title": description,
            "form": form,
            "queryset": queryset,
            "action": request.POST.get("action"),
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/articles/article/action_form.html", context)

    @admin.action(description=_("Submit for review"), permissions=["change"])
    def submit_for_review(self, request, queryset):
        self._run_transition(request, queryset, "submit")

    @admin.action(description=_("Publish now…"), permissions=["publish"])
    def publish(self, request, queryset):
        return HttpResponseRedirect(publish_url(queryset, "publish"))

    @admin.action(description=_("Schedule publication…"), permissions=["publish"])
    def schedule(self, request, queryset):
        return HttpResponseRedirect(publish_url(queryset, "schedule"))

    @admin.action(description=_("Withdraw with a public reason…"), permissions=["publish"])
    def withdraw(self, request, queryset):
        return self._with_form(request, queryset, WithdrawForm, _("Withdraw"),
                               lambda data: self._run_transition(request, queryset, "withdraw", note=data["note"]))

    @admin.action(description=_("Assign region or section…"), permissions=["change"])
    def assign(self, request, queryset):
        def apply(data):
            values = {name: data[name] for name in ("region", "section") if data[name]}
            done, refused = workflow.assign(queryset, request.user, **values)
            self.message_user(request, _("%(count)d article(s) assigned.") % {"count": len(done)})
            for article, reason in refused:
                self.message_user(request, _("%(article)s not changed: %(reason)s.") % {
                    "article": article, "reason": reason}, messages.WARNING)

        return self._with_form(request, queryset, AssignForm, _("Assign region or section"), apply)

    @admin.action(description=_("Check terminology against the glossary"), permissions=["translate"])
    def check_terminology(self, request, queryset):
        ids = ",".join(str(pk) for pk in queryset.values_list("pk", flat=True))
        return HttpResponseRedirect(f"{reverse('admin:articles_article_terminology')}?ids={ids}")

    @admin.action(description=_("Repair glued paragraphs and spaces"), permissions=["translate"])
    def repair_texts(self, request, queryset):
        count = repair_texts(queryset, request.user)
        self.message_user(request, _("%(count)d language version(s) repaired.") % {"count": count})

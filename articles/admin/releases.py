"""The releases' admin: list, change page, and the URLs of every article screen."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.urls import path
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from import_export.admin import ExportMixin
from import_export.formats.base_formats import CSV, JSON, XLSX
from import_export.forms import ExportForm

from ..collation import sort_key
from ..dates import admin_publication_date
from ..editorial import access, conflicts, history, locking, publishing, workflow
from ..editorial.desk import normalise_body
from ..importing.resources import ArticleResource
from ..models import Agency, Article, ArticleTranslation
from .conflicts import comparison
from .desk import desk_view, editor_view
from .history import compare_view, history_view, revert_view
from .imports import import_view
from .machine_drafts import desk_machine_drafts_view, request_machine_drafts
from .people import AgencyAdmin, RegionAdmin, StaffAdmin  # noqa: F401 - registers them
from .previews import share_preview, staff_preview_url, staff_preview_view
from .publishing import publish_url, publish_view
from .scope import NotFoundOutsideScope
from .terminology import TermAdmin, terminology_view  # noqa: F401 - registers the glossary admin
from .upstream import upstream_view
from .workflow import WorkflowActions, transition_view


class TranslationInline(admin.StackedInline):
    model = ArticleTranslation
    extra = 0
    max_num = 3
    fields = [("language", "status", "is_original"), "title", "slug", "lead", "body", "signature"]
    readonly_fields = ["status"]  # approving is the desk's and the publish screen's, with a second pair of eyes

    def view_on_site(self, obj):
        """The staff preview of this version (its public page may not exist: a draft, or a version not yet live)."""
        return staff_preview_url(obj.article, obj.language)

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


class OwnAgenciesFilter(admin.RelatedFieldListFilter):
    """The agencies whose releases the user works on (every one for an administrator), by their names in the admin's
    language, in its alphabetical order: an agency editor is not offered the other agencies."""

    def field_choices(self, field, request, model_admin):
        return sorted(((agency.pk, str(agency)) for agency in access.agencies_for(request.user)),
                      key=lambda choice: sort_key(choice[1]))


@admin.register(Article)
class ArticleAdmin(NotFoundOutsideScope, WorkflowActions, ExportMixin, admin.ModelAdmin):
    """Releases: the list with its bulk actions, the change page, and the screens of articles/admin/ wired in."""

    resource_classes = [ArticleResource]
    export_formats = [CSV, XLSX, JSON]
    export_form_class = ExportForm
    import_export_change_list_template = "admin/articles/article/change_list.html"  # Import (ours) and Export
    form = ArticleForm
    change_form_template = "admin/articles/article/change_form.html"
    object_history_template = "admin/articles/article/revisions.html"
    # Five columns that fit beside the menu and the filters at 1366×768: the title opens the release, the region under
    # its agency (the gov.kz id is in the search, the original language in the filters).
    list_display = ["title", "agency_and_region", "published", "status", "flag_list"]
    list_display_links = ["title"]
    list_filter = [
        "status", "needs_translation", "upstream_changed", "title_in_capitals", "original_language",
        ("agency", OwnAgenciesFilter),
    ]
    list_select_related = ["agency", "region"]
    search_fields = ["source_url", "news_id", "translations__title"]
    date_hierarchy = "published_at"
    autocomplete_fields = ["agency", "region"]
    readonly_fields = ["status", "publish_at", "withdrawn_at", "withdrawn_reasons_shown", "lock_version", "created_at",
                       "updated_at"]
    inlines = [TranslationInline]
    actions = ["submit_for_review", "publish", "schedule", "withdraw", "assign", "check_terminology", "repair_texts",
               share_preview, request_machine_drafts]

    @admin.display(description=_("reasons for withdrawal"))
    def withdrawn_reasons_shown(self, obj):
        return "; ".join(obj.withdrawn_reason_list) or "—"

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

    @admin.display(description=_("agency"), ordering="agency__slug")
    def agency_and_region(self, obj):
        if obj.region is None:
            return str(obj.agency)
        return format_html('{}<br><span class="quiet">{}</span>', obj.agency, obj.region)

    @admin.display(description=Article._meta.get_field("published_at").verbose_name, ordering="published_at")
    def published(self, obj):
        return admin_publication_date(obj.published_at)

    @admin.display(description=_("flags"))
    def flag_list(self, obj):
        return ", ".join(str(label) for label in obj.flag_labels) or "—"

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

    def response_add(self, request, obj, post_url_continue=None):
        obj.display_name = obj.titled()  # "The press release “Title” (adilet/123) was added successfully."
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        obj.display_name = obj.titled()
        return super().response_change(request, obj)

    def save_model(self, request, obj, form, change):
        if change:
            locking.claim(obj, form.cleaned_data.get("lock") or 0)
        super().save_model(request, obj, form, change)

    # --- extra screens -----------------------------------------------------------------------------------

    def get_urls(self):
        def wrap(view):
            return self.admin_site.admin_view(lambda request, *args, **kwargs: view(self, request, *args, **kwargs))

        return [
            path("import/", wrap(import_view), name="articles_article_import"),
            path("terminology/", wrap(terminology_view), name="articles_article_terminology"),
            path("desk/", wrap(desk_view), name="articles_article_desk"),
            path("desk/machine-drafts/", wrap(desk_machine_drafts_view), name="articles_article_desk_machine_drafts"),
            path("publish/", wrap(publish_view), name="articles_article_publish"),
            path("<int:object_id>/upstream/", wrap(upstream_view), name="articles_article_upstream"),
            path("<int:object_id>/translate/<str:language>/", wrap(editor_view), name="articles_article_translate"),
            path("<int:object_id>/preview/<str:language>/", wrap(staff_preview_view), name="articles_article_preview"),
            path("<int:object_id>/transition/<str:action>/", wrap(transition_view), name="articles_article_transition"),
            path("<int:object_id>/revisions/compare/", wrap(compare_view), name="articles_article_compare"),
            path("<int:object_id>/revisions/<str:kind>/<int:history_id>/revert/", wrap(revert_view),
                 name="articles_article_revert"),
            *super().get_urls(),
        ]

    def history_view(self, request, object_id, extra_context=None):
        return history_view(self, request, object_id, extra_context)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context["subtitle"] = obj.titled()  # the heading, the tab and the breadcrumbs name it by its title
            context["workflow_actions"] = workflow.allowed_actions(request.user, obj)
            context["can_translate"] = access.can_edit_versions(request.user, obj)
            context["publications"] = obj.publications.select_related("user")[:20]
            if obj.status in workflow.LIVE_STATES and access.can_transition(request.user, "publish", obj):
                context["pending_changes"] = publishing.pending_changes(obj)
                context["publish_changes_url"] = publish_url([obj], "update")
        return super().render_change_form(request, context, add, change, form_url, obj)


from django import forms
from django.contrib import admin
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportModelAdmin
from import_export.formats.base_formats import CSV, JSON, XLSX
from import_export.forms import ConfirmImportForm, ExportForm, ImportForm

from .admin_desk import desk_view, editor_view
from .admin_terms import TermAdmin, terminology_view  # noqa: F401 - registers the glossary admin
from .desk import repair_texts
from .importers import DumpFormat
from .models import Agency, Article, ArticleTranslation, Region
from .resources import ArticleResource

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


class ArticleConfirmImportForm(ConfirmImportForm):
    publish = forms.BooleanField(required=False, widget=forms.HiddenInput)
    all_or_nothing = forms.BooleanField(required=False, widget=forms.HiddenInput)


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name_en", "name_ru", "name_kk", "slug", "kind"]
    list_filter = ["kind"]
    search_fields = ["name_en", "name_ru", "name_kk", "slug"]


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name_en", "slug", "kind", "region", "needs_review"]
    list_filter = ["needs_review", "kind", "region"]
    list_select_related = ["region"]
    search_fields = ["name_en", "name_ru", "name_kk", "slug"]


class TranslationInline(admin.StackedInline):
    model = ArticleTranslation
    extra = 0
    max_num = 3
    fields = [("language", "status", "is_original"), "title", "slug", "lead", "body"]


@admin.register(Article)
class ArticleAdmin(ImportExportModelAdmin):
    resource_classes = [ArticleResource]
    import_formats = [DumpFormat, CSV, XLSX, JSON]
    export_formats = [CSV, XLSX, JSON]
    import_form_class = ArticleImportForm
    confirm_form_class = ArticleConfirmImportForm
    import_template_name = "admin/articles/article/import.html"
    export_form_class = ExportForm
    list_display = ["__str__", "title", "agency", "region", "published_at", "status", "original_language", "flag_list"]
    list_filter = [
        "status", "needs_translation", "upstream_changed", "title_in_capitals", "original_language", "agency",
    ]
    list_select_related = ["agency", "region"]
    search_fields = ["source_url", "news_id", "translations__title"]
    date_hierarchy = "published_at"
    autocomplete_fields = ["agency", "region"]
    readonly_fields = ["created_at", "updated_at"]
    inlines = [TranslationInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("translations")

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

    def get_confirm_form_initial(self, request, import_form):
        initial = super().get_confirm_form_initial(request, import_form)
        if import_form is not None:
            initial.update({name: import_form.cleaned_data.get(name) for name in IMPORT_OPTIONS})
        return initial

    def get_import_data_kwargs(self, **kwargs):
        form = kwargs.get("form")
        options = {name: form.cleaned_data.get(name) for name in IMPORT_OPTIONS} if form else {}
        return {**super().get_import_data_kwargs(**kwargs), **options}

    actions = ["check_terminology", "repair_texts"]

    def get_urls(self):
        def wrap(view):
            return self.admin_site.admin_view(lambda request, *args, **kwargs: view(self, request, *args, **kwargs))

        return [
            path("terminology/", wrap(terminology_view), name="articles_article_terminology"),
            path("desk/", wrap(desk_view), name="articles_article_desk"),
            path("<int:object_id>/translate/<str:language>/", wrap(editor_view), name="articles_article_translate"),
            *super().get_urls(),
        ]

    @admin.action(description=_("Check terminology against the glossary"))
    def check_terminology(self, request, queryset):
        ids = ",".join(str(pk) for pk in queryset.values_list("pk", flat=True))
        return HttpResponseRedirect(f"{reverse('admin:articles_article_terminology')}?ids={ids}")

    @admin.action(description=_("Repair glued paragraphs and spaces"))
    def repair_texts(self, request, queryset):
        count = repair_texts(queryset, request.user)
        self.message_user(request, _("%(count)d language version(s) repaired.") % {"count": count})

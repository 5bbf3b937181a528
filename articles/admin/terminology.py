"""Admin screens for the glossary: terms, the consistency check with its replace action, suggestions."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from import_export import resources
from import_export.admin import ImportExportModelAdmin

from ..editorial import access
from ..editorial.terms import apply_replacements, find_occurrences, suggest_variants
from ..models import Article, Term


class TermResource(resources.ModelResource):
    class Meta:
        model = Term
        fields = ["id", "kind", "canonical_en", "canonical_ru", "canonical_kk", "variants_en", "variants_ru",
                  "variants_kk", "note"]
        skip_unchanged = True


@admin.register(Term)
class TermAdmin(ImportExportModelAdmin):
    resource_classes = [TermResource]
    list_display = ["canonical_en", "canonical_ru", "canonical_kk", "kind", "variant_list"]
    list_filter = ["kind"]
    search_fields = ["canonical_en", "canonical_ru", "canonical_kk", "variants_en", "variants_ru", "variants_kk"]
    fieldsets = [
        (None, {"fields": ["kind", "note"]}),
        (_("English"), {"fields": ["canonical_en", "variants_en"]}),
        (_("Russian"), {"fields": ["canonical_ru", "variants_ru"]}),
        (_("Kazakh"), {"fields": ["canonical_kk", "variants_kk"]}),
    ]

    @admin.display(description=_("variants"))
    def variant_list(self, obj):
        return ", ".join(v for lang in ("en", "ru", "kk") for v in obj.variants(lang)) or "—"


def terminology_view(model_admin, request):
    """The consistency check over the chosen articles: occurrences to replace, and suggested variants.

    Only variants the glossary names are offered for replacement, each in its context and none ticked:
    the editor ticks what to replace. Names that merely look close to a term are listed apart, as
    suggestions to add to the glossary, never replaced from here.
    """
    if not access.can_edit_versions(request.user):
        raise PermissionDenied
    ids = [int(i) for i in request.GET.get("ids", "").split(",") if i.isdigit()]
    articles = model_admin.get_queryset(request)
    if ids:
        articles = articles.filter(pk__in=ids)
    if request.method == "POST":
        if "add_variant" in request.POST:
            if not request.user.has_perm("articles.change_term"):
                raise PermissionDenied
            term = get_object_or_404(Term, pk=request.POST.get("term"))
            language, word = request.POST.get("language"), request.POST.get("word", "").strip()
            if language in ("en", "ru", "kk") and word:
                setattr(term, f"variants_{language}", "\n".join([*term.variants(language), word]))
                term.save()
                messages.success(request, _("“%(word)s” added to the variants of %(term)s.") % {"word": word,
                                                                                               "term": term})
        else:
            allowed = set(articles.values_list("translations__pk", flat=True))
            keys = [k for k in request.POST.getlist("key") if k.split(":", 1)[0].isdigit()
                    and int(k.split(":", 1)[0]) in allowed]
            if not keys:
                messages.warning(request, _("Nothing was replaced: tick the occurrences to replace first."))
            else:
                count = apply_replacements(keys, request.user)
                messages.success(request, _("%(count)d replacement(s) made.") % {"count": count})
        return HttpResponseRedirect(request.get_full_path())
    labels = {a.pk: a for a in articles.select_related("agency")}
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": Article._meta,
        "title": _("Terminology check"),
        "occurrences": (occurrences := [(labels[o.article_id], o) for o in find_occurrences(articles)]),
        "found_in": len({article.pk for article, _ in occurrences}),
        "suggestions": suggest_variants(articles),
        "article_count": len(labels),
        "may_add_variants": request.user.has_perm("articles.change_term"),
    }
    return TemplateResponse(request, "admin/articles/article/terminology.html", context)

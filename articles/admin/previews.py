"""Previews in the admin: the staff preview of a working copy, the "Share a preview link…" action on releases, and
the list of preview links with their views and a "Revoke" action. The operations are in
``articles.editorial.previews``; the page itself is rendered by ``articles.editorial.preview_pages``."""

from datetime import timedelta

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Exists, OuterRef
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ..editorial import access, previews
from ..editorial.preview_pages import preview_page
from ..models import Article, ArticleTranslation, Language, PreviewLink, PreviewView
from .scope import ReadOnly


def staff_preview_url(article, language=None):
    """The admin preview of ``article`` in ``language``, else in the active language, else in its original."""
    languages = [version.language for version in article.translations.all()]
    for choice in (language, translation.get_language(), article.original_language, *languages):
        if choice in languages:
            return reverse("admin:articles_article_preview", args=[article.pk, choice])
    return None


def staff_preview_view(model_admin, request, object_id, language):
    """The working copy of one version in the public template; 404 outside the user's agencies."""
    if not request.user.has_perm("articles.view_article"):
        raise PermissionDenied
    version = previews.previewable(article__in=access.articles_for(request.user), article_id=object_id,
                                   language=language).first()
    if version is None:
        raise Http404(_("No such object among yours."))
    others = (ArticleTranslation.objects.filter(article_id=object_id).exclude(language=language).order_by()
              .values_list("language", flat=True))
    return preview_page(request, version, [
        (code, reverse("admin:articles_article_preview", args=[object_id, code])) for code in sorted(others)])


def default_expiry():
    return timezone.localtime() + timedelta(days=previews.DEFAULT_DAYS)


class ShareForm(forms.Form):
    recipient = forms.CharField(label=pgettext_lazy("preview link", "Recipient"), max_length=200,
                                help_text=_("Who the link is for: a person and their newsroom."))
    email = forms.EmailField(label=pgettext_lazy("preview link", "Recipient's email"), required=False)
    expires_at = forms.DateTimeField(
        label=pgettext_lazy("preview link", "Expires at"), initial=default_expiry,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("Local time of the site; at most 30 days from now."))
    languages = forms.MultipleChoiceField(label=pgettext_lazy("preview link", "Languages"), choices=Language.choices,
                                          initial=Language.values, widget=forms.CheckboxSelectMultiple)


@admin.action(description=_("Share a preview link…"), permissions=["publish"])
def share_preview(model_admin, request, queryset):
    """One link for the selected releases in the chosen languages; then the URL to copy."""
    form = ShareForm(request.POST if "apply" in request.POST else None)
    if "apply" in request.POST and form.is_valid():
        data = form.cleaned_data
        versions = ArticleTranslation.objects.filter(article__in=queryset, language__in=data["languages"])
        try:
            link = previews.create_link(request.user, versions, data["recipient"], data["expires_at"], data["email"])
        except ValidationError as error:
            form.add_error(None, error)
        except PermissionDenied:
            form.add_error(None, _("Only publishers of these releases' agencies may share previews of them."))
        else:
            return TemplateResponse(request, "admin/articles/previewlink/created.html", {
                **model_admin.admin_site.each_context(request), "opts": PreviewLink._meta,
                "title": _("Preview link for %(recipient)s") % {"recipient": link.recipient}, "link": link,
                "url": request.build_absolute_uri(link.get_absolute_url()), "versions": link.versions.all(),
            })
    return TemplateResponse(request, "admin/articles/article/action_form.html", {
        **model_admin.admin_site.each_context(request), "opts": Article._meta, "title": _("Share a preview link"),
        "form": form, "queryset": queryset, "action": request.POST.get("action"),
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
    })


@admin.register(PreviewLink)
class PreviewLinkAdmin(ReadOnly, admin.ModelAdmin):
    """Read-only: links are made by the action on releases and closed by "Revoke"; none is ever deleted, so the
    log of who read what stays."""

    list_display = ["recipient", "email", "created_by", "created_at", "expires_at", "state", "view_count"]
    list_select_related = ["created_by"]
    search_fields = ["recipient", "email"]
    fields = ["recipient", "email", "link_url", "state", "created_by", "created_at", "expires_at", "revoked_at",
              "revoked_by", "covered_versions", "view_log"]
    readonly_fields = fields
    actions = ["revoke"]

    def get_queryset(self, request):
        queryset = super().get_queryset(request).annotate(views_count=Count("views"))
        if access.sees_all_agencies(request.user):
            return queryset
        covered = PreviewLink.versions.through.objects.filter(
            previewlink_id=OuterRef("pk"), articletranslation__article__in=access.articles_for(request.user))
        return queryset.filter(Exists(covered))

    def has_module_permission(self, request):
        return request.user.has_perm("articles.publish_article")

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("articles.publish_article")

    has_revoke_permission = has_module_permission

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404(_("No such object among yours."))
        return obj

    @admin.display(description=pgettext_lazy("preview link", "state"))
    def state(self, obj):
        return obj.state().label

    @admin.display(description=pgettext_lazy("preview link", "views"), ordering="views_count")
    def view_count(self, obj):
        return obj.views_count

    @admin.display(description=pgettext_lazy("preview link", "link"))
    def link_url(self, obj):
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), obj.get_absolute_url())

    @admin.display(description=pgettext_lazy("preview link", "versions"))
    def covered_versions(self, obj):
        versions = obj.versions.select_related("article__agency").order_by("article_id", "language")
        return format_html("<ul>{}</ul>", format_html_join("", '<li><a href="{}">{}</a> [{}]</li>', (
            (reverse("admin:articles_article_preview", args=[v.article_id, v.language]), v.title or v.article,
             v.language) for v in versions))) if versions else "—"

    @admin.display(description=pgettext_lazy("preview link", "views"))
    def view_log(self, obj):
        index = pgettext_lazy("preview link", "list of releases")
        rows = PreviewView.objects.filter(link=obj).select_related("version")[:200]
        return format_html("<ul>{}</ul>", format_html_join("", "<li>{} · {} · {} · {}</li>", (
            (timezone.localtime(row.at).strftime("%Y-%m-%d %H:%M"),
             f"{row.version.article_id} [{row.version.language}]" if row.version else index,
             row.ip_hash[:12] or "—", row.user_agent or "—") for row in rows))) if rows else "—"

    @admin.action(description=pgettext_lazy("preview link", "Revoke"), permissions=["revoke"])
    def revoke(self, request, queryset):
        done = 0
        for link in queryset:
            try:
                previews.revoke(link, request.user)
            except PermissionDenied:
                self.message_user(request, _("%(link)s: not yours to revoke.") % {"link": link}, messages.WARNING)
            else:
                done += 1
        self.message_user(request, _("%(count)d preview link(s) revoked.") % {"count": done}, messages.SUCCESS)

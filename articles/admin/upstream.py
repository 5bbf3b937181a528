"""Admin screen of the source changes held for an article: the editor's text beside the source's, accept or reject."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ..editorial import access
from ..editorial.upstream import accept, held, parse_key, reject
from ..models import Article, Language
from ..text import inline_diff

FIELD_NAMES = {
    "title": pgettext_lazy("held field", "title"),
    "lead": pgettext_lazy("held field", "lead"),
    "body": pgettext_lazy("held field", "body"),
    "signature": pgettext_lazy("held field", "signature"),
    "section": pgettext_lazy("held field", "section"),
    "published_at": pgettext_lazy("held field", "publication date"),
    "original_language": pgettext_lazy("held field", "original language"),
}
OPERATIONS = {"accept": accept, "reject": reject}


def upstream_view(model_admin, request, object_id):
    article = get_object_or_404(access.articles_for(request.user).select_related("agency"), pk=object_id)
    if not access.can_edit_versions(request.user, article):
        raise PermissionDenied
    if request.method == "POST":
        operation = OPERATIONS.get(request.POST.get("action"))
        if operation is None:
            raise PermissionDenied
        fields = [parse_key(key) for key in request.POST.getlist("field")]
        settled = operation(article, request.user, fields) if fields else []
        if not settled:
            messages.warning(request, _("Nothing was changed: choose at least one held change."))
        elif operation is accept:
            messages.success(request, _("The source's text was taken for %(n)s field(s).") % {"n": len(settled)})
        else:
            messages.success(request, _("The editor's text was kept for %(n)s field(s).") % {"n": len(settled)})
        return HttpResponseRedirect(request.path)
    rows = [(item, _field_label(item), _shown(item.mine), _shown(item.theirs),
             inline_diff(_shown(item.mine), _shown(item.theirs))) for item in held(article)]
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": Article._meta,
        "title": _("Source changes held for review: %(article)s") % {"article": article.titled()},
        "object": article,
        "rows": rows,
    }
    return TemplateResponse(request, "admin/articles/upstream.html", context)


def _field_label(item):
    name = FIELD_NAMES.get(item.name, item.name)
    return f"{name} ({Language(item.language).label})" if item.language else name


def _shown(value):
    if hasattr(value, "tzinfo"):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    return value

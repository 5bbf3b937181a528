"""The history screens: an article's revisions, a word diff of any two, and a revert that asks first."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ..editorial import access, history, reverting
from ..models import Article
from ..text import inline_diff


def history_view(model_admin, request, object_id, extra_context=None):
    """The article's revisions: the article and each language version, with origin, diffs and revert."""
    article = model_admin.get_object(request, object_id)
    if not model_admin.has_view_permission(request, article):
        raise PermissionDenied
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": Article._meta,
        "title": _("History: %(article)s") % {"article": article.titled()},
        "object": article,
        "revisions": history.timeline(article),
        "can_revert_article": access.can_edit_article(request.user, article),
        "can_revert_versions": access.can_edit_versions(request.user, article),
        **(extra_context or {}),
    }
    return TemplateResponse(request, model_admin.object_history_template, context)

def compare_view(model_admin, request, object_id):
    article = model_admin.get_object(request, str(object_id))
    kind = request.GET.get("kind", "article")
    try:
        old_id, new_id = sorted(int(request.GET[name]) for name in ("a", "b"))
        rows = history.compare(article, kind, old_id, new_id)
    except (KeyError, ValueError, LookupError) as error:
        raise Http404(_("Choose two revisions of the same object.")) from error
    records = {r.history_id: r for r in history.records(article.pk, kind).filter(history_id__in=[old_id, new_id])}
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": Article._meta,
        "title": _("Compare revisions: %(article)s") % {"article": article.titled()},
        "object": article,
        "old": records[old_id],
        "new": records[new_id],
        "kind": kind,
        "rows": [(name, inline_diff(old, new)) for name, old, new in rows],
    }
    return TemplateResponse(request, "admin/articles/article/compare.html", context)

def revert_view(model_admin, request, object_id, kind, history_id):
    """GET: what the revert would change in the working copy, and a button; POST: revert."""
    article = model_admin.get_object(request, str(object_id))
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
        **model_admin.admin_site.each_context(request),
        "opts": Article._meta,
        "title": _("Revert: %(article)s") % {"article": article.titled()},
        "object": article,
        "record": rec,
        "kind": kind,
        "rows": [(name, inline_diff(now, restored)) for name, now, restored in rows],
    }
    return TemplateResponse(request, "admin/articles/article/revert_confirm.html", context)

"""Admin screens of the translation desk: the queue and the side-by-side editor."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from ..editorial import access, locking, machine_translation, publishing
from ..editorial.desk import (
    APPROVE,
    LIVE_STATES,
    REVIEW,
    SAVE,
    discard_draft,
    needs_work,
    normalise_body,
    original_changes,
    proper_names,
    queue_counts,
    save_version,
    sentence_case,
)
from ..editorial.terms import find_occurrences
from ..models import Article, Language, language_name
from ..text import inline_diff
from .conflicts import comparison
from .desk_filters import CELL_FILTERS, CELLS, STATES, DeskFilter, Status, cell_state, version_choices  # noqa: F401
from .machine_drafts import MachineDraftsForm
from .upstream import FIELD_NAMES

ACTIONS = {SAVE: _("Save draft"), REVIEW: _("Mark ready for review"), APPROVE: _("Approve")}
DISCARD = "discard"
TEXT_FIELDS = ("title", "lead", "body", "signature")


def desk_view(model_admin, request):
    if not access.can_edit_versions(request.user):
        raise PermissionDenied
    articles = model_admin.get_queryset(request)
    filterset = DeskFilter(request.GET or None, queryset=needs_work(articles).select_related("agency"))
    filterset.filters["agency"].queryset = access.agencies_for(request.user)
    queue = filterset.qs.order_by("-published_at", "-id").prefetch_related("translations")
    page = Paginator(queue, 50).get_page(request.GET.get("page"))
    reader = (request.LANGUAGE_CODE or "en")[:2]
    mine = access.languages_for(request.user)
    rows = []
    for article in page:
        versions = {t.language: t for t in article.translations.all()}
        title = next((versions[code].title for code in (reader, article.original_language, *Language.values)
                      if code in versions and versions[code].title), str(article))
        cells = [(code, versions.get(code), cell_state(versions.get(code)), code in mine) for code in Language.values]
        rows.append((article, title, cells, [(label, FLAG_ADVICE[name]) for name, label in
                                             zip(article.flags, article.flag_labels, strict=True)]))
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": Article._meta,
        "title": _("Translation desk"),
        "counts": (counts := queue_counts(articles,
                                          terminology=len({o.article_id for o in find_occurrences(articles)}))),
        "matrix": [(code, label, [(state, cell_label, counts["by_language"][code].get(state, 0))
                                  for state, cell_label in CELLS.items()])
                   for code, label in Language.choices],
        "filter": filterset,
        "page": page,
        "rows": rows,
        "machine_drafts_form": MachineDraftsForm(user=request.user) if machine_translation.enabled() else None,
        "filters_query": filters_query(request.GET),
    }
    return TemplateResponse(request, "admin/articles/article/desk.html", context)


# What each flag asks of the editor, in plain words.
FLAG_ADVICE = {
    "needs_translation": _("A version is missing or incomplete: translate it."),
    "upstream_changed": _("gov.kz changed the text after a correction: accept or reject the changes."),
    "title_in_capitals": _("The title came in capitals: take the suggested sentence case in the original."),
    "no_source": _("No gov.kz link: check the release against the agency's site."),
}



def editor_view(model_admin, request, object_id, language):
    article = get_object_or_404(model_admin.get_queryset(request).select_related("agency"), pk=object_id)
    if language not in Language.values:
        raise Http404("No such language.")
    if not access.can_edit_versions(request.user, article, language):
        raise PermissionDenied
    versions = {t.language: t for t in article.translations.select_related("live", "updated_by")}
    refused_checks = []
    target = versions.get(language)
    values = {name: getattr(target, name) if target else "" for name in TEXT_FIELDS}
    conflict = None
    if request.method == "POST" and request.POST.get("action") == DISCARD:
        try:
            discard_draft(article, language, request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The draft was discarded: the working copy is the live text again."))
        return HttpResponseRedirect(request.path)
    if request.method == "POST" and request.POST.get("action") == "machine_draft" and machine_translation.enabled():
        try:
            machine_translation.request_machine_draft(article, language, request.user)
        except machine_translation.TranslationError as error:
            messages.error(request, _("No machine draft: %(reason)s. Nothing was changed.") % {"reason": error})
        else:
            messages.success(request, _("A machine draft was saved; review it before approving."))
        return HttpResponseRedirect(request.path)
    if request.method == "POST":
        action = request.POST.get("action")
        if action not in ACTIONS:
            raise PermissionDenied
        values = {name: request.POST.get(name, "") for name in TEXT_FIELDS}
        lock = request.POST.get("lock_version", "")
        publishing_options = {"major": bool(request.POST.get("major")),
                              "change_note": request.POST.get("change_note", ""),
                              "reason": request.POST.get("reason", ""),
                              "outdates_others": bool(request.POST.get("outdates_others"))}
        try:
            save_version(article, language, **values, action=action, user=request.user,
                         lock_version=int(lock) if lock.isdigit() else 0, **publishing_options)
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, " ".join(getattr(error, "messages", [])) or _("You may not do this."))
            refused_checks = getattr(error, "checks", [])
        except locking.EditConflict:
            article.refresh_from_db()
            target = article.translations.filter(language=language).first()
            conflict = comparison(article, _opened_at(request.POST.get("opened_at", "")), {language: values})
        else:
            messages.success(request, saved_message(article, action) % {"language": language_name(language)})
            return HttpResponseRedirect(request.path)
    live = getattr(target, "live", None) if target else None
    can_approve = access.can_approve_version(request.user, article, language)
    goes_live = article.status in LIVE_STATES and can_approve
    original = versions.get(article.original_language)
    sources = [v for code, v in versions.items() if code != language]
    title = (target.title if target else "") or ""
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": Article._meta,
        "title": (_("Original text: %(article)s") if language == article.original_language
                  else _("Translate: %(article)s")) % {"article": article.titled()},
        "article": article,
        "language": language,
        "languages": [(code, label) for code, label in Language.choices  # the tabs: the languages the user edits
                      if access.can_edit_versions(request.user, article, code)],
        "original": original,
        "sources": sources,
        "target": target,
        "actions": [(value, label) for value, label in ACTIONS.items()
                    if value != APPROVE or can_approve],
        "is_original": language == article.original_language,
        "original_changes": [(FIELD_NAMES[name], diff) for name, diff in original_changes(target)]
        if target and target.outdated else [],
        "values": values,
        "conflict": conflict,
        "live": live,
        "live_diff": [(FIELD_NAMES[name], inline_diff(getattr(live, name), getattr(target, name)))
                      for name in TEXT_FIELDS if getattr(live, name) != getattr(target, name)] if live else [],
        "goes_live": goes_live,
        "refused_checks": refused_checks,
        "open_checks": [] if refused_checks or not (goes_live and target) else [
            check for check in publishing.checks(article, [publishing.Change(target, live)])
            if check.level == publishing.WARNING],
        "posted": publishing_options if request.method == "POST" else {},
        "preview_url": reverse("admin:articles_article_preview", args=[article.pk, language]) if target else "",
        "opened_at": timezone.now().isoformat(),
        "title_suggestion": sentence_case(title, proper_names(language)) if article.title_in_capitals and title
        and title.isupper() else "",
        "body_suggestion": _repaired(target),
        "machine_translation": machine_translation.enabled() and not (target and target.status == "approved"),
        "from_memory": memory_note(target),
    }
    return TemplateResponse(request, "admin/articles/article/translate.html", context)


def filters_query(query):
    """The desk's filter as a query string, without the page number."""
    query = query.copy()
    query.pop("page", None)
    return query.urlencode()


def memory_note(version):
    """The parts of a machine draft that came from translation memory, as the editor reads them (empty if none)."""
    record = version.from_memory if version and version.status == Status.MACHINE_DRAFT else None
    if not record or not record.get("memory"):
        return []
    parts = [label for name, label in (("title", _("the title")), ("lead", _("the lead"))) if record.get(name)]
    if record.get("paragraphs"):
        parts.append(ngettext("paragraph %(numbers)s", "paragraphs %(numbers)s", len(record["paragraphs"]))
                     % {"numbers": ", ".join(map(str, record["paragraphs"]))})
    return parts


def _opened_at(value):
    """The moment the editor page was opened, from its hidden field (None if missing or garbled)."""
    try:
        moment = parse_datetime(value)
    except ValueError:
        return None
    return moment if moment is None or timezone.is_aware(moment) else timezone.make_aware(moment)


def _repaired(version):
    if not version or not version.body:
        return ""
    repaired = normalise_body(version.body)
    return repaired if repaired != version.body else ""


def saved_message(article, action):
    """What the desk's button did, said after it: saved, sent for review, approved, or approved and live."""
    if action == APPROVE:
        if Article.objects.filter(pk=article.pk, status__in=Article.LIVE_STATES).exists():
            return _("The %(language)s version was approved and is live: readers see it now.")
        return _("The %(language)s version was approved: readers see it once the release is published.")
    if action == REVIEW:
        return _("The %(language)s version was sent for review.")
    return _("The %(language)s version was saved.")

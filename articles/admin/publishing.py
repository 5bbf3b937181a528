"""The publish screen: what will go live, and every open flag, before it does.

One screen for one release or a selection, for publishing now, scheduling, and publishing the changes of a
release that is already public. Each release lists the versions that will appear (new, or changed with a word
diff of the live text against the working copy), its errors (always blocking) and its warnings (blocking
unless the publisher writes a reason, which is kept with the publication and shown on the release's page in
the admin). The work itself is ``workflow.transition`` / ``workflow.publish_changes``.
"""

import functools
from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ..editorial import access, publishing, workflow
from ..editorial.terms import Glossary
from ..models import Article
from ..text import inline_diff
from .upstream import FIELD_NAMES

ACTIONS = {
    "publish": _("Publish now"),
    "schedule": _("Schedule publication"),
    "update": _("Publish the changes"),
}


class PublishForm(forms.Form):
    publish_at = forms.DateTimeField(
        label=_("Publish at"), required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local", "step": "1"}),
        help_text=_("Almaty time."),
    )
    major = forms.BooleanField(
        label=_("Major change: tell readers and subscribers"), required=False,
        help_text=_("A major change shows its note on the page and moves the update time in feeds. A minor "
                    "correction (a typo, a name) changes nothing for subscribers."),
    )
    change_note = forms.CharField(
        label=_("Public note of the change"), required=False, max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Shown to readers as “Updated <date>: <note>”, e.g. “The date of the meeting was corrected.”"),
    )
    reason = forms.CharField(
        label=_("Reason to publish despite the warnings"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Answer each warning: your answer is kept with the publication and shown on the release's page in "
                    "the admin; readers do not see it."),
    )

    def __init__(self, *args, action, **kwargs):
        super().__init__(*args, **kwargs)
        self.action = action
        if action != "schedule":
            del self.fields["publish_at"]
        else:
            self.fields["publish_at"].required = True

    def clean(self):
        data = super().clean()
        if data.get("major") and not (data.get("change_note") or "").strip():
            self.add_error("change_note", _("A major change needs a public note saying what changed."))
        return data


@dataclass
class Row:
    """One release on the publish screen."""

    article: Article
    changes: list
    checks: list
    outcome: str = ""

    @functools.cached_property
    def titled(self):
        """The release by its title and number, as every screen names it."""
        return self.article.titled()

    @property
    def errors(self):
        return [c for c in self.checks if c.level == publishing.ERROR]

    @property
    def warnings(self):
        return [c for c in self.checks if c.level == publishing.WARNING]

    @property
    def diffs(self):
        """(language, is new, [(field, diff html)]) for each version that will change for readers."""
        return [(c.version.get_language_display(), c.is_new,
                 [(FIELD_NAMES.get(name, name),
                   inline_diff(getattr(c.live, name) if c.live else "", getattr(c.version, name)))
                  for name in c.changed_fields
                  if name != "slug" and (getattr(c.version, name) or getattr(c.live, name, ""))])
                for c in self.changes]


def rows_for(articles, user):
    rows = []
    glossary = Glossary.load()  # once for the whole selection
    for article in articles:
        changes = publishing.pending_changes(article)
        found = publishing.checks(article, changes, glossary) + publishing.four_eyes_problems(changes, user)
        rows.append(Row(article, changes, found))
    return rows


def publish_view(model_admin, request):
    """``?ids=1,2&action=publish|schedule|update``: the consequences first, then publishing on confirm."""
    posted = request.method == "POST"
    action = request.POST.get("publish_action") if posted else request.GET.get("action", "publish")
    if action not in ACTIONS:
        raise Http404
    ids = [int(pk) for pk in (request.POST if posted else request.GET).get("ids", "").split(",") if pk.isdigit()]
    articles = list(access.articles_for(request.user).filter(pk__in=ids).select_related("agency")
                    .order_by("-published_at", "-id"))
    if not articles:
        raise Http404
    if not request.user.has_perm("articles.publish_article"):
        raise PermissionDenied
    form = PublishForm(request.POST or None, action=action)
    done, refused = [], {}
    if request.method == "POST" and form.is_valid():
        for article in articles:
            try:
                run(article, action, request.user, form.cleaned_data)
            except (ValidationError, PermissionDenied) as error:
                refused[article.pk] = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
            else:
                done.append(article)
        if done:
            messages.success(request, _("%(action)s: %(count)d release(s).") % {
                "action": ACTIONS[action], "count": len(done)})
        if not refused:
            if len(articles) == 1:
                return HttpResponseRedirect(reverse("admin:articles_article_change", args=[articles[0].pk]))
            return HttpResponseRedirect(reverse("admin:articles_article_changelist"))
        articles = [a for a in articles if a.pk in refused]
    rows = rows_for(articles, request.user)
    if request.method == "POST":
        for row in rows:
            row.outcome = refused.get(row.article.pk, "")
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": Article._meta,
        "title": ACTIONS[action],
        "action": action,
        "rows": rows,
        "ids": ",".join(str(a.pk) for a in articles),
        "form": form,
        "has_warnings": any(row.warnings for row in rows),
        "has_errors": any(row.errors for row in rows),
        "is_update": action == "update" or any(a.live_versions.exists() for a in articles),
        "done": done,
    }
    return TemplateResponse(request, "admin/articles/article/publish.html", context)


def run(article, action, user, data):
    options = {"reason": data.get("reason") or "", "major": bool(data.get("major")),
               "change_note": data.get("change_note") or ""}
    if action == "update":
        return workflow.publish_changes(article, user, **options)
    return workflow.transition(article, action, user, publish_at=data.get("publish_at"), **options)


def publish_url(articles, action):
    ids = ",".join(str(getattr(a, "pk", a)) for a in articles)
    return f"{reverse('admin:articles_article_publish')}?action={action}&ids={ids}"

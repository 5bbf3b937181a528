"""Workflow steps from the admin: one article's step (withdraw asks its reason; publish and schedule go to the
publish screen) and the change list's bulk actions, each calling ``articles.editorial.workflow``."""

import functools

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ..editorial import access, workflow
from ..editorial.desk import repair_texts
from ..models import Article, ArticleTranslation, LiveVersion, Region, language_name
from .publishing import publish_url

REASON_LABELS = {  # the public reason of a withdrawal, one per language, each shown on the page in its language
    "kk": _("Public reason in Kazakh"),
    "ru": _("Public reason in Russian"),
    "en": _("Public reason in English"),
}


class WithdrawForm(forms.Form):
    """The public reason of a withdrawal in each language its readers read the release in (required there)."""

    def __init__(self, *args, articles=(), **kwargs):
        super().__init__(*args, **kwargs)
        live = set(LiveVersion.objects.filter(article__in=[a.pk for a in articles]).values_list("language", flat=True))
        for code, label in REASON_LABELS.items():
            self.fields[f"reason_{code}"] = forms.CharField(
                label=label, required=code in live, widget=forms.Textarea(attrs={"rows": 2, "lang": code}),
                help_text=_("Shown on the withdrawn release's page in this language.") if code in live else
                _("The release has no version in this language for readers; a reason given here is kept for one."))

    def clean(self):
        data = super().clean()
        if not any(data.get(f"reason_{code}", "").strip() for code in REASON_LABELS):
            raise ValidationError(_("Give the public reason for the withdrawal."))
        return data

    @property
    def reasons(self):
        return {code: self.cleaned_data.get(f"reason_{code}", "") for code in REASON_LABELS}


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

# What a step does to readers, said before it is confirmed (the others change nothing they see).
CONSEQUENCES = {
    "withdraw": _("Its pages stay, each with the reason at the top, in the languages above; it leaves the lists, "
                  "search, feeds and the sitemap at once."),
    "unpublish": _("Its pages answer that the release is gone, in the languages above; it leaves the lists, search, "
                   "feeds and the sitemap at once."),
}
SCHEDULE_CANCELLED = _("The scheduled publication is cancelled: the release does not go public at its time.")
CONSEQUENCES_OF_SEVERAL = {
    "withdraw": _("Their pages stay, each with the reason at the top, in the languages above; they leave the lists, "
                  "search, feeds and the sitemap at once."),
    "unpublish": _("Their pages answer that the release is gone, in the languages above; they leave the lists, "
                   "search, feeds and the sitemap at once."),
}


def releases_affected(articles):
    """(article, its title, [(language name, live title, page URL)]) of each article: what readers see of it now."""
    articles = list(articles)
    live = {}  # a page that opens: of a public release, or of a withdrawn one (with its notice); not a scheduled one's
    for version in LiveVersion.objects.reachable().filter(article__in=[a.pk for a in articles]).order_by("language"):
        live.setdefault(version.article_id, []).append((language_name(version.language), version.title,
                                                        version.get_absolute_url()))
    titles = dict(ArticleTranslation.objects.filter(article__in=[a.pk for a in articles], is_original=True)
                  .values_list("article_id", "title"))
    return [(article, titles.get(article.pk) or str(article), live.get(article.pk, [])) for article in articles]


# Each workflow step as the editor reads it in titles and messages.
TRANSITION_LABELS = {
    "submit": _("Submit for review"),
    "publish": _("Publish now"),
    "schedule": _("Schedule publication"),
    "withdraw": _("Withdraw"),
    "unpublish": _("Unpublish"),
    "return_to_draft": _("Return to draft"),
}


def transition_view(model_admin, request, object_id, action):
    """One workflow step for one article; schedule and withdraw ask for their time or reason first."""
    article = model_admin.get_object(request, str(object_id))
    if action not in workflow.TRANSITIONS:
        raise Http404
    if not access.can_transition(request.user, action, article):
        raise PermissionDenied
    if action in ("publish", "schedule"):  # what will go live is shown first
        return HttpResponseRedirect(publish_url([article], action))
    form_class = TRANSITION_FORMS.get(action, NoteForm)
    form = form_class(request.POST or None, **({"articles": [article]} if form_class is WithdrawForm else {}))
    if request.method == "POST" and form.is_valid():
        try:
            workflow.transition(article, action, request.user, note=form.cleaned_data.get("note", ""),
                                publish_at=form.cleaned_data.get("publish_at"),
                                reasons=form.reasons if form_class is WithdrawForm else None)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("%(article)s: %(action)s done.") % {
                "article": article.titled(), "action": TRANSITION_LABELS[action]})
            return HttpResponseRedirect(reverse("admin:articles_article_change", args=[article.pk]))
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": Article._meta,
        "title": _("%(action)s: %(article)s") % {"action": TRANSITION_LABELS[action], "article": article.titled()},
        "object": article,
        "form": form,
        "releases": releases_affected([article]),
        "consequence": SCHEDULE_CANCELLED if action == "return_to_draft" and article.status == Article.Status.SCHEDULED
        else CONSEQUENCES.get(action),
        "cancel_url": reverse("admin:articles_article_change", args=[article.pk]),
    }
    return TemplateResponse(request, "admin/articles/article/action_form.html", context)


class WorkflowActions:
    """The change list's bulk actions."""

    def _run_transition(self, request, queryset, action, **params):
        done, refused = workflow.transition_many(queryset, action, request.user, **params)
        if done:
            self.message_user(request, _("%(action)s: %(count)d article(s).") % {
                "action": TRANSITION_LABELS[action], "count": len(done)}, messages.SUCCESS)
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
            "releases": releases_affected(queryset),
            "consequence": (CONSEQUENCES_OF_SEVERAL if len(queryset) > 1 else CONSEQUENCES).get(
                request.POST.get("action")),
            "cancel_url": reverse("admin:articles_article_changelist"),
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
        return self._with_form(request, queryset, functools.partial(WithdrawForm, articles=list(queryset)),
                               _("Withdraw"), lambda data: self._run_transition(
                                   request, queryset, "withdraw",
                                   reasons={code: data[f"reason_{code}"] for code in REASON_LABELS}))

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

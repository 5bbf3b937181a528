"""
The article's history: revisions of the article and its language versions, with their origin.

Every save of an ``Article`` or ``ArticleTranslation`` is kept as a revision by
django-simple-history. Each editorial operation runs inside ``origin(user, reason)`` so that
its revisions say who did it and why ("Import: file.txt", "Workflow: publish",
"Glossary replacement: …", "Reverted to …"); bulk writes (imports) pass the same origin
explicitly. ``record()`` adds the operation to Django's admin log too (the admin's
"recent actions").

``timeline()`` lists an article's revisions, newest first, each with the fields it changed;
``compare()`` diffs any two revisions of the same object; ``revert()`` restores the content
of an old revision as a new revision.
"""

import contextlib
import contextvars
from dataclasses import dataclass

from django.contrib.admin.models import CHANGE, LogEntry
from django.dispatch import receiver
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy
from simple_history.signals import pre_create_historical_record

from ..models import Article, ArticleTranslation, language_name

_origin = contextvars.ContextVar("kzpress_history_origin", default=None)

# What a revert restores: content, never the editorial state (that moves only through the workflow).
REVERTIBLE = {
    "article": ["region", "section", "published_at", "original_language"],
    "version": ["title", "lead", "body", "signature", "slug"],
}
LABELS = {"+": pgettext_lazy("revision", "created"), "~": pgettext_lazy("revision", "changed"),
          "-": pgettext_lazy("revision", "deleted")}


@contextlib.contextmanager
def origin(user, reason):
    """Revisions saved inside this block are attributed to ``user`` with ``reason``."""
    token = _origin.set((user, reason[:100]))
    try:
        yield
    finally:
        _origin.reset(token)


def current_origin():
    return _origin.get() or (None, "")


@receiver(pre_create_historical_record)
def _apply_origin(sender, history_instance, **kwargs):
    user, reason = current_origin()
    if reason and not history_instance.history_change_reason:
        history_instance.history_change_reason = reason
    if user is not None and user.pk and history_instance.history_user_id is None:
        history_instance.history_user_id = user.pk


def record(article_id, user, message):
    """Add ``message`` to the admin log of article ``article_id``, as done by ``user`` (nothing without a user)."""
    if user is None:
        return
    LogEntry.objects.log_actions(
        user.pk, Article.objects.filter(pk=article_id), CHANGE, change_message=message, single_object=True
    )


@dataclass
class Revision:
    kind: str  # "article" or "version"
    record: object  # the historical record
    changes: list  # names of the fields changed from the previous revision of the same object

    @property
    def label(self):
        if self.kind == "article":
            return _("article")
        return _("%(language)s version") % {"language": language_name(self.record.language)}

    @property
    def action(self):
        return LABELS.get(self.record.history_type, self.record.history_type)


def records(article_id, kind):
    if kind == "article":
        return Article.history.filter(id=article_id)
    return ArticleTranslation.history.filter(article_id=article_id)


def timeline(article):
    """Every revision of ``article`` and its versions, newest first (two queries)."""
    revisions = []
    for kind in ("article", "version"):
        previous = {}
        for rec in records(article.pk, kind).select_related("history_user").order_by("history_date", "history_id"):
            before = previous.get(rec.id)
            changes = [c.field for c in rec.diff_against(before).changes] if before is not None else []
            revisions.append(Revision(kind, rec, changes))
            previous[rec.id] = rec
    return sorted(revisions, key=lambda r: (r.record.history_date, r.record.history_id), reverse=True)


def fields_of(kind):
    model = Article if kind == "article" else ArticleTranslation
    excluded = {"id", "article", "lock_version", "updated_by", "upstream_pending", "upstream_base"}
    return [f.name for f in model.history.model._meta.fields
            if f.name in {g.name for g in model._meta.fields} and f.name not in excluded]


def compare(article, kind, old_id, new_id):
    """(field, old value, new value) for every field that differs between two revisions of one object.

    LookupError when either revision is not one of ``article``'s or the two are of different objects.
    """
    rows = records(article.pk, kind).filter(history_id__in=[old_id, new_id])
    found = {rec.history_id: rec for rec in rows}
    if old_id not in found or new_id not in found:
        raise LookupError("no such revision of this article")
    old, new = found[old_id], found[new_id]
    if old.id != new.id:
        raise LookupError("the two revisions are of different objects")
    return [(name, getattr(old, name), getattr(new, name)) for name in fields_of(kind)
            if getattr(old, name) != getattr(new, name)]

"""
Editorial states and the operations that move an article between them.

    draft → in review → published, or → scheduled (published at its time) → published;
    published → withdrawn (page stays, with the reason) or unpublished (410 Gone).

Each operation checks the transition and who asks for it (``articles.editorial.access``: the role's
permission and membership of the article's agency), records it as a revision with the user
and note, invalidates open edit pages (lock version) and leaves cache invalidation to the
model signals. ``user=None`` is the system itself (the ``publish_scheduled`` command).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from ..models import Article
from . import access, history

Status = Article.Status
TRANSITIONS = {
    "submit": ({Status.DRAFT}, Status.IN_REVIEW),
    "publish": ({Status.DRAFT, Status.IN_REVIEW, Status.SCHEDULED, Status.UNPUBLISHED}, Status.PUBLISHED),
    "schedule": ({Status.DRAFT, Status.IN_REVIEW}, Status.SCHEDULED),
    "withdraw": ({Status.PUBLISHED}, Status.WITHDRAWN),
    "unpublish": ({Status.PUBLISHED, Status.WITHDRAWN}, Status.UNPUBLISHED),
    "return_to_draft": ({Status.IN_REVIEW, Status.SCHEDULED}, Status.DRAFT),
}


@transaction.atomic
def transition(article, action, user=None, note="", publish_at=None):
    """Move ``article`` by ``action``; ValidationError for a transition its state does not allow,
    PermissionDenied for a user whose role or agencies do not allow it."""
    sources, target = TRANSITIONS[action]
    article = Article.objects.select_for_update().get(pk=article.pk)
    access.check_transition(user, action, article)
    if article.status not in sources:
        raise ValidationError(f"cannot {action.replace('_', ' ')} an article that is {article.get_status_display()}")
    if action == "schedule":
        if publish_at is None or publish_at <= timezone.now():
            raise ValidationError("a scheduled release needs a publication time in the future")
        article.publish_at = publish_at
    if action == "withdraw":
        if not note.strip():
            raise ValidationError("a withdrawal needs a public reason")
        article.withdrawn_at, article.withdrawn_reason = timezone.now(), note.strip()
    article.status = target
    article.lock_version += 1
    message = f"Workflow: {action} → {target}" + (f" — {note.strip()}" if note.strip() else "")
    with history.origin(user, message):
        article.save(update_fields=["status", "publish_at", "withdrawn_at", "withdrawn_reason", "lock_version",
                                    "updated_at"])
    history.record(article.pk, user, message)
    return article


def publish_due(now=None):
    """Flip scheduled articles whose time has come to published; returns how many."""
    now = now or timezone.now()
    count = 0
    for article in Article.objects.filter(status=Status.SCHEDULED, publish_at__lte=now):
        transition(article, "publish", note="scheduled time reached")
        count += 1
    return count


def transition_many(articles, action, user, note="", publish_at=None):
    """Apply ``action`` to each article on its own; returns (done, refused) with refused as (article, reason)."""
    done, refused = [], []
    for article in articles:
        try:
            done.append(transition(article, action, user=user, note=note, publish_at=publish_at))
        except (ValidationError, PermissionDenied) as error:
            reason = " ".join(error.messages) if isinstance(error, ValidationError) else "not allowed for your role"
            refused.append((article, reason))
    return done, refused


@transaction.atomic
def assign(articles, user, **values):
    """Set ``region`` and/or ``section`` on articles ``user`` may edit; returns (done, refused)."""
    done, refused = [], []
    message = "Assigned " + ", ".join(f"{name} = {value or '—'}" for name, value in values.items())
    with history.origin(user, message):
        for article in Article.objects.filter(pk__in=articles.values("pk")).select_related("agency").select_for_update(
                of=("self",)):
            if not access.can_edit_article(user, article):
                refused.append((article, "not allowed for your role"))
                continue
            for name, value in values.items():
                setattr(article, name, value)
            article.lock_version += 1
            article.save(update_fields=[*values, "lock_version", "updated_at"])
            history.record(article.pk, user, message)
            done.append(article)
    return done, refused

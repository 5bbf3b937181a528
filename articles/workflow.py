"""
Editorial states and the operations that move an article between them.

    draft → in review → published, or → scheduled (published at its time) → published;
    published → withdrawn (page stays, with the reason) or unpublished (410 Gone).

Each operation checks the transition, records it in the article's history with the
user and note, and leaves cache invalidation to the model signals. Who may perform which
transition (per-agency roles) is layered on top of these functions.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from . import history
from .models import Article

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
    """Move ``article`` by ``action``; raises ValidationError for a transition its state does not allow."""
    sources, target = TRANSITIONS[action]
    article = Article.objects.select_for_update().get(pk=article.pk)
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
    article.save(update_fields=["status", "publish_at", "withdrawn_at", "withdrawn_reason", "updated_at"])
    history.record(article.pk, user, f"Workflow: {action} → {target}" + (f" — {note.strip()}" if note.strip() else ""))
    return article


def publish_due(now=None):
    """Flip scheduled articles whose time has come to published; returns how many."""
    now = now or timezone.now()
    count = 0
    for article in Article.objects.filter(status=Status.SCHEDULED, publish_at__lte=now):
        transition(article, "publish", note="scheduled time reached")
        count += 1
    return count

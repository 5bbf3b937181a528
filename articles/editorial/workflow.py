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
from django.utils import timezone

from .. import language
from ..models import Article, Language
from . import access, publishing
from .revisions import revision

Status = Article.Status
TRANSITIONS = {
    "submit": ({Status.DRAFT}, Status.IN_REVIEW),
    "publish": ({Status.DRAFT, Status.IN_REVIEW, Status.SCHEDULED, Status.UNPUBLISHED}, Status.PUBLISHED),
    "schedule": ({Status.DRAFT, Status.IN_REVIEW}, Status.SCHEDULED),
    "withdraw": ({Status.PUBLISHED}, Status.WITHDRAWN),
    "unpublish": ({Status.PUBLISHED, Status.WITHDRAWN}, Status.UNPUBLISHED),
    "return_to_draft": ({Status.IN_REVIEW, Status.SCHEDULED}, Status.DRAFT),
}


def transition(article, action, user=None, note="", publish_at=None, *, reason="", major=False, change_note="",
               reasons=None):
    """Move ``article`` by ``action``; ValidationError for a transition its state does not allow,
    PermissionDenied for a user whose role or agencies do not allow it.

    Publishing and scheduling make the approved working copies live through ``publishing.go_live`` (which
    refuses on errors, and on warnings without a ``reason``); the system publishing a scheduled release
    (``user=None``) only flips the state: what goes live was decided when it was scheduled.

    A withdrawal needs its public reason: ``reasons`` by language ({"kk": …, "ru": …}), each shown on the page in
    its language; a ``note`` alone is the reason in the language it is written in."""
    if action == "withdraw":
        reasons = withdrawal_reasons(article, note, reasons)
        note = " / ".join(reasons.values())
    sources, target = TRANSITIONS[action]
    message = f"Workflow: {action} → {target}" + (f" — {note.strip()}" if note.strip() else "")
    with revision(user, message) as rev:
        article = Article.objects.select_for_update().select_related("agency").get(pk=article.pk)
        rev.touch(article)
        access.check_transition(user, action, article)
        if article.status not in sources:
            raise ValidationError(f"cannot {action.replace('_', ' ')} an article that is "
                                  f"{article.get_status_display()}")
        if action == "schedule":
            if publish_at is None or publish_at <= timezone.now():
                raise ValidationError("a scheduled release needs a publication time in the future")
            article.publish_at = publish_at
        if action == "withdraw":
            article.withdrawn_at, article.withdrawn_reasons = timezone.now(), reasons
        if action in ("publish", "schedule") and not (user is None and article.status == Status.SCHEDULED):
            publishing.go_live(article, user, action=action, reason=reason, major=major, change_note=change_note)
            if not article.live_versions.exists():
                raise publishing.PublishRefused("no approved language version to publish")
        article.status = target
        article.save(update_fields=["status", "publish_at", "withdrawn_at", "withdrawn_reasons", "updated_at"])
    article.refresh_from_db(fields=["lock_version"])
    return article


LIVE_STATES = Article.LIVE_STATES


def withdrawal_reasons(article, note="", reasons=None):
    """The public reasons of a withdrawal by language, blank ones left out: ``reasons`` as given, or ``note`` under
    the language it is written in. ValidationError when there is none."""
    if reasons is None:
        reasons = {language.detect(note) or article.original_language: note} if note.strip() else {}
    reasons = {code: text.strip() for code, text in reasons.items() if code in Language.values and text.strip()}
    if not reasons:
        raise ValidationError("a withdrawal needs a public reason")
    return reasons


def publish_changes(article, user, *, reason="", major=False, change_note=""):
    """Make the approved working copies of a release that is already public live (a correction, a new
    language); returns the ``Publication``. Publishers of the release's agency only."""
    with revision(user, "Published changes" + (f" — {change_note.strip()}" if major else "")) as rev:
        article = Article.objects.select_for_update().select_related("agency").get(pk=article.pk)
        rev.touch(article)
        if not access.can_transition(user, "publish", article) or user is None:
            raise PermissionDenied(f"{user} may not publish {article}")
        if article.status not in LIVE_STATES:
            raise ValidationError(f"{article} is {article.get_status_display()}: publish it first")
        publication = publishing.go_live(article, user, action="update", reason=reason, major=major,
                                         change_note=change_note)
        if publication is None:
            raise ValidationError("nothing to publish: every approved version is live as it is")
    return publication


def allowed_actions(user, article):
    """The transitions ``user`` may make on ``article`` in its state."""
    return [action for action, (sources, _) in TRANSITIONS.items()
            if article.status in sources and access.can_transition(user, action, article)]


def publish_due(now=None):
    """Flip scheduled articles whose time has come to published; returns how many."""
    now = now or timezone.now()
    count = 0
    for article in Article.objects.filter(status=Status.SCHEDULED, publish_at__lte=now):
        transition(article, "publish", note="scheduled time reached")
        count += 1
    return count


def transition_many(articles, action, user, note="", publish_at=None, **publishing_options):
    """Apply ``action`` to each article on its own; returns (done, refused) with refused as (article, reason)."""
    done, refused = [], []
    for article in articles:
        try:
            done.append(transition(article, action, user=user, note=note, publish_at=publish_at,
                                   **publishing_options))
        except (ValidationError, PermissionDenied) as error:
            reason = " ".join(error.messages) if isinstance(error, ValidationError) else "not allowed for your role"
            refused.append((article, reason))
    return done, refused


def assign(articles, user, **values):
    """Set ``region`` and/or ``section`` on articles ``user`` may edit; returns (done, refused)."""
    done, refused = [], []
    message = "Assigned " + ", ".join(f"{name} = {value or '—'}" for name, value in values.items())
    with revision(user, message) as rev:
        for article in Article.objects.filter(pk__in=articles.values("pk")).select_related("agency").select_for_update(
                of=("self",)):
            if not access.can_edit_article(user, article):
                refused.append((article, "not allowed for your role"))
                continue
            for name, value in values.items():
                setattr(article, name, value)
            article.save(update_fields=[*values, "updated_at"])
            rev.touch(article)
            done.append(article)
    return done, refused

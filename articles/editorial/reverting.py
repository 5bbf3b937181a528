"""
Reverting: an old revision's content restored as a new revision of the working copy (never the editorial
state, which moves only through the workflow; never the live text, which moves only through publishing).
"""

from django.core.exceptions import PermissionDenied

from ..models import Article, ArticleTranslation
from . import access
from .history import REVERTIBLE, records
from .revisions import revision


def revision_of(article, kind, history_id):
    """The revision ``history_id`` of ``article`` (or of one of its versions); LookupError if it is another's."""
    if kind not in REVERTIBLE:
        raise LookupError(f"no revisions of kind {kind!r}")
    rec = records(article.pk, kind).filter(history_id=history_id).first()
    if rec is None:
        raise LookupError("no such revision of this article")
    return rec


def _working_copy(article, kind, rec):
    if kind == "article":
        return Article.objects.get(pk=article.pk)
    return ArticleTranslation.objects.filter(article=article, language=rec.language).first()


def revert_preview(article, kind, history_id):
    """What reverting to revision ``history_id`` would change: (field, working copy now, value restored)."""
    rec = revision_of(article, kind, history_id)
    current = _working_copy(article, kind, rec)
    rows = []
    for name in REVERTIBLE[kind]:
        now = getattr(current, name) if current is not None else ""
        restored = getattr(rec, name)
        if now != restored:
            rows.append((name, "" if now is None else now, "" if restored is None else restored))
    return rec, rows


def revert(article, kind, history_id, user):
    """Restore the content of revision ``history_id`` as a new revision of the working copy; returns the saved
    object. What readers see changes only when a publisher publishes it."""

    rec = revision_of(article, kind, history_id)
    allowed = (access.can_edit_article(user, article) if kind == "article"
               else access.can_edit_versions(user, article, rec.language))
    if not allowed:
        raise PermissionDenied("you may not change this article")
    reason = f"Reverted to the revision of {rec.history_date:%Y-%m-%d %H:%M:%S} (#{rec.history_id})"
    with revision(user, reason, [article]):
        if kind == "article":
            target = Article.objects.select_for_update().get(pk=article.pk)
        else:
            target = ArticleTranslation.objects.select_for_update().filter(article=article,
                                                                           language=rec.language).first()
            if target is None:
                target = ArticleTranslation(article=article, language=rec.language, is_original=False)
        for name in REVERTIBLE[kind]:
            attname = target._meta.get_field(name).attname  # region_id for the region
            setattr(target, attname, getattr(rec, attname))
        if kind == "version":
            target.updated_by = user
            approves = access.can_approve_version(user, article, rec.language)
            if target.status == ArticleTranslation.Status.APPROVED and not approves:
                target.status = ArticleTranslation.Status.NEEDS_REVIEW
            if not (target.title and target.body) and target.status == ArticleTranslation.Status.APPROVED:
                target.status = ArticleTranslation.Status.NEEDS_TRANSLATION
        target.save()
    return target

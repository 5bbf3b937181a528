"""Taking an import batch back.

``undo_batch(batch, user, confirm=())``: releases the batch created are removed, releases it updated return to
what they were before it (working copies, flags and source bases; live text is never touched by an import, so
there is nothing to restore there). A release someone edited after the batch is listed and kept, unless its id
is in ``confirm``. The undo is recorded on the batch and in each release's history, and cannot be done twice.
"""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from ..editorial import access
from ..editorial.revisions import revision
from ..models import Article, ArticleTranslation
from ..public.changes import one_bump
from .batches import ImportBatch, ImportRow
from .loading import ARTICLE_STATE, VERSION_STATE
from .merging import loaded


@dataclass
class UndoPlan:
    """What undoing a batch would do: releases to remove, to restore, and those edited since (kept)."""

    remove: list = field(default_factory=list)  # Article
    restore: list = field(default_factory=list)  # (Article, before)
    edited: list = field(default_factory=list)  # Article changed by someone after the batch


def plan(batch):
    """The consequences of undoing ``batch``, without doing anything."""
    if batch.status != ImportBatch.Status.DONE or batch.counts.get("rolled_back"):
        raise ValidationError(f"batch {batch.pk} is {batch.get_status_display()}: there is nothing to undo")
    rows = batch.rows.filter(outcome__in=[ImportRow.Outcome.NEW, ImportRow.Outcome.CHANGED,
                                          ImportRow.Outcome.CONFLICT], article__isnull=False)
    articles = Article.objects.in_bulk([row.article_id for row in rows])
    touched = edited_since(batch, articles)
    result = UndoPlan()
    for row in rows.order_by("line"):
        article = articles.get(row.article_id)
        if article is None:
            continue
        if article.pk in touched:
            result.edited.append(article)
        elif row.outcome == ImportRow.Outcome.NEW:
            result.remove.append(article)
        elif row.before:
            result.restore.append((article, row.before))
    return result


def edited_since(batch, articles):
    """Ids of ``articles`` with a revision after ``batch`` finished that is not the batch's own."""
    since = batch.finished_at
    ids = list(articles)
    later = set(Article.history.filter(id__in=ids, history_date__gt=since)
                .exclude(history_change_reason=batch.origin).values_list("id", flat=True))
    later |= set(ArticleTranslation.history.filter(article_id__in=ids, history_date__gt=since)
                 .exclude(history_change_reason=batch.origin).values_list("article_id", flat=True))
    return later


def undo_batch(batch, user, confirm=()):
    """Undo ``batch``; returns the ``UndoPlan`` that was carried out (``edited`` ones not confirmed were kept)."""
    if user is not None and not (user.has_perm("articles.change_article") and (
            batch.user_id == user.pk or access.sees_all_agencies(user))):
        raise PermissionDenied("only the importer or an administrator may undo a batch")
    with transaction.atomic():
        batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if batch.undone_at is not None:
            raise ValidationError(f"batch {batch.pk} was undone already on {batch.undone_at:%Y-%m-%d %H:%M}")
        todo = plan(batch)
        confirmed = {int(pk) for pk in confirm}
        created_ids = set(batch.rows.filter(outcome=ImportRow.Outcome.NEW).values_list("article_id", flat=True))
        befores = dict(batch.rows.exclude(before__isnull=True).values_list("article_id", "before"))
        for article in [a for a in todo.edited if a.pk in confirmed]:
            if article.pk in created_ids:
                todo.remove.append(article)
            elif article.pk in befores:
                todo.restore.append((article, befores[article.pk]))
        todo.edited = [a for a in todo.edited if a.pk not in confirmed]
        note = f"Undo of import batch {batch.pk}: {batch.file_name}"
        # One announcement to readers for the whole undo (as for the import), not a lookup per removed release.
        with one_bump(), revision(user, note, [a for a, _ in todo.restore]):
            for article, before in todo.restore:
                restore(article, before)
            Article.objects.filter(pk__in=[a.pk for a in todo.remove]).delete()
        batch.status, batch.undone_at, batch.undone_by = ImportBatch.Status.UNDONE, timezone.now(), user
        batch.save(update_fields=["status", "undone_at", "undone_by"])
    return todo


def restore(article, before):
    """Put ``article`` and its versions back as ``before`` (``loading.before_state``) describes them."""
    for name in ARTICLE_STATE:
        setattr(article, name, loaded(name, before["article"][name]))
    article.save()
    kept = before["versions"]
    # Versions that stop being the original first: the database allows one original at a time.
    for version in sorted(article.translations.all(), key=lambda v: kept.get(v.language, {}).get("is_original", 0)):
        if version.language not in kept:
            version.delete()  # added by the batch
            continue
        for name in VERSION_STATE:
            setattr(version, name, kept[version.language][name])
        version.save()

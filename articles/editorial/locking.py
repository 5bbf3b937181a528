"""
Optimistic locking: a page that edits an article carries the article's ``lock_version``;
saving it claims that number in one conditional UPDATE, so of two editors who opened the
same article, the second to save is refused and keeps their text to reapply.
"""

from django.db.models import F

from ..models import Article, ArticleTranslation


class EditConflict(Exception):
    """Someone saved the article after this page was opened."""

    def __init__(self, article_id, expected):
        super().__init__(f"article {article_id} was saved by someone else since version {expected} was opened")
        self.article_id, self.expected = article_id, expected


def claim(article, expected):
    """Raise the lock number from ``expected``, or raise EditConflict if it is no longer ``expected``.

    The check and the increment are one UPDATE … WHERE lock_version = expected: under any
    concurrency exactly one of two savers of the same number wins.
    """
    updated = Article.objects.filter(pk=article.pk, lock_version=expected).update(lock_version=F("lock_version") + 1)
    if not updated:
        raise EditConflict(article.pk, expected)
    article.lock_version = int(expected) + 1


def bump(article_ids):
    """Invalidate every open page of these articles (after a change made by an operation, not a page)."""
    Article.objects.filter(pk__in=list(article_ids)).update(lock_version=F("lock_version") + 1)


def changes_since(article, opened_at):
    """What was saved since ``opened_at``: (field, value then, value now) for the article and its versions."""
    from .history import fields_of

    then = (Article.history.filter(id=article.pk, history_date__lte=opened_at)
            .order_by("-history_date", "-history_id").first())
    if then is None:
        return []
    current = Article.objects.get(pk=article.pk)
    rows = [(name, getattr(then, name), getattr(current, name)) for name in fields_of("article")
            if getattr(then, name) != getattr(current, name)]
    versions_then = {v.language: v for v in ArticleTranslation.history.as_of(opened_at).filter(article_id=article.pk)}
    for version in ArticleTranslation.objects.filter(article=article):
        old = versions_then.get(version.language)
        for name in ("title", "lead", "body", "status"):
            before = getattr(old, name) if old else ""
            if before != getattr(version, name):
                rows.append((f"{name} [{version.language}]", before, getattr(version, name)))
    return rows

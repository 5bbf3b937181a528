"""
Optimistic locking: a page that edits an article carries the article's ``lock_version``;
saving it claims that number in one conditional UPDATE, so of two editors who opened the
same article, the second to save is refused and keeps their text to reapply.

``three_way()`` tells the refused editor what happened, field by field: the text as it was when
their page was opened, what the other person saved since, and what they submitted themselves.
"""


from django.db.models import F

from ..models import Article


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

"""The article's history: one function every editorial operation calls to record what it did."""

from django.contrib.admin.models import CHANGE, LogEntry

from .models import Article


def record(article_id, user, message):
    """Add ``message`` to the history of article ``article_id``, as done by ``user`` (nothing without a user)."""
    if user is None:
        return
    LogEntry.objects.log_actions(
        user.pk, Article.objects.filter(pk=article_id), CHANGE, change_message=message, single_object=True
    )

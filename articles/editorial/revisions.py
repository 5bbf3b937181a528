"""
The one way an editorial operation writes: ``revision(user, note, articles)``.

Inside the block every save is a revision attributed to ``user`` with ``note`` (django-simple-history's
origin); when the block ends without an error, the open edit pages of ``articles`` are invalidated (their
lock number is raised, unless the operation claimed it itself) and the operation goes into the admin log of
each article. The block is one transaction. Public caches follow from the model signals of what readers see
(``LiveVersion`` and the article's state), after commit.

    with revision(user, "Workflow: publish", [article]) as rev:
        article.save()
        rev.touch(other_article)   # another article changed by the same operation
"""

import contextlib

from django.db import transaction

from . import history, locking


class Revision:
    def __init__(self, user, note, articles):
        self.user, self.note = user, note
        self.article_ids = {getattr(a, "pk", a) for a in articles}
        self.claimed = set()

    def touch(self, article):
        """``article`` (or its id) is changed by this operation too."""
        self.article_ids.add(getattr(article, "pk", article))

    def claim(self, article, lock_version):
        """Save on behalf of a page opened at ``lock_version``: EditConflict if someone saved since."""
        locking.claim(article, lock_version)
        self.claimed.add(article.pk)
        self.article_ids.add(article.pk)


@contextlib.contextmanager
def revision(user, note, articles=()):
    """Run an operation as one revision of ``articles``; see the module's docstring."""
    rev = Revision(user, note[:100], articles)
    with transaction.atomic(), history.origin(user, note):
        yield rev
        locking.bump(rev.article_ids - rev.claimed)
        for article_id in sorted(rev.article_ids):
            history.record(article_id, user, note)

"""
Edit conflicts shown three ways: for each field of a refused save, the common base (as it was when the page
was opened, read from the history), theirs (saved since) and yours (submitted), with only the other person's
changes marked as theirs.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Model
from django.utils import timezone

from ..models import Article, ArticleTranslation
from .history import fields_of

VERSION_FIELDS = ("title", "lead", "body", "signature", "status")
NOT_COMPARED = {"updated_at"}


@dataclass(frozen=True)
class ConflictRow:
    """One field of a refused save: as the page was opened (``base``; None if unknown), as saved now, as submitted."""

    field: str
    base: object
    theirs: object
    yours: object

    @property
    def theirs_changed(self):
        """Changed by someone else since the page was opened (never true of a change only the user made)."""
        return self.base is not None and not _same(self.base, self.theirs)

    @property
    def yours_changed(self):
        """Changed by the user in the refused form."""
        return self.base is not None and not _same(self.base, self.yours)

    @property
    def differs(self):
        return self.theirs_changed or self.yours_changed or not _same(self.theirs, self.yours)


def three_way(article, opened_at, yours):
    """The fields of a refused save that someone else or the user changed: a list of ConflictRow.

    ``yours`` holds what the user submitted, by part: ``{"article": {field: value}, "ru": {"title": …}}``;
    only the parts it names are compared. The base is the article as it was at ``opened_at`` (when the
    page was opened, from the history); a field the user did not submit counts as unchanged by them.
    """
    rows = []
    if "article" in yours:
        base = _as_of(Article, opened_at, id=article.pk)
        theirs = Article.objects.get(pk=article.pk)
        for name in [f for f in fields_of("article") if f not in NOT_COMPARED]:
            rows.append(_row(name, base, theirs, yours["article"], name))
    languages = [part for part in yours if part != "article"]
    current = {v.language: v for v in ArticleTranslation.objects.filter(article=article, language__in=languages)}
    for language in languages:
        base = _as_of(ArticleTranslation, opened_at, article_id=article.pk, language=language)
        for name in VERSION_FIELDS:
            rows.append(_row(name, base, current.get(language), yours[language], f"{name} [{language}]"))
    return [row for row in rows if row.differs]


def _as_of(model, opened_at, **lookup):
    """The object as it was at ``opened_at`` (None: it did not exist); ``False`` when ``opened_at`` is unknown."""
    if opened_at is None:
        return False
    return model.history.as_of(opened_at).filter(**lookup).first()


def _row(name, base, theirs, yours, label):
    theirs_value = _value(getattr(theirs, name)) if theirs is not None else ""
    if base is False:
        base_value = None
    else:
        base_value = _value(getattr(base, name)) if base is not None else ""
    return ConflictRow(label, base_value, theirs_value, _value(yours[name]) if name in yours else
                       (theirs_value if base_value is None else base_value))


def _value(value):
    """A value as the comparison shows it: text with one kind of line end, seconds, names of related rows."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value.replace(microsecond=0)) if timezone.is_aware(value) else value
    if isinstance(value, str):
        return value.replace("\r\n", "\n").strip()
    return value


def _same(a, b):
    key = [x.pk if isinstance(x, Model) else x for x in (a, b)]
    return key[0] == key[1]

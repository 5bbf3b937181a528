"""
Source changes held for review: ``held()`` lists them, ``accept()`` and ``reject()`` settle them.

An import holds a field when the source changed it after an editor corrected it (``articles.importing.merging``):
the editor's text stays, the source's waits in ``upstream_pending``. A field is named by a pair:
``("title", "en")`` for a language version's field, ``("section", None)`` for the article's own.

- ``accept`` puts the source's text into the working copy;
- ``reject`` keeps the editor's text.

Either way the held value becomes the base (what the source last gave), so the same source text is not
raised again; the field leaves ``upstream_pending``, and the article's ``upstream_changed`` flag goes when
nothing is held any more. Only working copies change: readers see the new text once it is published.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied

from ..importing.merging import label, loaded
from ..models import Article, ArticleTranslation
from . import access
from .revisions import revision


@dataclass(frozen=True)
class Held:
    """One field the source changed after an editor corrected it."""

    name: str
    language: str | None
    mine: object  # the working value, the editor's
    theirs: object  # the source's

    @property
    def key(self):
        return f"{self.name}:{self.language or ''}"

    @property
    def label(self):
        return label(self.name, self.language)


def parse_key(key):
    """``("title", "en")`` for ``"title:en"``, ``("section", None)`` for ``"section:"``."""
    name, _, language = key.partition(":")
    return name, language or None


def held(article):
    """Every field held for ``article``: the article's own first, then by language."""
    items = [Held(name, None, getattr(article, name), loaded(name, value))
             for name, value in (article.upstream_pending or {}).items()]
    for version in sorted(article.translations.all(), key=lambda v: v.language):
        items += [Held(name, version.language, getattr(version, name), value)
                  for name, value in (version.upstream_pending or {}).items()]
    return items


def accept(article, user, fields):
    """Take the source's text of ``fields`` into the working copies; returns the fields settled."""
    return _settle(article, user, fields, take=True)


def reject(article, user, fields):
    """Keep the editor's text of ``fields``; the source's becomes the base; returns the fields settled."""
    return _settle(article, user, fields, take=False)


def _settle(article, user, fields, take):
    wanted = {(name, language or None) for name, language in fields}
    languages = {language for _, language in wanted if language} or {None}
    if not all(access.can_edit_versions(user, article, language) for language in languages):
        raise PermissionDenied("you may not edit the versions of this article")
    verb = "accepted" if take else "rejected"
    note = f"Source change {verb}: " + ", ".join(sorted(label(name, language) for name, language in wanted))
    with revision(user, note, [article]):
        current = Article.objects.select_for_update().get(pk=article.pk)
        versions = list(ArticleTranslation.objects.select_for_update().filter(article=current))
        settled = _settle_one(current, None, wanted, take)
        changed = []
        for version in versions:
            if done := _settle_one(version, version.language, wanted, take):
                settled += done
                version.updated_by = user
                if version.status == version.Status.APPROVED and not (version.title and version.body):
                    version.status = version.Status.NEEDS_TRANSLATION
                changed.append(version)
        if ("original_language", None) in settled and take:
            for version in versions:
                if version.is_original != (version.language == current.original_language):
                    version.is_original = not version.is_original
                    changed.append(version)
        for version in sorted(set(changed), key=lambda v: (v.is_original, v.language)):  # the old original first
            version.save()
        current.upstream_changed = bool(current.upstream_pending or any(v.upstream_pending for v in versions))
        current.save()
    article.refresh_from_db()
    return settled


def _settle_one(target, language, wanted, take):
    """Settle the fields of ``wanted`` held on ``target`` (an article or a version), in memory."""
    pending = dict(target.upstream_pending or {})
    names = [name for name in pending if (name, language) in wanted]
    if not names:
        return []
    base = dict(target.upstream_base or {})
    for name in names:
        base[name] = pending.pop(name)
        if take:
            setattr(target, name, loaded(name, base[name]))
    target.upstream_base, target.upstream_pending = base, pending or None
    return [(name, language) for name in names]

"""
What an import does to one field: a three-way merge of the source's text with the editors'.

For every field the source gives (a version's title, lead, body and signature; an article's section,
publication date and original language) three values meet:

- base: what the source gave last time (``upstream_base``);
- mine: the working value, possibly corrected by an editor;
- theirs: what the import brings now.

The rules, in order:

- theirs equals base, or theirs equals mine: nothing changes, and base stays where it is;
- mine equals base (nobody edited the field): take theirs, and it becomes the base;
- otherwise the source changed a field an editor corrected: theirs is held in ``upstream_pending``
  beside the editor's value, which stays, until an editor accepts or rejects it
  (``articles.editorial.upstream``).

An import of this site's own export is not the source speaking but the desk (``source`` given: the source's text
the export carries, ``{}`` when it carries none). The export carries a check of each working value as it was
exported (``exported``: ``check(value)`` by field), which makes the merge three-way against the export itself:

- the file holds the field as exported: no change (a correction the desk made since stays);
- the desk has not changed the field since the export: the file's text is taken as an editor's correction is,
  whether the field came from the source, was corrected before the export or was written at the desk;
- both changed it: the file's text is not taken and not held as the source's: the import reports it, and its row
  keeps the file's text.

The base stays where it is, so that the next import of the gov.kz dump finds its text unchanged and keeps the
correction. An export without the checks (an older file) is merged against the source's text it carries: a field
whose text is the source's as exported is no change, and a field the desk corrected is not taken.

Values are stored as JSON: dates as ISO 8601 text, read back as aware datetimes.
"""

import datetime
import hashlib
import json
from dataclasses import dataclass, field

VERSION_FIELDS = ("title", "lead", "body", "signature")
ARTICLE_FIELDS = ("section", "published_at", "original_language")
LABELS = {"published_at": "published", "original_language": "original language"}
MISSING = object()  # no base: the field never came from the source (an article made in the admin)


def stored(value):
    """``value`` as kept in ``upstream_base`` / ``upstream_pending``."""
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).isoformat()
    return value


def loaded(name, value):
    """A value kept in ``upstream_base`` / ``upstream_pending`` as the model field holds it."""
    if name == "published_at" and isinstance(value, str):
        return datetime.datetime.fromisoformat(value)
    return value


def check(value):
    """A short fingerprint of a field's value as ``stored`` (what an export carries to tell later changes)."""
    text = json.dumps(stored(value), ensure_ascii=False, default=str)
    return hashlib.blake2b(text.encode(), digest_size=6).hexdigest()


def snapshot(target, names):
    """The base of a new article or version: its fields as they were imported."""
    return {name: stored(getattr(target, name)) for name in names}


@dataclass
class FieldMerge:
    """What one merge did: (field, old, new) taken into the working copy, (field, mine, theirs) newly held."""

    taken: list = field(default_factory=list)
    held: list = field(default_factory=list)
    kept: list = field(default_factory=list)  # an export's edits not taken: the desk changed the field since
    base_moved: bool = False

    @property
    def changed(self):
        return bool(self.taken or self.held or self.base_moved)


def merge(target, incoming, *, take=True, source=None, exported=None):
    """Merge ``incoming`` ({field: theirs}) into ``target`` (an article or version) in memory; see the module.
    With ``take=False`` nothing is taken: every change the source brings is held beside the working value (``hold``).
    ``source``: None when the import is the source; for an export, the source's values it carries, and
    ``exported`` the checks of the values as exported ({field: ``check(value)``}), when it carries them."""
    base = dict(target.upstream_base or {})
    pending = dict(target.upstream_pending or {})
    result = FieldMerge()
    for name, theirs in incoming.items():
        mine = getattr(target, name)
        if theirs == mine:
            continue
        if source is not None and take and (exported or {}).get(name):
            if check(theirs) == exported[name]:
                continue  # the file holds the field as exported: the desk's later change stays
            if check(mine) == exported[name]:  # nobody changed it since the export: the file's edit is the desk's
                setattr(target, name, theirs)
                result.taken.append((name, mine, theirs))
            else:
                result.kept.append((name, mine, theirs))
            continue
        was = loaded(name, base[name]) if name in base else MISSING
        if theirs == was:
            continue
        if source is not None and name in source and stored(theirs) == source[name]:
            continue  # an export carrying the source's text as it was then: not an edit
        if take and mine == was:
            setattr(target, name, theirs)
            result.taken.append((name, mine, theirs))
            if source is None:  # the source speaking: its text is the new base
                base[name] = stored(theirs)
                result.base_moved = True
        elif source is not None:  # an export's edit of a field the desk changed since: the desk's text stays
            result.kept.append((name, mine, theirs))
        elif pending.get(name, MISSING) != stored(theirs):
            pending[name] = stored(theirs)
            result.held.append((name, mine, theirs))
    if result.changed:
        target.upstream_base = base or None
        target.upstream_pending = pending or None
    return result


def hold(target, incoming):
    """As ``merge``, but nothing is taken: for an editor who may change ``target`` to accept or reject (an import
    by someone who may not change it, e.g. an agency editor's import of a published release's own fields)."""
    return merge(target, incoming, take=False)


def label(name, language=None):
    text = LABELS.get(name, name)
    return f"{text} [{language}]" if language else text

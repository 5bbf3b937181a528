"""The three-way comparison shown when a save is refused because someone else saved meanwhile."""

from ..editorial.conflicts import three_way
from ..text import inline_diff


def comparison(article, opened_at, yours):
    """Rows for ``admin/articles/includes/edit_conflict.html``: each field as opened, theirs and yours, where
    theirs is marked against the base (only the other person's changes) and yours likewise (only the user's)."""
    rows = []
    for row in three_way(article, opened_at, yours):
        base, theirs, yours_text = (str(v) for v in (row.base or "", row.theirs, row.yours))
        rows.append({
            "field": row.field,
            "base": base,
            "known_base": row.base is not None,
            "theirs_changed": row.theirs_changed,
            "yours_changed": row.yours_changed,
            "theirs": inline_diff(base, theirs) if row.theirs_changed else theirs,
            "yours": inline_diff(base, yours_text) if row.yours_changed else yours_text,
        })
    return rows


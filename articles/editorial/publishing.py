"""
What goes live, and the one path by which it does.

Readers see ``LiveVersion`` rows; editors change ``ArticleTranslation`` working copies. ``go_live()`` copies
approved working copies to their live versions, and nothing else writes live text. Before it does:

- **errors** always refuse: no approved version to publish, a version without a title or a body;
- **warnings** refuse unless the publisher gives a written reason, kept with the publication: a title in
  capitals, a body in another language than its version, glued paragraphs, glossary variants, a held upstream
  change, an agency that needs review, a version still flagged "needs translation";
- **second pair of eyes** (``KZPRESS_FOUR_EYES``): nobody makes live a version whose last change is their own;
  the system itself (scheduled publishing) is exempt.

Each call records a ``Publication`` (who, when, which languages, the warnings overridden and why, a major
change's public note) and queues, for after the commit, the WebSub ping and the readers' email alerts. A change
to a live version is minor unless ``major``: a major one needs a public note, moves the version's "updated" time
and is shown on the page and in feeds; a minor one changes nothing for subscribers. The first publication time
never moves.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import language as languages
from ..models import LIVE_FIELDS, ArticleTranslation, LiveVersion, Publication, language_name
from ..public import websub
from ..public.alerts import sending as alerts
from ..text import is_capitalised, split_glued
from . import memory

ERROR, WARNING = "error", "warning"


@dataclass(frozen=True)
class Check:
    level: str  # ERROR or WARNING
    code: str
    message: str
    language: str = ""

    def __str__(self):
        return f"[{self.language}] {self.message}" if self.language else self.message


@dataclass
class Change:
    """One version that a publication makes live: its working copy and what readers see now (None: nothing)."""

    version: ArticleTranslation
    live: LiveVersion | None

    @property
    def is_new(self):
        return self.live is None

    @property
    def changed_fields(self):
        if self.live is None:
            return list(LIVE_FIELDS)
        return [name for name in LIVE_FIELDS if getattr(self.version, name) != getattr(self.live, name)]


class PublishRefused(ValidationError):
    """Publishing was refused; ``checks`` says why (errors, or warnings without a reason)."""

    def __init__(self, message, checks=()):
        super().__init__(message)
        self.checks = list(checks)


def four_eyes():
    return getattr(settings, "KZPRESS_FOUR_EYES", True)


def pending_changes(article, languages_=None):
    """The approved versions of ``article`` whose text would change for readers, as ``Change``s by language."""
    versions = article.translations.filter(status=ArticleTranslation.Status.APPROVED).select_related("live")
    if languages_:
        versions = versions.filter(language__in=languages_)
    changes = []
    for version in versions.order_by("language"):
        live = getattr(version, "live", None)
        if live is None or version.differs_from_live(live):
            changes.append(Change(version, live))
    return changes


def checks(article, changes=None, glossary=None):
    """Errors and warnings about making ``changes`` (default: every pending change) of ``article`` live."""
    from .terms import Glossary

    changes = pending_changes(article) if changes is None else changes
    found = []
    has_live = article.live_versions.exists()
    if not changes and not has_live:
        found.append(Check(ERROR, "nothing_approved",
                           _("No approved language version: approve at least one version before publishing.")))
    if article.agency.needs_review:
        found.append(Check(WARNING, "agency_needs_review",
                           _("The agency was created by an import and its names are not checked yet.")))
    if article.upstream_changed:
        found.append(Check(WARNING, "upstream_changed",
                           _("The source changed after an editor's correction; the change is held for review.")))
    glossary = glossary or (Glossary.load() if changes else None)
    for change in changes:
        version, code = change.version, change.version.language
        if not (version.title.strip() and version.body.strip()):
            found.append(Check(ERROR, "incomplete", _("The version has no title or no body."), code))
            continue
        if is_capitalised(version.title):
            found.append(Check(WARNING, "title_in_capitals", _("The title is in capitals."), code))
        detected = languages.detect(version.body)
        if detected and detected != code:
            found.append(Check(WARNING, "wrong_language",
                               _("The body looks like %(found)s, not %(expected)s.")
                               % {"found": language_name(detected), "expected": language_name(code)}, code))
        elif code == "en" and (foreign := languages.letters_english_does_not_use(version.body)):
            found.append(Check(WARNING, "not_english",
                               _("The body does not look like English: it writes letters English does not use "
                                 "(%(letters)s).") % {"letters": ", ".join(foreign)}, code))
        if any(len(split_glued(paragraph)) > 1 for paragraph in version.paragraphs):
            found.append(Check(WARNING, "glued_text", _("Sentences or paragraphs are glued together."), code))
        variants = sorted({found_text for field in ("title", "lead", "body")
                           for _start, found_text, _replacement, _term in glossary.find(code, getattr(version, field))})
        if variants:
            found.append(Check(WARNING, "terminology", _("Glossary variants: %(variants)s.")
                               % {"variants": ", ".join(variants)}, code))
        if version.upstream_pending:
            found.append(Check(WARNING, "upstream_changed",
                               _("A change from the source is held for this version."), code))
    return found


def four_eyes_problems(changes, user):
    """The versions ``user`` may not make live because the last change to them is their own."""
    if user is None or not four_eyes():
        return []
    return [Check(ERROR, "own_change", _("You made the last change to this version: another person must approve "
                                         "and publish it."), c.version.language)
            for c in changes if c.version.updated_by_id == user.pk]


def go_live(article, user, *, action="publish", languages_=None, reason="", major=False, change_note="",
            system=False):
    """Make the approved working copies of ``article`` live (those in ``languages_`` if given); returns the
    ``Publication``, or None when nothing differs. Raises ``PublishRefused``; the caller's transaction keeps
    everything or nothing."""
    changes = pending_changes(article, languages_)
    found = [] if system else checks(article, changes) + four_eyes_problems(changes, user)
    errors = [c for c in found if c.level == ERROR]
    warnings = [c for c in found if c.level == WARNING]
    if errors:
        raise PublishRefused(" ".join(str(c) for c in errors), found)
    if warnings and not reason.strip():
        raise PublishRefused(_("Publishing needs a reason to override: %(warnings)s")
                             % {"warnings": "; ".join(str(c) for c in warnings)}, found)
    if major and not change_note.strip():
        raise PublishRefused(_("A major change needs a public note saying what changed."))
    if not changes:
        return None
    now = timezone.now()
    for change in changes:
        make_live(change, user, now=now, major=major, change_note=change_note.strip())
        memory.remember_version(change.version)
    websub.announce(article, [c.version.language for c in changes])
    alerts.announce()
    return Publication.objects.create(
        article=article, user=user, action=action, languages=[c.version.language for c in changes],
        major=major and any(not c.is_new for c in changes), change_note=change_note.strip() if major else "",
        warnings=[str(c) for c in warnings], reason=reason.strip() if warnings else "",
    )


def make_live(change, user, *, now, major=False, change_note=""):
    """Copy one working copy to its live version. Only ``go_live`` calls this."""
    version, live = change.version, change.live
    if live is None:
        live = LiveVersion(version=version, article_id=version.article_id, language=version.language,
                           first_published_at=now, updated_at=now)
    elif major:
        live.updated_at = now
        live.change_notes = [*live.change_notes, {"at": now.isoformat(), "note": change_note}]
    for name in LIVE_FIELDS:
        setattr(live, name, getattr(version, name))
    live.fill_search_text()
    live.published_by = user
    live.save()
    return live

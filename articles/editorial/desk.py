"""
The translation desk: what needs work, and the operations on one language version.

``queue_counts()`` counts the work by kind; ``save_version()`` is the one operation the
side-by-side editor calls to save, submit for review or approve a version. Approving
the last incomplete version of an article clears its "needs translation" flag.

Outdated versions: each version records ``source_revision``, the history id of the original
version's revision it was translated from (simple_history keeps every revision, so the words
changed since are a diff of two records, and nothing is copied). A save of the original marked
as a major change makes every other existing version ``outdated``; the editor of an outdated
version shows ``original_changes()``; approving it again clears the flag and moves its
``source_revision`` to the original's latest revision.
"""

import functools
import operator

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Exists, OuterRef, Q
from django.utils.translation import gettext as _

from ..models import LIVE_FIELDS, Article, ArticleTranslation, Language, make_slug
from ..text import is_capitalised, split_glued
from . import access, memory, publishing
from .revisions import revision

Status = ArticleTranslation.Status
INCOMPLETE = (Status.NEEDS_TRANSLATION, Status.MISSING)
SAVE, REVIEW, APPROVE = "save", "review", "approve"


def needs_work(articles):
    """Articles with a flag, a version not yet approved or outdated, or a language missing."""
    versions = ArticleTranslation.objects.filter(article=OuterRef("pk"))
    unfinished = versions.filter(Q(status__in=[Status.NEEDS_TRANSLATION, Status.MACHINE_DRAFT, Status.NEEDS_REVIEW])
                                 | Q(outdated=True))
    missing = [~Exists(versions.filter(language=code)) for code in Language.values]
    return articles.filter(
        Q(needs_translation=True) | Q(upstream_changed=True) | Q(title_in_capitals=True) | Exists(unfinished)
        | functools.reduce(operator.or_, missing)
    )


def queue_counts(articles, terminology=None):
    """Counts per kind of work over ``articles``; ``terminology`` is the number with glossary variants, if known."""
    versions = ArticleTranslation.objects.filter(article__in=articles)
    by_status = dict(versions.values_list("status").annotate(n=Count("id")).order_by())
    total = articles.count()
    missing = {code: total - versions.filter(language=code).count() for code in Language.values}
    counts = {
        "missing": sum(missing.values()),
        "missing_by_language": missing,
        "needs_translation": articles.filter(needs_translation=True).count(),
        "machine_draft": by_status.get(Status.MACHINE_DRAFT, 0),
        "needs_review": by_status.get(Status.NEEDS_REVIEW, 0),
        "upstream_changed": articles.filter(upstream_changed=True).count(),
        "title_in_capitals": articles.filter(title_in_capitals=True).count(),
        "outdated": versions.filter(outdated=True).count(),
        "by_language": by_language(versions, missing),
    }
    if terminology is not None:
        counts["terminology"] = terminology
    return counts


def by_language(versions, missing):
    """{language: {state: count}}: each version counted once, an outdated one as "outdated" whatever its status."""
    counts = {code: {"missing": missing[code], "outdated": 0} for code in Language.values}
    rows = versions.values_list("language", "status", "outdated").annotate(n=Count("id")).order_by()
    for language, state, outdated, n in rows:
        key = "outdated" if outdated else state
        counts[language][key] = counts[language].get(key, 0) + n
    return counts


def save_version(article, language, *, title, lead, body, action, user, lock_version=None, signature=None,
                 major=False, change_note="", reason="", outdates_others=False):
    """Save the working copy of the ``language`` version of ``article`` from the editor; returns the version.

    ``action`` is SAVE (a draft: an incomplete version needs translation, a complete one needs review), REVIEW
    (ready for review) or APPROVE (ready to publish; needs a title and a body). Saving never changes what
    readers see: on a release that is public, APPROVE is a publisher's, and makes the version live through
    ``publishing.go_live`` (a ``major`` change with its public ``change_note``; warnings need a ``reason``).
    With the second pair of eyes on, nobody approves a version whose last change is their own.
    ``outdates_others`` (the original only: a major change of its meaning) marks every other version outdated.
    ``lock_version`` is the article's number when the editor page was opened: a save from an outdated page
    raises EditConflict.
    """
    if not access.can_edit_versions(user, article, language):
        raise PermissionDenied("you may not edit this version of this article")
    if action == APPROVE and not access.can_approve_version(user, article, language):
        raise PermissionDenied("only a publisher (or a reviewer of this language, before the release is public) "
                               "may approve a version")
    version = article.translations.filter(language=language).select_related("live").first() or ArticleTranslation(
        article=article, language=language, is_original=False
    )
    before = (version.title, version.lead, normalise_body(version.body), version.signature)
    version.title, version.lead, version.body = title.strip(), lead.strip(), normalise_body(body)
    if signature is not None:
        version.signature = " ".join(signature.split())
    edited = version.pk is None or (version.title, version.lead, version.body, version.signature) != before
    complete = bool(version.title and version.body)
    if action == APPROVE:
        if not complete:
            raise ValidationError("Only a version with a title and a body can be approved.")
        version.status = Status.APPROVED
    elif action == REVIEW:
        version.status = Status.NEEDS_REVIEW if complete else Status.NEEDS_TRANSLATION
    elif version.status != Status.MACHINE_DRAFT or not complete or edited:
        version.status = Status.NEEDS_REVIEW if complete else Status.NEEDS_TRANSLATION
    version.slug = version.slug or make_slug(version.title)
    if edited:
        version.updated_by = user
        version.from_memory = None  # an editor's text now, not the machine draft's
    if action == APPROVE and publishing.four_eyes() and version.updated_by_id == user.pk:
        raise ValidationError(_("You made the last change to this version: another person must approve it. "
                                "Save it for review instead."))
    original = language == article.original_language
    if not original:
        if action == APPROVE:
            version.outdated = False
        if action == APPROVE or not version.outdated:  # an outdated version keeps the diff until approved
            version.source_revision = latest_revision(article)
    message = f"Translation desk: {language} version {action} ({version.get_status_display()})"
    if outdates_others and original:
        message += ", a major change: the other versions are outdated"
    with revision(user, message, [article]) as rev:
        if lock_version is not None:
            rev.claim(article, lock_version)
        version.save()
        if outdates_others and original:
            for other in article.translations.exclude(language=language).filter(outdated=False):
                other.outdated = True
                other.save(update_fields=["outdated", "updated_at"])
        if article.title_in_capitals and language == article.original_language and not is_capitalised(version.title):
            article.title_in_capitals = False
        if action == APPROVE and not article.translations.filter(status__in=INCOMPLETE).exists():
            article.needs_translation = False
        article.save(update_fields=["needs_translation", "title_in_capitals", "updated_at"])
        if action == APPROVE and article.status not in LIVE_STATES:
            memory.remember_version(version)  # go_live remembers what it makes live
        if action == APPROVE and article.status in LIVE_STATES:
            publishing.go_live(article, user, action="approve", languages_=[language], major=major,
                               change_note=change_note, reason=reason)
    return version


LIVE_STATES = Article.LIVE_STATES


def latest_revision(article):
    """The history id of the original version's latest revision (None without an original)."""
    return (ArticleTranslation.history.filter(article_id=article.pk, language=article.original_language)
            .order_by("-history_id").values_list("history_id", flat=True).first())


def original_changes(version):
    """The original's changes since ``version`` was translated from it: [(field, inline diff)], empty when
    nothing changed or nothing is known of the revision it was translated from."""
    from ..text import inline_diff

    if version is None or version.is_original or version.source_revision is None:
        return []
    records = ArticleTranslation.history.filter(article_id=version.article_id,
                                                language=version.article.original_language)
    then = records.filter(history_id=version.source_revision).first()
    now = records.order_by("-history_id").first()
    if then is None or now is None:
        return []
    return [(name, inline_diff(getattr(then, name), getattr(now, name)))
            for name in ("title", "lead", "body", "signature") if getattr(then, name) != getattr(now, name)]


def discard_draft(article, language, user):
    """Throw away the working copy's changes: it becomes the live text again (approved). Returns the version."""
    if not access.can_edit_versions(user, article, language):
        raise PermissionDenied("you may not edit the versions of this article")
    version = article.translations.select_related("live").get(language=language)
    live = getattr(version, "live", None)
    if live is None:
        raise ValidationError(_("Nothing of this version is live: there is no live text to go back to."))
    with revision(user, f"Translation desk: {language} draft discarded (back to the live text)", [article]):
        for name in LIVE_FIELDS:
            setattr(version, name, getattr(live, name))
        version.status = Status.APPROVED
        version.updated_by = live.published_by
        version.save()
    return version


def normalise_body(body):
    """Paragraphs separated by one blank line, whitespace folded, glued paragraphs split."""
    lines = [" ".join(line.split()) for line in body.replace("\r\n", "\n").split("\n")]
    return "\n\n".join(part for line in lines if line for part in split_glued(line))


def sentence_case(title, keep=()):
    """A sentence-case suggestion for a title in capitals; words in ``keep`` (proper names) keep their capitals.

    ``keep`` holds the canonical forms of glossary terms ("Turkestan", "Baidibek district").
    """
    lowered = title.lower()
    result = lowered[:1].upper() + lowered[1:]
    for phrase in sorted(keep, key=len, reverse=True):
        start = result.lower().find(phrase.lower())
        while phrase and start != -1:
            result = result[:start] + phrase + result[start + len(phrase):]
            start = result.lower().find(phrase.lower(), start + len(phrase))
    return result


def proper_names(language="en"):
    """Names that keep their capitals in a sentence-case title: glossary terms, agency and region names (whole,
    multiword, and the region's first word: "Abai" of "Abai region")."""
    from ..models import Agency, Region, Term

    names = {t.canonical(language) for t in Term.objects.all()}
    for region in Region.objects.all():
        name = region.name(language)
        names |= {name, name.split()[0]} if name else set()
    names |= {agency.name(language) for agency in Agency.objects.all()}
    return {name for name in names if name}


def repair_texts(articles, user):
    """Restore glued paragraphs and fold stray spaces in the working copy of every version of ``articles``;
    returns how many versions changed. A repaired approved version needs review again (readers keep the live
    text until a publisher approves the repair)."""
    changed = 0
    with revision(user, "Text repair: paragraphs and spaces") as rev:
        versions = ArticleTranslation.objects.filter(article__in=access.articles_for(user, articles),
                                                     language__in=access.languages_for(user))
        for version in versions.select_for_update():
            body = normalise_body(version.body)
            title = " ".join(version.title.split())
            if (body, title) == (version.body, version.title):
                continue
            version.body, version.title, version.updated_by = body, title, user
            if version.status == Status.APPROVED:
                version.status = Status.NEEDS_REVIEW
            version.save(update_fields=["body", "title", "status", "updated_by", "updated_at"])
            rev.touch(version.article_id)
            changed += 1
    return changed

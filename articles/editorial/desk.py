"""
The translation desk: what needs work, and the operations on one language version.

``queue_counts()`` counts the work by kind; ``save_version()`` is the one operation the
side-by-side editor calls to save, submit for review or approve a version. Approving
the last incomplete version of an article clears its "needs translation" flag.
"""

import functools
import operator

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q

from ..models import ArticleTranslation, Language, make_slug
from ..parsing import is_capitalised, split_glued
from . import access, history, locking

Status = ArticleTranslation.Status
INCOMPLETE = (Status.NEEDS_TRANSLATION, Status.MISSING)
SAVE, REVIEW, APPROVE = "save", "review", "approve"


def needs_work(articles):
    """Articles with a flag, a version not yet approved, or a language missing."""
    versions = ArticleTranslation.objects.filter(article=OuterRef("pk"))
    unfinished = versions.filter(status__in=[Status.NEEDS_TRANSLATION, Status.MACHINE_DRAFT, Status.NEEDS_REVIEW])
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
    }
    if terminology is not None:
        counts["terminology"] = terminology
    return counts


@transaction.atomic
def save_version(article, language, *, title, lead, body, action, user, lock_version=None):
    """Save the ``language`` version of ``article`` from the editor; returns the version.

    ``action`` is SAVE (a draft: an incomplete version needs translation, a complete one
    needs review), REVIEW (ready for review) or APPROVE (publishable; needs a title and a body;
    for a release that is or will be public, publishers only). ``lock_version`` is the article's
    number when the editor page was opened: a save from an outdated page raises EditConflict.
    """
    if not access.can_edit_versions(user, article):
        raise PermissionDenied("you may not edit the versions of this article")
    if action == APPROVE and not access.can_approve_version(user, article):
        raise PermissionDenied("only a publisher may approve a version of a release that is public or scheduled")
    if lock_version is not None:
        locking.claim(article, lock_version)
    else:
        locking.bump([article.pk])
    version = article.translations.filter(language=language).first() or ArticleTranslation(
        article=article, language=language, is_original=False
    )
    version.title, version.lead, version.body = title.strip(), lead.strip(), normalise_body(body)
    complete = bool(version.title and version.body)
    if action == APPROVE:
        if not complete:
            raise ValidationError("Only a version with a title and a body can be approved.")
        version.status = Status.APPROVED
    elif action == REVIEW:
        version.status = Status.NEEDS_REVIEW if complete else Status.NEEDS_TRANSLATION
    elif version.status != Status.MACHINE_DRAFT or not complete:
        version.status = Status.NEEDS_REVIEW if complete else Status.NEEDS_TRANSLATION
    version.slug = version.slug or make_slug(version.title)
    version.updated_by = user
    message = f"Translation desk: {language} version {action} ({version.get_status_display()})"
    with history.origin(user, message):
        version.save()
        if article.title_in_capitals and language == article.original_language and not is_capitalised(version.title):
            article.title_in_capitals = False
        if action == APPROVE and not article.translations.filter(status__in=INCOMPLETE).exists():
            article.needs_translation = False
        article.save(update_fields=["needs_translation", "title_in_capitals", "updated_at"])
    history.record(article.pk, user, message)
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
    """Names that keep their capitals in a sentence-case title: glossary terms and region names."""
    from ..models import Region, Term

    names = {t.canonical(language) for t in Term.objects.all()}
    names |= {r.name(language).split()[0] for r in Region.objects.all()}
    return {name for name in names if name}


@transaction.atomic
def repair_texts(articles, user):
    """Restore glued paragraphs and fold stray spaces in every version of ``articles``; returns versions changed."""
    changed = 0
    for version in ArticleTranslation.objects.filter(article__in=articles).select_for_update():
        body = normalise_body(version.body)
        title = " ".join(version.title.split())
        if (body, title) == (version.body, version.title):
            continue
        version.body, version.title, version.updated_by = body, title, user
        message = f"Text repair: paragraphs and spaces of the {version.language} version"
        with history.origin(user, message):
            version.save(update_fields=["body", "title", "updated_by", "updated_at"])
        locking.bump([version.article_id])
        changed += 1
        history.record(version.article_id, user, message)
    return changed

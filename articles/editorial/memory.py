"""
Translation memory: sentences editors approved, and what the machine wrote, recalled before asking it again.

``remember_version(version)`` pairs an approved language version with the original, sentence by sentence:
title with title, lead with lead, and the body paragraph by paragraph when both have as many paragraphs (the
body is skipped otherwise); a paragraph whose sentences do not pair one to one is remembered whole.
``remember(pairs, …, origin)`` stores pairs: an approved sentence replaces whatever was known, a machine
sentence never replaces anything. ``recall(texts, source, target)`` finds what memory holds for ``texts``;
``count_uses`` counts the entries a draft took.
"""

from django.db.models import F
from django.utils import timezone

from ..drafting import TranslationMemory, segment_hash
from ..text import normalise_segment, sentences

Origin = TranslationMemory.Origin


def sentence_pairs(source, target):
    """(source sentence, target sentence) pairs of a text and its translation: one pair per sentence when both
    have as many sentences, else the whole texts as one pair (none when either is empty)."""
    if not source.strip() or not target.strip():
        return []
    ours, theirs = sentences(source), sentences(target)
    if len(ours) == len(theirs):
        return list(zip(ours, theirs, strict=True))
    return [(normalise_segment(source), normalise_segment(target))]


def version_pairs(original, version):
    """The pairs of ``version`` (a translation) with ``original``; the body only when the paragraphs pair up."""
    pairs = sentence_pairs(original.title, version.title) + sentence_pairs(original.lead, version.lead)
    ours, theirs = original.paragraphs, version.paragraphs
    if len(ours) == len(theirs):
        for source, target in zip(ours, theirs, strict=True):
            pairs += sentence_pairs(source, target)
    return pairs


def remember(pairs, source_language, target_language, origin):
    """Store ``pairs``; an approved pair replaces the entry of its sentence, a machine pair only fills a gap."""
    now = timezone.now()
    entries = {}
    for source, target in pairs:
        source, target = normalise_segment(source), normalise_segment(target)
        if source and target:
            entries[segment_hash(source)] = TranslationMemory(
                source_language=source_language, target_language=target_language, source=source,
                source_hash=segment_hash(source), target=target, origin=origin, updated_at=now)
    if not entries:
        return 0
    if origin == Origin.APPROVED:
        TranslationMemory.objects.bulk_create(
            entries.values(), update_conflicts=True,
            unique_fields=["source_language", "target_language", "source_hash"],
            update_fields=["source", "target", "origin", "updated_at"])
    else:
        TranslationMemory.objects.bulk_create(entries.values(), ignore_conflicts=True)
    return len(entries)


def remember_version(version):
    """Remember an approved translation paired with the article's original version; returns the pairs stored."""
    article = version.article
    if version.language == article.original_language or not version.title:
        return 0
    original = article.translations.filter(language=article.original_language).first()
    if original is None:
        return 0
    return remember(version_pairs(original, version), original.language, version.language, Origin.APPROVED)


def recall(texts, source_language, target_language):
    """{normalised text: (entry id, translation, origin)} for those of ``texts`` memory holds."""
    hashes = {segment_hash(text): normalise_segment(text) for text in texts if text and text.strip()}
    if not hashes:
        return {}
    found = TranslationMemory.objects.filter(source_language=source_language, target_language=target_language,
                                             source_hash__in=hashes).values_list("pk", "source_hash", "target",
                                                                                 "origin")
    return {hashes[digest]: (pk, target, origin) for pk, digest, target, origin in found}


def count_uses(entry_ids):
    """One more use of each entry in ``entry_ids`` (the entries a draft took)."""
    if entry_ids:
        TranslationMemory.objects.filter(pk__in=set(entry_ids)).update(uses=F("uses") + 1)

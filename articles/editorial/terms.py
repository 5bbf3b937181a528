"""
Terminology: find glossary variants in articles, replace them, suggest new variants.

``Glossary`` compiles the variants of every ``Term`` into one pattern per language:
whole words only (a variant never matches inside another word or a hyphenated
compound), ignoring case. ``find_occurrences()`` lists every variant in the titles,
leads and bodies of the articles' language versions; ``apply_replacements()`` replaces
the selected ones, and only those, and records the change in the article's history.
"""

import re
from dataclasses import dataclass

from django.db import transaction
from rapidfuzz.distance import Levenshtein

from ..models import ArticleTranslation, Language, Term
from ..stemming import same_word
from . import access
from .revisions import revision

FIELDS = ("title", "lead", "body")
SNIPPET = 50
WORD = re.compile(r"(?<![\w-])[^\W\d_][\w'’-]*[^\W_](?![\w-])")


@dataclass(frozen=True)
class Occurrence:
    article_id: int
    translation_id: int
    language: str
    field: str
    start: int
    found: str
    replacement: str
    term_id: int
    before: str  # the text just before the match, for context
    after: str  # and just after it

    @property
    def snippet(self):
        """The match in its context, marked with brackets: "…the akim [Yertai] Kenzhebekovich…"."""
        return f"{self.before}[{self.found}]{self.after}"

    @property
    def key(self):
        """Identifies the occurrence in a form: version, field, position and the text found."""
        return f"{self.translation_id}:{self.field}:{self.start}:{self.found}"


def case_like(found, canonical):
    """``canonical`` written in the case of ``found`` ("BOZYMBAEV" -> "BOZUMBAYEV")."""
    if found.isupper() and len(found) > 1:
        return canonical.upper()
    if found.islower():
        return canonical.lower() if canonical[:1].isupper() and not canonical.isupper() else canonical
    if found[:1].isupper() and canonical[:1].islower():  # a common noun at the start of a sentence
        return canonical[:1].upper() + canonical[1:]
    return canonical


class Glossary:
    def __init__(self, terms):
        self.replacements = {}
        self.patterns = {}
        for language in Language.values:
            variants = {}
            for term in terms:
                canonical = term.canonical(language)
                for variant in term.variants(language):
                    if canonical and variant.casefold() != canonical.casefold():
                        variants[variant.casefold()] = (term, canonical)
            self.replacements[language] = variants
            if variants:
                alternatives = "|".join(re.escape(v) for v in sorted(variants, key=len, reverse=True))
                self.patterns[language] = re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])", re.IGNORECASE)

    @classmethod
    def load(cls):
        return cls(list(Term.objects.all()))

    def find(self, language, text):
        """(start, found, replacement, term) for each variant in ``text``."""
        pattern = self.patterns.get(language)
        if pattern is None or not text:
            return
        for match in pattern.finditer(text):
            term, canonical = self.replacements[language][match.group().casefold()]
            yield match.start(), match.group(), case_like(match.group(), canonical), term

    def enforce(self, language, text):
        """``text`` with every variant of a term written in its canonical form for ``language``."""
        for start, found, replacement, _term in sorted(self.find(language, text), key=lambda hit: -hit[0]):
            text = text[:start] + replacement + text[start + len(found):]
        return text


def find_occurrences(articles, glossary=None):
    """Every glossary variant in the language versions of ``articles`` (a queryset)."""
    glossary = glossary or Glossary.load()
    versions = ArticleTranslation.objects.filter(article__in=articles).order_by("article_id", "language")
    for version in versions.only("id", "article_id", "language", *FIELDS).iterator(chunk_size=500):
        for field in FIELDS:
            text = getattr(version, field)
            for start, found, replacement, term in glossary.find(version.language, text):
                yield Occurrence(version.article_id, version.pk, version.language, field, start, found, replacement,
                                 term.pk, *context(text, start, start + len(found)))


def context(text, start, end):
    """The words around ``text[start:end]`` on its line: (before, after), with an ellipsis where cut."""
    before = text[max(0, start - SNIPPET):start].rsplit("\n", 1)[-1]
    after = text[end:end + SNIPPET].split("\n", 1)[0]
    return f"{'…' if start - len(before) > 0 else ''}{before}", f"{after}…"


@transaction.atomic
def apply_replacements(keys, user, glossary=None):
    """Replace the occurrences whose ``key`` is in ``keys``; returns how many were replaced.

    Only what the glossary names is replaced: a key whose text is not a variant of a term (a suggestion,
    say) or whose text changed since it was listed is left alone. Each changed article is one revision
    naming its replacements. Versions ``user`` may not edit (another agency's, or a language other than a
    translator's) are left alone.
    """
    glossary = glossary or Glossary.load()
    wanted = {}
    for key in keys:
        translation_id, field, start, found = key.split(":", 3)
        if field in FIELDS and translation_id.isdigit() and start.isdigit():
            wanted.setdefault(int(translation_id), set()).add((field, int(start), found))
    by_article = {}
    versions = ArticleTranslation.objects.filter(pk__in=wanted, language__in=access.languages_for(user),
                                                 article__in=access.articles_for(user))
    for version in versions.select_for_update().order_by("article_id", "id"):
        changes = []
        for field in FIELDS:
            text = getattr(version, field)
            selected = wanted[version.pk]
            hits = [(s, f, r) for s, f, r, _ in glossary.find(version.language, text) if (field, s, f) in selected]
            for start, found, replacement in sorted(hits, reverse=True):
                text = text[:start] + replacement + text[start + len(found):]
                changes.append(f"“{found}” → “{replacement}” in {version.language} {field}")
            setattr(version, field, text)
        if changes:
            by_article.setdefault(version.article_id, []).append((version, changes))
    replaced = 0
    for article_id, edits in by_article.items():
        changes = [change for _, version_changes in edits for change in version_changes]
        with revision(user, "Glossary replacement: " + "; ".join(changes), [article_id]):
            for version, _ in edits:
                version.save(update_fields=[*FIELDS, "updated_at"])
        replaced += len(changes)
    return replaced


INFLECTED = {"kk", "ru"}  # names decline; in English a stem would merge spellings ("Kirpishti", "Kirpishty")


def suggest_variants(articles, max_distance=2, min_length=5):
    """Names in ``articles`` one or two edits away from a known form: (language, word, term, that form, count).
    A form of the known word itself (another grammatical case: the same stem) is not suggested."""
    terms = list(Term.objects.all())
    known = {}
    for language in Language.values:
        forms = {}
        for term in terms:
            for form in [term.canonical(language), *term.variants(language)]:
                for word in form.split():
                    if len(word) >= min_length:
                        forms.setdefault(word.casefold(), (term, word))
        known[language] = forms
    counts = {}
    versions = ArticleTranslation.objects.filter(article__in=articles).only("language", *FIELDS)
    for version in versions.iterator(chunk_size=500):
        forms = known[version.language]
        for field in FIELDS:
            for word in WORD.findall(getattr(version, field)):
                folded = word.casefold()
                if len(word) < min_length or not word[0].isupper() or folded in forms:
                    continue
                for form, (term, original) in forms.items():
                    close = abs(len(form) - len(folded)) <= max_distance
                    if close and Levenshtein.distance(form, folded, score_cutoff=max_distance) <= max_distance:
                        if version.language in INFLECTED and same_word(word, original, version.language):
                            break  # the known word in another case ("Кентауда", "Туркестанской"): no misspelling
                        key = (version.language, word, term.pk)
                        counts[key] = (version.language, word, term, original, counts.get(key, (0,) * 5)[4] + 1)
                        break
    return sorted(counts.values(), key=lambda s: (-s[4], s[1]))

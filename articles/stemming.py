"""
Words by their stems, for search and for the glossary: Snowball's stemmers for Russian and English (the ones
PostgreSQL's ``russian`` and ``english`` text search configurations use), ``articles.kazakh``'s for Kazakh.

"дороги" and "дорога" share the stem "дорог"; "Кентауда" and "Кентау" share "кентау": the same word in another
case, which search should find and the glossary must not take for a misspelling.
"""

import functools

import snowballstemmer

from . import kazakh

SNOWBALL = {"ru": "russian", "en": "english"}


@functools.cache
def _stemmer(language):
    return snowballstemmer.stemmer(SNOWBALL[language])


def stem_groups(words, language):
    """Each word as the stems any of its forms begins with: (stem,) by Snowball for Russian and English, one or two
    by ``articles.kazakh`` for Kazakh; case folded."""
    if language == "kk":
        return list(dict.fromkeys(tuple(stem.casefold() for stem in group)
                                  for group in kazakh.stems(" ".join(words))))
    folded = [word.casefold() for word in words]
    if language not in SNOWBALL:
        return [(word,) for word in folded]
    return [(stem if len(stem) >= 2 else word,) for word, stem in zip(folded, _stemmer(language).stemWords(folded),
                                                                        strict=True)]


def same_word(first, second, language):
    """Whether ``first`` and ``second`` are forms of one word in ``language`` (they share a stem)."""
    groups = stem_groups([first, second], language)
    if len(groups) == 1:
        return True
    return len(groups) == 2 and bool(set(groups[0]) & set(groups[1]))

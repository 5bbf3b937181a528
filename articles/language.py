"""
Language of a text among the site's languages (kk, ru, en).

Uses lingua (offline, statistical n-gram models shipped in the wheel) restricted to
Kazakh, Russian and English, which tells Kazakh from Russian reliably where a script
test cannot; text with no Cyrillic letters is English without asking it. Only the first
``SAMPLE_CHARS`` characters are examined: enough for a stable answer, and it keeps
detection cheap on long bodies.
"""

import re
from functools import cache

from lingua import Language, LanguageDetectorBuilder

SAMPLE_CHARS = 200
CODES = {Language.KAZAKH: "kk", Language.RUSSIAN: "ru", Language.ENGLISH: "en"}
CYRILLIC = re.compile("[\u0400-\u04ff]")


@cache
def _detector():
    return LanguageDetectorBuilder.from_languages(*CODES).with_preloaded_language_models().build()


def detect(text):
    """``"kk"``, ``"ru"`` or ``"en"`` for ``text``; ``""`` when it holds no letters to judge."""
    sample = (text or "")[:SAMPLE_CHARS]
    if not any(ch.isalpha() for ch in sample):
        return ""
    if not CYRILLIC.search(sample):
        # Of the three languages only English is written in Latin script: the detector
        # restricted to them can answer nothing else, so skip asking it.
        return "en"
    language = _detector().detect_language_of(sample)
    return CODES.get(language, "")

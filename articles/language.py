"""
Language of a text among the site's languages (kk, ru, en).

Uses lingua (offline, statistical n-gram models shipped in the wheel) restricted to Kazakh, Russian and English,
which tells Kazakh from Russian where a plain script test cannot. Only the first ``SAMPLE_CHARS`` characters are
examined: enough for a stable answer, and it keeps detection cheap on long bodies.

Three cases are settled by the letters alone, without asking the model (an import meets them on nearly every
text, and lingua costs about ten times as much):

- no Cyrillic letter: English (of the three languages only English is written in Latin script);
- at least ``KAZAKH_SHARE`` of the Cyrillic letters are the nine letters only Kazakh has (ә ғ қ ң ө ұ ү һ і):
  Kazakh. Kazakh prose has about 15% of them (the median of the site's own Kazakh catalogue; under 8% in one
  string in twenty-five); a Russian text reaches 8% only by quoting Kazakh at length;
- none of those nine letters in at least ``RUSSIAN_LETTERS`` Cyrillic letters: Russian. Kazakh prose has
  one of them in every seven letters or so; a hundred letters without one does not happen.

Everything between — a short title, a Russian text with a few Kazakh names — goes to lingua.
``bench/language_accuracy.py`` measures both ways on the same texts.
"""

import re
import unicodedata
from functools import cache

from lingua import Language, LanguageDetectorBuilder

SAMPLE_CHARS = 200
CODES = {Language.KAZAKH: "kk", Language.RUSSIAN: "ru", Language.ENGLISH: "en"}
CYRILLIC = re.compile("[\u0400-\u04ff]")
KAZAKH_ONLY = re.compile("[әғқңөұүһіӘҒҚҢӨҰҮҺІ]")
KAZAKH_SHARE = 0.08
KAZAKH_LETTERS = 20  # the share is judged on at least this many Cyrillic letters
RUSSIAN_LETTERS = 100


@cache
def _detector():
    return LanguageDetectorBuilder.from_languages(*CODES).with_preloaded_language_models().build()


def detect(text):
    """``"kk"``, ``"ru"`` or ``"en"`` for ``text``; ``""`` when it holds no letters to judge."""
    sample = (text or "")[:SAMPLE_CHARS]
    return by_letters(sample) or by_model(sample)


def by_letters(sample):
    """The language of ``sample`` when its letters alone settle it (see the module's notes); else None."""
    cyrillic = len(CYRILLIC.findall(sample))
    if not cyrillic:
        return "en" if any(ch.isalpha() for ch in sample) else ""
    kazakh = len(KAZAKH_ONLY.findall(sample))
    if cyrillic >= KAZAKH_LETTERS and kazakh >= KAZAKH_SHARE * cyrillic:
        return "kk"
    if cyrillic >= RUSSIAN_LETTERS and not kazakh:
        return "ru"
    return None


def by_model(sample):
    """The language lingua finds in ``sample`` (``""`` when it finds none of the three)."""
    if not any(ch.isalpha() for ch in sample):
        return ""
    return CODES.get(_detector().detect_language_of(sample), "")


FOREIGN_LATIN_SHARE = 0.02  # a name or two with an accent in an English text stays well under it


def letters_english_does_not_use(text, share=FOREIGN_LATIN_SHARE):
    """The Latin letters of ``text`` that English does not write (ä, ğ, ñ, ş, ū …), in the order they first
    appear, when they make at least ``share`` of its Latin letters; [] otherwise. Of the site's languages only
    English is written in Latin letters, so ``detect`` calls any Latin text English: Kazakh in the Latin alphabet,
    Turkish or Uzbek text is caught here instead (publishing warns)."""
    latin = [ch for ch in (text or "")[:SAMPLE_CHARS * 5].casefold()
             if ch.isalpha() and (ch.isascii() or unicodedata.name(ch, "").startswith("LATIN"))]
    foreign = [ch for ch in latin if not ch.isascii()]
    if len(latin) < KAZAKH_LETTERS * 2 or len(foreign) < share * len(latin):
        return []
    return list(dict.fromkeys(foreign))

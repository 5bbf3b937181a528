"""
A light stemmer for Kazakh, for search: strips case, possessive, plural and the commonest derivational endings so
that "Түркістанда", "Түркістанның" and "Түркістанға" all index and query as "түркістан".

Standard library only. The shape follows the published Kazakh stemmers: pg_kazsearch (darkhanakh/pg-kazsearch,
PGXN ``pg_kazsearch``) strips ordered layers from the end of a noun — case, then possessive, then plural, then
derivation — checks vowel harmony and repairs the consonant mutation at the seam (кітаб → кітап, жолдағ → жолдақ);
its earlier Python prototype keeps suffix lists per layer (N3 case, N2 possessive …) and contextual rules such as
accusative -ны/-ні only after a vowel. iborodikhin/stemmer-kaz is the Snowball-style ancestor (longest suffix first,
minimum stem length). Unlike pg_kazsearch there is no lemma dictionary: a word is never looked up, so a name the
stemmer cuts too far is cut the same way in the text and in the query, which is what search needs.

Why in Python and not a PostgreSQL dictionary. pg_kazsearch needs a compiled extension (PostgreSQL 16 and later)
and Debian's ``hunspell-kk`` needs its files copied into the server's ``tsearch_data`` and a
``CREATE TEXT SEARCH DICTIONARY`` by a superuser: neither is possible on a managed PostgreSQL, neither runs on
SQLite, and both are manual work on the database server. Here the application stems the live text when it makes it
live (``LiveVersion.fill_search_text``) and the query when it searches (``articles.public.search``); PostgreSQL
only indexes the stems with its ``simple`` configuration. The same function serves the SQLite fallback.

Rules (each strip must leave a stem of at least ``MIN_STEM`` letters and agree in vowel harmony with it):
- layers from the end: case (with -дағы/-дегі), possessive, plural; at most one ending per layer. Derivational
  endings (-лық/-лік …) stay: stripping them merged "akim" with "akimat" and "minister" with "ministry";
- the endings that begin with the possessive's н (-нда, -ндағы, -на, -н …) only after a possessive -ы/-і; the bare
  dative -а/-е only after a first or second person -м/-ң; the possessive -ы/-і only after a consonant, -сы/-сі
  only after a vowel; the genitive and ablative -н… forms only after a vowel or м, н, ң;
- a final б, г, ғ left by a strip goes back to п, к, қ (Kazakh words do not end in a voiced stop);
- Latin words, numbers and words with letters Kazakh words never have (ё, щ, ъ, ь, э) are left as they are; Russian
  words in a Kazakh text are usually left alone by the harmony and context rules, and are stemmed the same way in
  the text and in the query when not.
"""

import hashlib
import re
import unicodedata

MIN_STEM = 3
BACK, FRONT = set("аоұыя"), set("әеөүі")
VOWELS = BACK | FRONT | set("иуюэё")
FOREIGN = set("ёщъьэ")
KAZAKH_LETTERS = set("аәбвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщъыіьэюя")
VOICELESS = set("пфкқтсшщхцч")
WORD = re.compile(r"\w+")
CYRILLIC = re.compile("[а-яәғқңөұүһі]")

CASE = (
    "ндағы", "ндегі", "дағы", "дегі", "тағы", "тегі",
    "менен", "ның", "нің", "дың", "дің", "тың", "тің",
    "ндан", "нден", "дан", "ден", "тан", "тен", "нан", "нен",
    "мен", "бен", "пен", "нда", "нде", "да", "де", "та", "те",
    "ға", "ге", "қа", "ке", "на", "не", "ды", "ді", "ты", "ті", "ны", "ні", "а", "е", "н",
)
POSSESSIVE = ("ымыз", "іміз", "ыңыз", "іңіз", "мыз", "міз", "ңыз", "ңіз", "сы", "сі", "ым", "ім", "ың", "ің", "ы", "і")
PLURAL = ("лар", "лер", "дар", "дер", "тар", "тер")
DERIVATION = ("лық", "лік", "дық", "дік", "тық", "тік")
# DERIVATION is not stripped: it merged әкім (akim) with әкімдік (akimat) and министр with министрлік, and cost 15
# points of precision on bench/kazakh_search.py for no recall (docs/performance.md, "Kazakh search").
LAYERS = tuple(sorted(layer, key=len, reverse=True) for layer in (CASE, POSSESSIVE, PLURAL))

AFTER_POSSESSIVE = {"ндағы", "ндегі", "ндан", "нден", "нда", "нде", "на", "не", "н"}
AFTER_VOWEL_OR_NASAL = {"ның", "нің", "нан", "нен", "ны", "ні"}
NO_HARMONY = {"мен", "бен", "пен", "менен"}  # the instrumental has е after any stem
MUTATION = str.maketrans({"б": "п", "г": "к", "ғ": "қ"})


def harmony(stem):
    """'back', 'front' or None (no telling) for the last vowel of ``stem``; е after a vowel (-аев, -иев) is read as
    in Kazakh speech, a glide that does not set the harmony, so "Тоқаевтың" stays back."""
    for i in range(len(stem) - 1, -1, -1):
        letter = stem[i]
        if letter in BACK:
            return "back"
        if letter in FRONT and not (letter == "е" and i and stem[i - 1] in VOWELS):
            return "front"
    return None


def fits(stem, ending):
    """May ``ending`` come off, leaving ``stem``?"""
    if len(stem) < MIN_STEM:
        return False
    vowels = [c for c in ending if c in VOWELS]
    if vowels and ending not in NO_HARMONY and harmony(stem) not in (None, "back" if vowels[0] in BACK else "front"):
        return False
    last = stem[-1]
    if ending == "н":  # бағдарлама-сы-н, облыс-ы-н; not жиын, кәсіпорын, орын
        return stem[-2:] in ("сы", "сі")
    if ending in AFTER_POSSESSIVE:
        return last in "ыі"
    if ending in ("ны", "ні"):
        return last in VOWELS
    if ending in ("ның", "нің", "нан", "нен"):
        return last in VOWELS or last in "мнң"
    if ending in ("а", "е"):  # to my, to your: -ым-а, -ің-е
        return stem[-2:] in ("ым", "ім", "ың", "ің")
    if ending in ("ы", "і", "ым", "ім", "ың", "ің", "ымыз", "іміз", "ыңыз", "іңіз"):
        return last not in VOWELS
    if ending in ("сы", "сі", "мыз", "міз", "ңыз", "ңіз"):
        return last in VOWELS and last not in "ыі"  # облыс-ы, not облы-сы
    if ending[0] in "тқкп":  # -та, -тың, -қа, -пен …: after a voiceless consonant, or the в of -ов/-ев names
        return last in VOICELESS or last == "в"
    if ending[0] in "дғгб":  # -да, -дың, -ға, -бен …: not after a voiceless consonant
        return last not in VOICELESS and not (ending[:2] in ("ды", "ді") and last in VOWELS)
    return True

def is_kazakh(word):
    return all(c in KAZAKH_LETTERS for c in word) and not FOREIGN.intersection(word)


def normalised(word):
    word = unicodedata.normalize("NFC", word).lower()
    if "i" in word and CYRILLIC.search(word):
        word = word.replace("i", "і")  # a Latin i typed for the Kazakh і
    return word


def strip(word, skip=()):
    for layer in LAYERS:
        for ending in layer:
            if ending not in skip and word.endswith(ending) and fits(word[:-len(ending)], ending):
                word = devoiced(word[:-len(ending)])
                break
    return devoiced(word)


def devoiced(word):
    """A final б, г, ғ back to п, к, қ: Kazakh words do not end in a voiced stop (кітаб-ы → кітап)."""
    return word[:-1] + word[-1].translate(MUTATION) if word else word


def readings(word):
    """The stems ``word`` may have, most likely first: one, or two where the ending is ambiguous without a
    dictionary — "-ны/-ні" is the accusative after a vowel (Астана-ны) or the possessive after н (аудан-ы); "-ды/-ті"
    the accusative or the end of a name (Қарағанды)."""
    word = normalised(word)
    if not is_kazakh(word):
        return (word,)
    first = strip(word)
    if word.endswith(("ны", "ні")):
        second = strip(word, skip={"ны", "ні"})
    elif word.endswith(("ды", "ді", "ты", "ті")):
        second = strip(word, skip={"ды", "ді", "ты", "ті"})  # the accusative, or a name that ends so: Қарағанды
    else:
        return (first,)
    return (first, second) if second != first else (first,)


def stem(word):
    """The search stem of one word: lower-cased and NFC-normalised, Kazakh endings stripped."""
    return readings(word)[0]


def words(text):
    return WORD.findall(unicodedata.normalize("NFC", text))


def stems(text):
    """The readings (see ``readings``) of the words of ``text``, in order."""
    return [readings(word) for word in words(text)]


def stem_text(text):
    """``text`` as a line of stems separated by spaces, every reading of an ambiguous word (what PostgreSQL's
    ``simple`` configuration indexes)."""
    return " ".join(reading for found in stems(text) for reading in found)


def search_text(title, lead, body):
    """What ``LiveVersion.search_text`` holds for a Kazakh version: the MD5 of the text it was made from, then the
    stems of the title, the lead and the body, one line each. The search trigger indexes these lines only while the
    MD5 still matches the row's text, so an update that bypasses ``fill_search_text`` falls back to the plain words
    instead of leaving stale stems (``articles.public.search.TRIGGER_SQL``)."""
    digest = hashlib.md5("\n".join((title, lead, body)).encode(), usedforsecurity=False).hexdigest()
    return "\n".join((digest, stem_text(title), stem_text(lead), stem_text(body)))

"""Alphabetical order for Kazakh and Russian names.

Python sorts strings by code point: Cyrillic "Ё" comes before "А", and the Kazakh letters (ә, ғ, қ, ң, ө, ұ, ү, һ, і)
sit after "я". ``sort_key`` orders by the Kazakh alphabet, which holds the Russian one in the same order, so one key
serves both languages; Latin letters come after Cyrillic ones, digits before letters; punctuation (quotes,
dashes) is ignored, as in a dictionary.
"""

KAZAKH_ALPHABET = "аәбвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщъыіьэюя"
_RANK = {letter: rank for rank, letter in enumerate(KAZAKH_ALPHABET)}


def _letter(character):
    if character in _RANK:
        return (2, _RANK[character])
    if character.isdigit():
        return (1, ord(character))
    if character.isspace():
        return (0, 0)
    return (3, ord(character))


def sort_key(text):
    """A key that sorts ``text`` alphabetically in Kazakh and Russian (case-insensitive)."""
    return tuple(_letter(c) for c in " ".join(text.split()).casefold() if c.isalnum() or c.isspace())

"""The Kazakh search stemmer: inflected forms share a stem; short and foreign words are left alone."""

import unicodedata

import pytest

from articles.kazakh import readings, search_text, stem, stem_text


@pytest.mark.parametrize(("forms", "expected"), [
    (["Түркістан", "Түркістанда", "Түркістанның", "Түркістанға", "Түркістаннан", "Түркістанды"], "түркістан"),
    (["Астана", "Астанада", "Астананың", "Астанаға", "Астанадан", "Астананы", "Астанамен"], "астана"),
    (["Шымкент", "Шымкентте", "Шымкенттің", "Шымкентке", "Шымкенттен"], "шымкент"),
    (["облыс", "облысы", "облысында", "облысындағы", "облыстары", "облыстарында", "облысының"], "облыс"),
    (["аудан", "ауданы", "аудандар", "аудандарында", "ауданына", "ауданындағы"], "аудан"),
    (["бағдарлама", "бағдарламасы", "бағдарламасын", "бағдарламалары", "бағдарламасына"], "бағдарлама"),
    (["министр", "министрі", "министрлер", "министрлерімен", "министрдің"], "министр"),
    (["министрлік", "министрлігі", "министрлігінің", "министрліктер", "министрліктің"], "министрлік"),
    (["Тоқаев", "Тоқаевтың", "Тоқаевқа", "Тоқаевпен"], "тоқаев"),
    (["әкім", "әкімі", "әкімдер", "әкімнің", "әкіммен"], "әкім"),
    (["әкімдік", "әкімдігі", "әкімдігінің", "әкімдігімен"], "әкімдік"),
])
def test_inflected_forms_share_the_stem_of_the_bare_word(forms, expected):
    assert stem(forms[0]) == expected
    assert [form for form in forms if expected not in readings(form)] == []


def test_an_ambiguous_ending_gives_both_readings_most_likely_first():
    """-ны is the accusative after a vowel (Астана-ны) or the possessive after н (аудан-ы): both are indexed."""
    assert readings("Астананы") == ("астана", "астанан")
    assert readings("ауданы") == ("ауда", "аудан")
    assert stem_text("Сайрам ауданы") == "сайрам ауда аудан"
    assert readings("Астананың") == ("астана",)


def test_consonant_mutation_at_the_seam_is_undone():
    assert stem("кітабы") == stem("кітап") == "кітап"
    assert stem("жолдағы") == stem("жол")


def test_short_words_are_left_whole():
    for word in ["мен", "және", "үйде", "елде", "ол", "бұл", "да"]:
        assert stem(word) == word


def test_russian_english_and_numbers_are_left_alone():
    for word in ["министерство", "области", "снега", "района", "совещание", "объявил", "подъезд", "Москве"]:
        assert stem(word) == word.lower()
    for word in ["meeting", "Astana", "ministries", "2024", "COVID19"]:
        assert stem(word) == word.lower()


def test_stemming_is_case_and_normalisation_blind():
    assert stem("ТҮРКІСТАНДА") == stem("түркістанда") == "түркістан"
    assert stem(unicodedata.normalize("NFD", "Қайратқа")) == "қайрат"
    assert stem("Түркiстанда") == "түркістан"  # a Latin i typed for the Kazakh і


def test_search_text_holds_a_digest_and_one_line_of_stems_per_field():
    digest, title, lead, body = search_text("Түркістанда жиын", "", "Әкімдіктің отырысы").split("\n")
    assert len(digest) == 32
    assert (title, lead, body) == ("түркістан жиын", "", "әкімдік отырыс")

"""The language of a text: settled by its letters where they leave no doubt, by lingua otherwise."""

import pytest

from articles import language
from articles.language import by_letters, by_model, detect

KAZAKH = ("Облыс әкімі инфрақұрылымды дамыту және тұрғын үй құрылысы мәселелері бойынша кеңес өткізді. Аудан "
          "тұрғындары министрлікпен бірге сумен қамту жобаларын талқылады.")
RUSSIAN = ("Аким области провёл совещание по вопросам развития инфраструктуры и жилищного строительства. Жители "
           "района обсудили проекты водоснабжения вместе с министерством.")
# Russian prose naming Kazakh people and places in Kazakh spelling: too many Kazakh letters to call it Russian by
# its letters, too few to call it Kazakh.
RUSSIAN_WITH_NAMES = ("В Ақтөбе прошла встреча с жителями района, на которой аким Қайрат Ғабдуллин рассказал о "
                      "строительстве школ и больниц в этом году.")
SHORT_KAZAKH = "Сенат депутаттары жиналды"  # Kazakh without one of the nine letters only Kazakh has
ENGLISH = "The Minister of Justice met the heads of regional departments."


@pytest.mark.parametrize(("text", "expected"), [(KAZAKH, "kk"), (RUSSIAN, "ru"), (ENGLISH, "en"), ("", ""),
                                                 ("12.02.2025 — 14:00", "")])
def test_letters_settle_plain_texts(text, expected):
    assert by_letters(text) == expected


@pytest.mark.parametrize("text", [RUSSIAN_WITH_NAMES, SHORT_KAZAKH, "Аким"])
def test_letters_leave_doubtful_texts_to_the_model(text):
    assert by_letters(text) is None


@pytest.mark.parametrize(("text", "expected"), [(KAZAKH, "kk"), (RUSSIAN, "ru"), (ENGLISH, "en"),
                                                (RUSSIAN_WITH_NAMES, "ru"), (SHORT_KAZAKH, "kk")])
def test_detect_answers_as_the_model_does(text, expected):
    assert detect(text) == expected
    assert by_model(text[: language.SAMPLE_CHARS]) == expected


def test_the_model_is_not_asked_when_the_letters_settle_it(monkeypatch):
    asked = []
    monkeypatch.setattr(language, "by_model", lambda sample: asked.append(sample) or "")
    assert [detect(KAZAKH), detect(RUSSIAN), detect(ENGLISH)] == ["kk", "ru", "en"]
    assert asked == []
    assert detect(RUSSIAN_WITH_NAMES) == ""  # the stand-in model's answer: it was asked
    assert asked == [RUSSIAN_WITH_NAMES]


def test_only_the_first_characters_are_judged():
    assert detect(" ".join([ENGLISH] * 4) + " " + RUSSIAN * 3) == "en"
    assert detect(RUSSIAN + " " + RUSSIAN + " " + KAZAKH * 3) == "ru"


@pytest.mark.parametrize(("text", "expected"), [
    ("Qazaqstan Respublikasynyñ Ükimeti otyrysynda öñirlerdiñ damuy qaraldy. Äkim tūrğyndarmen kezdesti.",
     ["ä", "ñ", "ö", "ğ", "ū", "ü"]),
    ("The akim of Turkestan region met residents of Kentau and discussed roads, water and schools.", []),
    ("The Café Nürnberg delegation met the akim of Turkestan region and discussed roads, water and schools in "
     "Kentau, Saryagash and Shymkent; the minister thanked the residents for their patience.", []),
])
def test_latin_letters_english_does_not_use(text, expected):
    """A Latin text is English only if it writes English letters: Kazakh in the Latin alphabet, Turkish or Uzbek
    text is not (a name or two with an accent is)."""
    assert sorted(language.letters_english_does_not_use(text)) == sorted(expected)

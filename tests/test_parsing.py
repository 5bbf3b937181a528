"""The dump parser, on plain text: no database, no Django."""

import datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from articles.parsing import (
    clean_text,
    is_capitalised,
    iter_dump,
    parse_dump,
    parse_source_url,
    split_glued,
)

SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "govkz-law-2025-02-09.txt"
SAMPLE_SOURCES = [
    ("aktobe", "931290"), ("adilet", "931102"), ("adilet", "931105"), ("ontustik", "930418"),
    ("ontustik", "930421"), ("ontustik", "930499"), ("ontustik", "930622"), ("ontustik", "930951"),
    ("ontustik", "930960"), ("ontustik", "930962"), ("ontustik", "931062"), ("ontustik", "931295"),
    ("ontustik", "931469"), ("abay", "931307"), ("abay", "931407"), ("mps", "931189"), ("mps", "931418"),
    ("mam", "931104"), ("enbek", "930165"), ("enbek", "930169"),
]  # fmt: skip
URL = "https://www.gov.kz/memleket/entities/adilet/press/news/details/{}"


@pytest.fixture(scope="module")
def sample():
    return {item.source.news_id: item for item in parse_dump(SAMPLE.read_text(encoding="utf-8"))}


def dump(*lines):
    return parse_dump("\n".join(lines))


# --- the sample ---------------------------------------------------------------------------


def test_sample_has_twenty_items_with_their_sources_in_order():
    items = parse_dump(SAMPLE.read_text(encoding="utf-8"))
    assert [(i.source.agency_slug, i.source.news_id) for i in items] == SAMPLE_SOURCES
    assert all(i.ok for i in items)
    assert {i.section for i in items} == {"Law"}
    assert {i.published for i in items} == {datetime.date(2025, 2, 9)}


def test_sample_titles_lose_their_date(sample):
    assert sample["931102"].title == "Digital bailiff presented at the Digital Almaty 2025 forum"
    assert sample["931104"].title == (
        "Gender equality issues remain relevant and need to be considered comprehensively - Aida Balayeva")
    assert sample["930418"].title == "TURKESTAN: WORKS ON CLEARING ROADS FROM SNOW IN BAIDIBEK DISTRICT"


def test_capital_titles_are_flagged_and_others_are_not(sample):
    capitals = {news_id for news_id, item in sample.items() if item.title_in_capitals}
    assert capitals == {"930418", "930421", "930499", "930622", "930951", "930960", "930962", "931062",
                        "931295", "931469"}
    assert all("capitals" in sample[n].warnings[0].message for n in capitals)


def test_glued_source_line_is_split_off(sample):
    item = sample["931290"]
    assert item.paragraphs[-1].endswith("the akim concluded the meeting.")
    assert not any("Source" in p for i in sample.values() for p in i.paragraphs)


def test_signature_on_its_own_line_and_glued_to_body_and_source(sample):
    assert sample["930622"].signature == "Press service of the akim of the Turkestan region"  # own line
    glued = sample["930418"]
    assert glued.signature == "Press service of the akim of the Turkestan region"
    assert glued.paragraphs[-1].endswith("comfortable conditions for citizens.")
    assert sample["930962"].signature == "Press service of the governor of the Turkestan region"
    russian = sample["931104"]
    assert russian.signature == "Пресс-служба Министерства культуры и информации Республики Казахстан"
    assert russian.paragraphs[-1].endswith("средствах массовой информации.")
    assert sample["931102"].signature == ""


def test_glued_paragraphs_are_restored(sample):
    paragraphs = sample["931102"].paragraphs
    assert paragraphs[1].startswith("The forum discussed")
    assert "Key advantages of the digital solution:" in paragraphs
    assert any(p.startswith("Accuracy: By blocking") for p in paragraphs)


def test_glued_list_items_become_paragraphs(sample):
    assert "- +7700 606 0071" in sample["930421"].paragraphs
    assert any(p.startswith("- eliminates administrative") for p in sample["930169"].paragraphs)


def test_abbreviations_and_decimals_stay_intact(sample):
    assert sample["931418"].paragraphs[-1].endswith("said Zh. Dubirova.")
    assert "1,083.6 billion tenge" in sample["930962"].body
    assert "the Aliya Moldagulova" in sample["931290"].body  # \u200b escapes removed


def test_literal_zero_width_escapes_are_removed(sample):
    assert not any("\\u200b" in i.body or "\u200b" in i.body for i in sample.values())


# --- damage, one kind at a time -------------------------------------------------------------------


def test_windows_line_endings_and_bom():
    items = parse_dump("\ufeffLaw\r\nTitle here 01.02.2025\r\nBody.\r\nSource : " + URL.format(1) + "\r\n")
    assert [(i.section, i.title, i.body, i.source.news_id) for i in items] == [("Law", "Title here", "Body.", "1")]


def test_blank_lines_anywhere():
    items = dump("", "Law", "", "Title 01.02.2025", "", "First.", "", "Second.", "", "Source : " + URL.format(2), "")
    assert items[0].paragraphs == ("First.", "Second.") and items[0].ok


def test_several_sections():
    items = dump("Law", "One 01.02.2025", "Body.", "Source : " + URL.format(1),
                 "Economy", "Two 02.02.2025", "Body.", "Source : " + URL.format(2))
    assert [(i.section, i.title) for i in items] == [("Law", "One"), ("Economy", "Two")]


def test_time_after_the_date():
    item = dump("Title 09.02.2025 14:30", "Body.", "Source : " + URL.format(3))[0]
    assert (item.published, item.published_time) == (datetime.date(2025, 2, 9), datetime.time(14, 30))


def test_kazakh_and_russian_items():
    items = dump("Түркістан облысында жол тазаланды 09.02.2025", "Облыс әкімі жұмысты тексерді.Жол ашық.",
                 "Түркістан облысы әкімінің баспасөз қызметі", "Дереккөз: " + URL.format(4),
                 "В Туркестане очистили дороги 09.02.2025", "Аким области проверил работу.",
                 "Источник: " + URL.format(5) + "?lang=ru")
    assert items[0].signature == "Түркістан облысы әкімінің баспасөз қызметі"
    assert items[0].paragraphs == ("Облыс әкімі жұмысты тексерді.", "Жол ашық.")
    assert items[1].source.language == "ru" and items[1].ok


def test_clean_text_removes_invisible_characters_and_folds_spaces():
    assert clean_text("a\u200b b\\u200B\u00a0 c\u202e\u0007  d\u00ad") == "a b c d"


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("the regional akim.The agenda", ["the regional akim.", "The agenda"]),
        ("solution:Accuracy: high", ["solution:", "Accuracy: high"]),
        ("Сегодня прошла встреча.Министр отметила", ["Сегодня прошла встреча.", "Министр отметила"]),
        ("said Zh. Dubirova.", ["said Zh. Dubirova."]),
        ("said Zh.Dubirova today", ["said Zh.Dubirova today"]),
        ("N.Nazarbayev and No.5 boiler", ["N.Nazarbayev and No.5 boiler"]),
        ("в г.Астана прошла", ["в г.Астана прошла"]),
        ("1,083.6 billion and 9.5 thousand at 14.30", ["1,083.6 billion and 9.5 thousand at 14.30"]),
        ("see https://www.gov.kz/Memleket/Path.Html now", ["see https://www.gov.kz/Memleket/Path.Html now"]),
        ("write to Info@Gov.kz today", ["write to Info@Gov.kz today"]),
        ("medium- and long-term", ["medium- and long-term"]),
        ("numbers:- +7771 322 8282- +7700 606", ["numbers:", "- +7771 322 8282", "- +7700 606"]),
        ("at 3876Send letters", ["at 3876", "Send letters"]),
    ],
)
def test_split_glued(text, parts):
    assert split_glued(text) == parts


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (URL.format(930622), ("adilet", "930622", "")),
        (URL.replace("adilet", "ontustik").format("930622?lang=kk"), ("ontustik", "930622", "kk")),
        ("http://gov.kz/memleket/entities/ABAY/press/news/details/1/", ("abay", "1", "")),
        ("https://www.gov.kz/ru/memleket/entities/mps/press/news/details/77", ("mps", "77", "ru")),
        ("https://www.gov.kz/memleket/entities/enbek/press/article/details/55", ("enbek", "55", "")),
    ],
)
def test_source_url_shapes_have_one_canonical_form(url, expected):
    ref = parse_source_url(url)
    assert (ref.agency_slug, ref.news_id, ref.language) == expected
    assert ref.url == f"https://www.gov.kz/memleket/entities/{expected[0]}/press/news/details/{expected[1]}"


@pytest.mark.parametrize("url", ["", "not-a-url", "https://example.com/memleket/entities/x/press/news/details/1",
                                 "https://www.gov.kz/memleket/entities/x/press/news/details/abc",
                                 "https://www.gov.kz/memleket/entities/x/about"])
def test_other_urls_are_not_sources(url):
    assert parse_source_url(url) is None


def test_is_capitalised():
    assert is_capitalised("TURKESTAN: ECOTOURISM IS DEVELOPING")
    assert not is_capitalised("Turkestan: ecotourism is developing")
    assert not is_capitalised("NEWS")  # too short to judge


# --- error paths, with their lines --------------------------------------------------------------


def only(items):
    assert len(items) == 1
    return items[0]


def messages(item):
    return [(p.line, p.severity, p.message.split(":")[0]) for p in item.problems]


def test_missing_source_line_is_an_error_at_the_title():
    items = dump("Law", "First 01.02.2025", "Body.", "Second 02.02.2025", "Body.", "Source : " + URL.format(1))
    assert messages(items[0]) == [(2, "error", "no Source line")]
    assert items[1].ok


def test_source_label_without_url_is_an_error_at_its_line():
    item = only(dump("Title 01.02.2025", "Body.", "Source :"))
    assert [(p.line, p.severity) for p in item.problems] == [(3, "error")]
    assert "'nothing'" in item.problems[0].message or "nothing" in item.problems[0].message


def test_malformed_source_names_the_value():
    item = only(dump("Title 01.02.2025", "Body.", "Source: https://example.com/news/1"))
    assert "https://example.com/news/1" in item.errors[0].message and item.errors[0].line == 3


def test_invalid_date_is_an_error():
    item = only(dump("Title 31.02.2025", "Body.", "Source : " + URL.format(1)))
    assert messages(item) == [(1, "error", "invalid date '31.02.2025'")]
    assert item.published is None


def test_title_without_date_after_a_source_is_an_error():
    items = dump("One 01.02.2025", "Body.", "Source : " + URL.format(1), "A title without a date",
                 "Its body is here.", "Source : " + URL.format(2))
    assert items[1].title == "A title without a date"
    assert messages(items[1]) == [(4, "error", "title has no date (expected DD.MM.YYYY at the end of the line)")]
    assert items[1].body == "Its body is here."


def test_line_with_only_a_date_is_an_empty_title():
    item = only(dump("09.02.2025", "Body.", "Source : " + URL.format(1)))
    assert messages(item)[0] == (1, "error", "title is empty")


def test_empty_body_is_a_warning():
    item = only(dump("Title 01.02.2025", "Source : " + URL.format(1)))
    assert messages(item) == [(1, "warning", "empty body")]
    assert item.ok


def test_text_before_the_first_title_is_reported_not_dropped():
    items = dump("Some stray sentence that is not a section, because it is long and ends.", "Title 01.02.2025",
                 "Body.", "Source : " + URL.format(1))
    assert items[0].errors[0].line == 1
    assert items[1].ok


def test_empty_input():
    assert parse_dump("") == []
    assert parse_dump("\n\n\r\n") == []


def test_streaming_holds_only_the_current_item():
    pulled = []

    def lines():
        for n in range(1000):
            for line in (f"Title {n} 01.02.2025", "Body.", "Source : " + URL.format(n)):
                pulled.append(line)
                yield line

    first = next(iter_dump(lines()))
    assert first.title == "Title 0"
    assert len(pulled) <= 4  # the first item and the line that closes it


# --- never crashes ---------------------------------------------------------------------------------

REALISTIC = st.one_of(
    st.just(""), st.just("Law"), st.just("Source : " + URL.format(1)), st.just("Source :"),
    st.just("Press service of the akim of the Turkestan region"),
    st.builds(lambda t, d, m: f"{t} {d:02d}.{m:02d}.2025", st.text(max_size=40), st.integers(0, 40),
              st.integers(0, 14)),
    st.builds(lambda a, b: f"{a}.{b}", st.text(max_size=60), st.text(max_size=60)),
    st.text(max_size=120),
)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_never_raises_on_arbitrary_text(text):
    count = len(text.splitlines())
    for item in parse_dump(text):
        assert all(1 <= p.line <= max(count, 1) for p in item.problems)


@settings(max_examples=300, deadline=None)
@given(st.lists(REALISTIC, max_size=30))
def test_never_raises_on_dump_like_lines(lines):
    text = "\n".join(lines)
    count = len(text.splitlines())  # generated text may hold \r or \x0c, which also end lines
    for item in parse_dump(text):
        assert 1 <= item.line <= count
        assert all(1 <= p.line <= count for p in item.problems)
        assert item.ok == (not item.errors)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("aZ.:;- 1é\"«»Жж@/"), max_size=80))
def test_split_glued_is_idempotent_and_loses_nothing(text):
    parts = split_glued(text)
    assert "".join(parts).replace(" ", "") == text.replace(" ", "")
    for part in parts:
        assert split_glued(part) == [part]

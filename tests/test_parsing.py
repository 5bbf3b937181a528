"""The dump parser on plain text: no database, no Django."""

import datetime
import io
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from articles.importing.parsing import clean_text, is_header_line, iter_dump, parse_dump, parse_source_url
from articles.text import is_capitalised, split_glued, strip_invisible

SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "govkz-law-2025-02-09.txt"
SAMPLE_SOURCES = [
    ("aktobe", "931290"), ("adilet", "931102"), ("adilet", "931105"), ("ontustik", "930418"),
    ("ontustik", "930421"), ("ontustik", "930499"), ("ontustik", "930622"), ("ontustik", "930951"),
    ("ontustik", "930960"), ("ontustik", "930962"), ("ontustik", "931062"), ("ontustik", "931295"),
    ("ontustik", "931469"), ("abay", "931307"), ("abay", "931407"), ("mps", "931189"), ("mps", "931418"),
    ("mam", "931104"), ("enbek", "930165"), ("enbek", "930169"),
]  # fmt: skip
CAPITAL_TITLES = {"930418", "930421", "930499", "930622", "930951", "930960", "930962", "931062", "931295", "931469"}
URL = "https://www.gov.kz/memleket/entities/adilet/press/news/details/{}"
CAPITALS_WARNING = "title is in capitals; a sentence-case suggestion is available in the editor"
NO_SOURCE = ("no source line: the item ends at the next title and has no source URL; it is matched on its agency, "
             "date and title")
NO_DATE = "title has no date (expected DD.MM.YYYY at its end or on the line below it)"


def source(n):
    return "Source : " + URL.format(n)


def dump(*lines):
    return parse_dump("\n".join(lines))


def only(items):
    assert len(items) == 1, items
    return items[0]


def problems(item):
    """(line, severity, message up to its first colon) of each problem."""
    return [(p.line, p.severity, p.message.split(":")[0]) for p in item.problems]


@pytest.fixture(scope="module")
def sample_items():
    return parse_dump(SAMPLE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def sample(sample_items):
    return {item.source.news_id: item for item in sample_items}


# --- the sample dump ------------------------------------------------------------------------------


def test_sample_has_twenty_importable_items_in_section_law_dated_9_february(sample_items):
    assert len(sample_items) == 20
    assert all(item.ok for item in sample_items)
    assert {item.section for item in sample_items} == {"Law"}
    assert {item.published for item in sample_items} == {datetime.date(2025, 2, 9)}
    assert {item.published_time for item in sample_items} == {None}


def test_sample_sources_are_keyed_in_order(sample_items):
    assert [(i.source.agency_slug, i.source.news_id) for i in sample_items] == SAMPLE_SOURCES
    assert all(i.source.url == i.raw_source and i.source.language == "" for i in sample_items)


def test_sample_titles_lose_their_date_and_keep_their_case(sample):
    assert sample["931290"].title == (
        "Askhat Shakharov: Projects aimed at Aktobe's development must be implemented without delay")
    assert sample["931102"].title == "Digital bailiff presented at the Digital Almaty 2025 forum"
    assert sample["930418"].title == "TURKESTAN: WORKS ON CLEARING ROADS FROM SNOW IN BAIDIBEK DISTRICT"
    assert sample["931062"].title == "TURKESTAN: PROBLEMS OF REGIONAL RESIDENTS WERE LISTENED TO"
    assert sample["931104"].title == (
        "Gender equality issues remain relevant and need to be considered comprehensively - Aida Balayeva")
    assert sample["930169"].title == (
        "More than 8.5 thousand applications for disability recognition were considered in absentia")


def test_sample_items_span_their_lines(sample):
    assert (sample["931290"].line, sample["931290"].end_line) == (2, 3)
    assert (sample["930622"].line, sample["930622"].end_line) == (14, 19)
    assert (sample["930169"].line, sample["930169"].end_line) == (70, 71)


def test_sample_capital_titles_are_flagged_and_the_others_are_not(sample):
    assert {n for n, item in sample.items() if item.title_in_capitals} == CAPITAL_TITLES
    for news_id in CAPITAL_TITLES:
        assert [(p.severity, p.message) for p in sample[news_id].problems] == [("warning", CAPITALS_WARNING)]
    assert all(not item.problems for n, item in sample.items() if n not in CAPITAL_TITLES)


def test_sample_signatures_are_split_off_wherever_they_stand(sample):
    akim = "Press service of the akim of the Turkestan region"
    assert sample["930622"].signature == akim  # a line of its own
    assert sample["930418"].signature == akim  # glued to the body and to Source
    assert sample["930418"].paragraphs[-1].endswith("comfortable conditions for citizens.")
    assert sample["930962"].signature == "Press service of the governor of the Turkestan region"
    russian = sample["931104"]
    assert russian.signature == "Пресс-служба Министерства культуры и информации Республики Казахстан"
    assert russian.paragraphs[-1].endswith("средствах массовой информации.")
    assert {n for n, item in sample.items() if item.signature} == {
        "930418", "930499", "930622", "930960", "930962", "931062", "931295", "931469", "931104"}
    assert not any("Press service" in item.body or "Пресс-служба" in item.body for item in sample.values())


def test_sample_bodies_hold_no_source_and_no_zero_width_escapes(sample):
    for item in sample.values():
        assert not any("Source :" in p or "\\u200b" in p or "\u200b" in p for p in item.paragraphs)
    assert sample["931290"].paragraphs[-1].endswith("the akim concluded the meeting.")
    assert "in the area of the Aliya Moldagulova International Airport" in sample["931290"].body
    assert sample["930169"].paragraphs[-1].endswith("reducing the risks of corruption.")


def test_sample_paragraph_breaks_are_restored(sample):
    paragraphs = sample["931102"].paragraphs
    assert paragraphs[1].startswith("The forum discussed")
    assert "Key advantages of the digital solution:" in paragraphs
    assert any(p.startswith("Accuracy: By blocking only one account") for p in paragraphs)
    assert paragraphs[-1] == (
        "Real efficiency: In the first 4 months of the project, savings of 550 million tenge were achieved.")
    assert sample["931290"].paragraphs[3].startswith('"Important investment projects')
    assert any(p.startswith("Аида Балаева подробно") for p in sample["931104"].paragraphs)


def test_sample_glued_list_items_become_paragraphs(sample):
    paragraphs = sample["930421"].paragraphs
    start = paragraphs.index('Contact the "Hotline" numbers:')
    assert paragraphs[start + 1:start + 6] == (
        "- +7771 322 8282", "- +7700 606 0071", "- +7775 224 5616", "- +7707 347 3876",
        "Send electronic or written applications to the department's address:")
    assert "tips:" in paragraphs[0] and paragraphs[1].startswith("Carefully study")
    assert [p for p in sample["930169"].paragraphs if p.startswith("- ")][0] == (
        "- eliminates administrative and bureaucratic obstacles;")
    assert sample["930499"].paragraphs[1].startswith("- I would like to note")


def test_sample_abbreviations_decimals_and_line_paragraphs_stay_intact(sample):
    assert sample["931418"].paragraphs[-1].endswith("said Zh. Dubirova.")
    assert "amounted to 1,083.6 billion tenge" in sample["930962"].body
    assert "office 427.3. Submit a request" in sample["930421"].body
    assert "9.5 thousand kilometers" in sample["930951"].body
    assert len(sample["930165"].paragraphs) == 8  # one paragraph per line, none glued


def test_sample_streams_from_a_file_object_the_same_as_from_text(sample_items):
    with SAMPLE.open(encoding="utf-8") as handle:
        assert list(iter_dump(handle)) == sample_items


# --- damage, one kind at a time -------------------------------------------------------------------


def test_source_glued_to_the_last_paragraph_is_split_off():
    item = only(dump("Title 01.02.2025", "It was the meeting.Source : " + URL.format(1)))
    assert item.paragraphs == ("It was the meeting.",)
    assert item.raw_source == URL.format(1) and item.source.news_id == "1" and item.ok


def test_source_after_a_space_is_split_off():
    item = only(dump("Title 01.02.2025", "The risks of corruption. Source : " + URL.format(2)))
    assert item.paragraphs == ("The risks of corruption.",) and item.source.news_id == "2"


def test_signature_glued_to_body_and_source_is_split_off():
    item = only(dump("Title 01.02.2025",
                     "Conditions for citizens.Press service of the akim of the Turkestan region" + source(3)))
    assert item.paragraphs == ("Conditions for citizens.",)
    assert item.signature == "Press service of the akim of the Turkestan region"
    assert item.source.news_id == "3"


def test_russian_signature_glued_after_a_space_is_split_off():
    item = only(dump("Заголовок 01.02.2025",
                     "Работа продолжится. Пресс-служба акимата г. ШымкентSource : " + URL.format(4)))
    assert item.paragraphs == ("Работа продолжится.",)
    assert item.signature == "Пресс-служба акимата г. Шымкент"


@pytest.mark.parametrize("signature", ["Түркістан облысы әкімінің баспасөз қызметі",
                                       "Шымкент қ. әкімдігінің баспасөз орталығы"])
def test_kazakh_signature_is_split_off_on_its_own_line_or_glued(signature):
    own_line, glued = dump("Тақырып 01.02.2025", "Жұмыс жалғасады.", signature, "Дереккөз: " + URL.format(5),
                           "Тақырып 02.02.2025", "Жұмыс жалғасады." + signature, "Дереккөз: " + URL.format(6))
    assert own_line.signature == glued.signature == signature
    assert own_line.paragraphs == glued.paragraphs == ("Жұмыс жалғасады.",)


def test_signature_is_taken_only_from_the_end_of_the_body():
    item = only(dump("Title 01.02.2025", "Press service of the akim of the region", "The work goes on.",
                     source(7)))
    assert item.signature == ""
    assert item.paragraphs == ("Press service of the akim of the region", "The work goes on.")


def test_a_sentence_about_the_press_service_is_no_signature():
    item = only(dump("Title 01.02.2025", "Done.Press service of the akim said the work will continue.", source(8)))
    assert item.signature == ""
    assert item.paragraphs == ("Done.", "Press service of the akim said the work will continue.")


def test_literal_and_real_zero_width_characters_are_removed():
    item = only(dump("Title\u200b 01.02.2025", "In the area of \\u200b\\u200bthe airport\u200b.", source(9)))
    assert item.title == "Title"
    assert item.paragraphs == ("In the area of the airport.",)


def test_title_in_capitals_is_flagged_with_a_warning():
    item = only(dump("TURKESTAN: ROADS CLEARED 01.02.2025", "Body.", source(10)))
    assert item.title_in_capitals and item.ok
    assert [(p.line, p.severity, p.message) for p in item.problems] == [(1, "warning", CAPITALS_WARNING)]


def test_windows_line_endings_and_byte_order_mark():
    items = parse_dump("\ufeffLaw\r\nTitle here 01.02.2025\r\nBody.\r\n" + source(11) + "\r\n")
    assert [(i.section, i.title, i.body, i.source.news_id) for i in items] == [("Law", "Title here", "Body.", "11")]


def test_old_mac_line_endings_inside_streamed_chunks():
    items = list(iter_dump(["\ufeffTitle 01.02.2025\rBody.\r", source(12) + "\r\n"]))
    assert [(i.line, i.end_line, i.title, i.body) for i in items] == [(1, 3, "Title", "Body.")]


def test_blank_lines_anywhere():
    items = dump("", "Law", "", "Title 01.02.2025", "", "First.", "  ", "Second.", "", source(13), "", "")
    assert only(items).paragraphs == ("First.", "Second.")
    assert items[0].ok and (items[0].line, items[0].end_line) == (4, 10)


def test_title_at_the_end_of_input_without_newline():
    items = parse_dump("Title 01.02.2025\nBody.\n" + source(14) + "\nLast title 02.02.2025")
    assert [i.title for i in items] == ["Title", "Last title"]
    assert problems(items[1]) == [(4, "warning", "no source line"), (4, "warning", "empty body")]


def test_several_sections_each_start_a_group():
    items = dump("Law", "One 01.02.2025", "Body.", source(15), "", "Economy", "Two 02.02.2025", "Body.", source(16),
                 "Three 03.02.2025", "Body.", source(17))
    assert [(i.section, i.title) for i in items] == [("Law", "One"), ("Economy", "Two"), ("Economy", "Three")]


def test_time_after_the_date_is_kept():
    item = only(dump("Title 09.02.2025 14:30", "Body.", source(18)))
    assert (item.title, item.published, item.published_time) == ("Title", datetime.date(2025, 2, 9),
                                                                datetime.time(14, 30))


def test_single_digit_day_and_month():
    assert only(dump("Title 9.2.2025", "Body.", source(19))).published == datetime.date(2025, 2, 9)


def test_kazakh_and_russian_items_with_their_source_labels():
    items = dump("Құқық", "Түркістан облысында жол тазаланды 09.02.2025", "Облыс әкімі жұмысты тексерді.Жол ашық.",
                 "Түркістан облысы әкімінің баспасөз қызметі", "Дереккөз: " + URL.format(20) + "?lang=kk",
                 "В Туркестане очистили дороги 09.02.2025", "Аким проверил работу.Дороги открыты.",
                 "ИСТОЧНИК : https://www.gov.kz/ru/memleket/entities/adilet/press/news/details/21")
    assert [i.section for i in items] == ["Құқық", "Құқық"]
    assert items[0].paragraphs == ("Облыс әкімі жұмысты тексерді.", "Жол ашық.")
    assert items[0].signature == "Түркістан облысы әкімінің баспасөз қызметі"
    assert [(i.source.news_id, i.source.language) for i in items] == [("20", "kk"), ("21", "ru")]
    assert items[1].paragraphs == ("Аким проверил работу.", "Дороги открыты.")
    assert all(i.ok for i in items)


def test_source_label_is_case_insensitive_with_optional_spaces():
    items = dump("One 01.02.2025", "a.", "SOURCE:" + URL.format(22),
                 "Two 01.02.2025", "b.", "source  :  " + URL.format(23))
    assert [i.source.news_id for i in items] == ["22", "23"]


# --- error paths, with their lines ---------------------------------------------------------------


def test_missing_source_line_ends_the_item_at_the_next_title_with_a_warning():
    items = dump("Law", "First 01.02.2025", "Body.", "Second 02.02.2025", "Body.", source(24))
    assert [(p.line, p.severity, p.message) for p in items[0].problems] == [(2, "warning", NO_SOURCE)]
    assert (items[0].end_line, items[0].source, items[0].raw_source) == (3, None, "")
    assert items[0].ok and items[1].ok


def test_missing_source_line_at_the_end_of_input_is_a_warning():
    item = only(dump("Title 01.02.2025", "Body."))
    assert problems(item) == [(1, "warning", "no source line")]
    assert item.ok and item.source is None


def test_source_label_without_a_url_is_an_error_at_its_line():
    item = only(dump("Title 01.02.2025", "Body.", "Source :"))
    assert problems(item) == [(3, "error", "Source line has no URL")]
    assert item.raw_source == "" and item.source is None


def test_malformed_source_names_the_value_at_its_line():
    item = only(dump("Title 01.02.2025", "Body.", "", "Source: not-a-url"))
    assert [(p.line, p.severity) for p in item.errors] == [(4, "error")]
    assert "'not-a-url'" in item.errors[0].message and item.raw_source == "not-a-url"


def test_source_outside_gov_kz_is_an_error():
    item = only(dump("Title 01.02.2025", "Body.", "Источник: https://example.com/news/1"))
    assert "https://example.com/news/1" in item.errors[0].message and item.errors[0].line == 3


def test_invalid_calendar_date_is_an_error_at_the_title():
    item = only(dump("Law", "Title 31.02.2025", "Body.", source(25)))
    assert problems(item) == [(2, "error", "invalid date '31.02.2025'")]
    assert (item.title, item.published) == ("Title", None)


def test_invalid_time_is_an_error_and_keeps_the_date():
    item = only(dump("Title 09.02.2025 25:10", "Body.", source(26)))
    assert problems(item) == [(1, "error", "invalid time '25")]
    assert (item.published, item.published_time) == (datetime.date(2025, 2, 9), None)


def test_line_with_only_a_date_is_an_empty_title():
    item = only(dump("09.02.2025", "Body.", source(27)))
    assert problems(item) == [(1, "error", "title is empty")]
    assert item.title == "" and item.published == datetime.date(2025, 2, 9)


def test_line_after_a_source_line_starts_an_item_even_without_a_date():
    items = dump("One 01.02.2025", "Body.", source(28), "", "A title without a date", "Its body is here.",
                 source(29))
    assert [(p.line, p.severity, p.message) for p in items[1].problems] == [(5, "error", NO_DATE)]
    assert (items[1].title, items[1].body, items[1].published) == ("A title without a date", "Its body is here.", None)
    assert items[1].source.news_id == "29"


def test_short_line_after_a_source_is_a_section_only_when_a_title_follows():
    items = dump("One 01.02.2025", "Body.", source(30), "Short line", "Body of it.", source(31))
    assert (items[1].section, items[1].title, items[1].body) == ("", "Short line", "Body of it.")
    assert problems(items[1]) == [(4, "error", NO_DATE)]


def test_empty_body_is_a_warning():
    item = only(dump("Title 01.02.2025", source(32)))
    assert problems(item) == [(1, "warning", "empty body")]
    assert item.ok and item.paragraphs == () and item.body == ""


def test_text_before_the_first_title_is_reported_not_dropped():
    items = dump("A stray sentence, long enough not to be a section line.", "More of it.", "Law",
                 "Title 01.02.2025", "Body.", source(33))
    stray = items[0]
    assert (stray.line, stray.end_line, stray.title, stray.source) == (1, 3, "", None)
    assert stray.paragraphs == ("A stray sentence, long enough not to be a section line.", "More of it.", "Law")
    assert problems(stray) == [(1, "error", "text before the first title")]
    assert items[1].ok and items[1].section == ""


def test_source_line_without_a_title_is_an_error():
    items = dump("One 01.02.2025", "Body.", source(34), source(35))
    assert [(i.line, i.title) for i in items] == [(1, "One"), (4, "")]
    assert problems(items[1]) == [(4, "error", "Source line without a title")]


def test_empty_input_has_no_items():
    assert parse_dump("") == []
    assert parse_dump("\n\n\r\n \ufeff\n") == []


def test_problems_come_in_severity_properties():
    item = only(dump("TITLE IN CAPITALS HERE 31.02.2025", "Source: nowhere"))
    assert [p.line for p in item.errors] == [1, 2]
    assert [p.message.split(":")[0].split(";")[0] for p in item.warnings] == ["empty body", "title is in capitals"]
    assert not item.ok


# --- layouts of other pages of the aggregator -----------------------------------------------------

KAZAKH_PAGE = [
    "Gov.kz жаңалықтары",                                                                        # 1 header
    "Басты бет",                                                                                 # 2
    "Жаңалықтар",                                                                                # 3
    "17.10.2025",                                                                                # 4
    "Түркістан облысында жаңа мектеп ашылды",                                                     # 5 title
    "17.10.2025 09:33",                                                                          # 6 date under it
    "Облыс әкімі жаңа мектептің ашылу салтанатына қатысты.Мектеп 600 оқушыға арналған.",          # 7
    "Түркістан облысы әкімінің баспасөз қызметі",                                                # 8
    "Ақпарат көзі : " + URL.format(41) + "?lang=kk",                                              # 9
    "Шымкентте жол жөндеу жұмыстары басталды",                                                    # 10 title
    "17.10.2025 11:05:12 208",                                                                   # 11 seconds, views
    "Қала әкімдігі биыл 40 көшені жөндеуді жоспарлап отыр.Ақпарат көзі:" + URL.format(42),        # 12
    "Ақтөбеде қайырымдылық жәрмеңкесі өтті",                                                      # 13 title
    "18.10.2025",                                                                                # 14
    "Жәрмеңкеге 200-ден астам тұрғын қатысты. Жиналған қаражат балалар үйіне беріледі.",          # 15 no source
    "Алматыда ғылыми конференция өтті 18.10.2025 15:00",                                          # 16 date at end
    "Конференцияға 12 елден ғалымдар қатысты.",                                                   # 17
    "АҚПАРАТ КӨЗІ : " + URL.format(43),                                                          # 18
]


@pytest.fixture
def kazakh_page():
    return dump(*KAZAKH_PAGE)


def test_kazakh_page_header_lines_are_skipped_and_every_release_is_kept(kazakh_page):
    assert [(i.line, i.end_line, i.title) for i in kazakh_page] == [
        (5, 9, "Түркістан облысында жаңа мектеп ашылды"),
        (10, 12, "Шымкентте жол жөндеу жұмыстары басталды"),
        (13, 15, "Ақтөбеде қайырымдылық жәрмеңкесі өтті"),
        (16, 18, "Алматыда ғылыми конференция өтті"),
    ]
    assert all(item.ok and item.section == "" for item in kazakh_page)


def test_kazakh_page_dates_under_the_title_with_time_seconds_and_views(kazakh_page):
    assert [(i.published, i.published_time) for i in kazakh_page] == [
        (datetime.date(2025, 10, 17), datetime.time(9, 33)),
        (datetime.date(2025, 10, 17), datetime.time(11, 5, 12)),
        (datetime.date(2025, 10, 18), None),
        (datetime.date(2025, 10, 18), datetime.time(15, 0)),
    ]
    assert "208" not in kazakh_page[1].body


def test_kazakh_page_source_labels_on_their_line_glued_and_in_capitals(kazakh_page):
    assert [(i.source.news_id, i.source.language) if i.source else None for i in kazakh_page] == [
        ("41", "kk"), ("42", ""), None, ("43", ""),
    ]
    assert kazakh_page[0].paragraphs == ("Облыс әкімі жаңа мектептің ашылу салтанатына қатысты.",
                                         "Мектеп 600 оқушыға арналған.")
    assert kazakh_page[0].signature == "Түркістан облысы әкімінің баспасөз қызметі"
    assert kazakh_page[1].paragraphs == ("Қала әкімдігі биыл 40 көшені жөндеуді жоспарлап отыр.",)


def test_kazakh_page_release_without_a_source_ends_at_the_next_title_with_a_warning(kazakh_page):
    item = kazakh_page[2]
    assert (item.source, item.raw_source) == (None, "")
    assert item.body == "Жәрмеңкеге 200-ден астам тұрғын қатысты. Жиналған қаражат балалар үйіне беріледі."
    assert [(p.line, p.severity, p.message) for p in item.problems] == [(13, "warning", NO_SOURCE)]


@pytest.mark.parametrize("label", ["Ақпарат көзі : ", "Ақпарат көзі:", "ақпарат көзі  :  ", "АҚПАРАТ КӨЗІ: "])
def test_kazakh_source_label_on_its_own_line(label):
    item = only(dump("Тақырып 01.02.2025", "Жұмыс жалғасады.", label + URL.format(44)))
    assert item.source.news_id == "44" and item.paragraphs == ("Жұмыс жалғасады.",) and item.ok


@pytest.mark.parametrize("glue", ["", " "])
def test_kazakh_source_label_glued_to_the_last_sentence(glue):
    item = only(dump("Тақырып 01.02.2025", f"Жұмыс жалғасады.{glue}Ақпарат көзі : " + URL.format(45)))
    assert item.source.news_id == "45" and item.paragraphs == ("Жұмыс жалғасады.",)


def test_date_on_the_line_under_the_title_after_a_source_line():
    items = dump("One", "01.02.2025", "Body.", source(46), "Two", "02.02.2025 10:30", "Body two.", source(47))
    assert [(i.line, i.title, i.published, i.published_time, i.body) for i in items] == [
        (1, "One", datetime.date(2025, 2, 1), None, "Body."),
        (5, "Two", datetime.date(2025, 2, 2), datetime.time(10, 30), "Body two."),
    ]
    assert all(i.ok for i in items)


def test_date_under_the_title_ends_a_release_that_has_no_source_line():
    first, second = dump("One", "01.02.2025", "Body of one.", "Two", "02.02.2025", "Body of two.", source(48))
    assert (first.end_line, first.body, first.source) == (3, "Body of one.", None)
    assert (second.line, second.title, second.source.news_id) == (4, "Two", "48")


def test_article_page_date_time_seconds_and_views_under_the_title():
    item = only(dump("Заголовок статьи", "17.10.2025 09:33:46 208", "Текст.", source(49)))
    assert (item.title, item.published, item.published_time) == ("Заголовок статьи", datetime.date(2025, 10, 17),
                                                                 datetime.time(9, 33, 46))
    assert item.body == "Текст." and item.ok


def test_invalid_date_under_the_title_points_at_the_date_line():
    item = only(dump("Title", "31.02.2025", "Body.", source(50)))
    assert problems(item) == [(2, "error", "invalid date '31.02.2025'")]


def test_a_site_header_with_its_own_date_line_is_skipped():
    items = dump("Ақпараттық агрегатор", "17.10.2025", "Басты бет", "Новости",
                 "Title of the release", "17.10.2025 09:33", "Body.", source(51))
    assert [(i.line, i.title) for i in only_ok(items)] == [(5, "Title of the release")]


def test_header_lines_before_a_title_ending_in_its_date_are_skipped():
    items = dump("Gov.kz", "Жаңалықтар", "Новости", "Title 01.02.2025", "Body.", source(52))
    assert [(i.line, i.title, i.section) for i in only_ok(items)] == [(4, "Title", "")]


def test_sentences_before_the_first_title_are_no_header():
    items = dump("Gov.kz", "This sentence belongs to no release.", "Title 01.02.2025", "Body.", source(53))
    assert problems(items[0]) == [(1, "error", "text before the first title")]
    assert items[0].paragraphs == ("Gov.kz", "This sentence belongs to no release.")


def only_ok(items):
    assert all(item.ok for item in items), [item.problems for item in items]
    return items



# --- streaming -----------------------------------------------------------------------------------


def counting_lines(count, with_source=True):
    pulled = []

    def lines():
        for n in range(count):
            block = [f"Title {n} 01.02.2025", "Body."] + ([source(n)] if with_source else [])
            for line in block:
                pulled.append(line)
                yield line + "\n"

    return pulled, lines()


def test_streaming_yields_an_item_as_soon_as_its_source_line_is_read():
    pulled, lines = counting_lines(100_000)
    items = iter_dump(lines)
    assert next(items).title == "Title 0" and len(pulled) == 3
    assert next(items).title == "Title 1" and len(pulled) == 6


def test_streaming_an_item_without_source_reads_only_the_next_title():
    pulled, lines = counting_lines(100_000, with_source=False)
    assert next(iter_dump(lines)).title == "Title 0" and len(pulled) == 3


def test_iter_dump_reads_a_file_object():
    handle = io.StringIO("Law\nTitle 01.02.2025\nBody.\n" + source(36) + "\n")
    assert [(i.section, i.title, i.source.news_id) for i in iter_dump(handle)] == [("Law", "Title", "36")]


# --- split_glued ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("the regional akim.The agenda", ["the regional akim.", "The agenda"]),
        ("solution:Accuracy: high", ["solution:", "Accuracy: high"]),
        ("several tips:Carefully study", ["several tips:", "Carefully study"]),
        ("Is it done?Yes!Good", ["Is it done?", "Yes!", "Good"]),
        ("of this year;The Ministry", ["of this year;", "The Ministry"]),
        ('the "E-roads".Next year', ['the "E-roads".', "Next year"]),
        ("(2024).Source of pride", ["(2024).", "Source of pride"]),
        ('buildings."Important projects," he said', ["buildings.", '"Important projects," he said']),
        ("projects.“In the future”", ["projects.", "“In the future”"]),
        ("проекта «Школа анализа».Аида Балаева", ["проекта «Школа анализа».", "Аида Балаева"]),
        ("Сегодня прошла встреча.Министр отметила", ["Сегодня прошла встреча.", "Министр отметила"]),
        ("Жұмыс жалғасады.Әкім тапсырды.Ұлттық", ["Жұмыс жалғасады.", "Әкім тапсырды.", "Ұлттық"]),
        ("numbers:- +7771 322 8282- +7700 606 0071", ["numbers:", "- +7771 322 8282", "- +7700 606 0071"]),
        ("without leaving home;- eliminates contact", ["without leaving home;", "- eliminates contact"]),
        ("the region.- I would like", ["the region.", "- I would like"]),
        ("+7707 347 3876Send applications", ["+7707 347 3876", "Send applications"]),
    ],
)
def test_split_glued_restores_lost_breaks(text, parts):
    assert split_glued(text) == parts


@pytest.mark.parametrize(
    "text",
    [
        "said Zh. Dubirova.", "said Zh.Dubirova today", "N.Nazarbayev and No.5 boiler", "Mr.Smith arrived",
        "то есть т.е.Аида", "в г.Астана прошла", "школа им.Абая", "the U.S.Army", "1,083.6 billion and 9.5 thousand",
        "at 14.30 in office 427.3", "see https://www.gov.kz/Memleket/Path.Html now", "visit www.Egov.Kz.Today",
        "open gov.kz/Memleket.Page", "write to Info@Gov.Kz.Then", "and so...Then more", "and so…Then more",
        "medium- and long-term", "country,railway", "Cattle – 970.1 thousand", "14:30Today",
    ],
)
def test_split_glued_never_splits_abbreviations_numbers_urls_or_ellipses(text):
    assert split_glued(text) == [text]


def test_split_glued_of_blank_text_is_empty():
    assert split_glued("") == [] and split_glued("   ") == []


# --- small functions -----------------------------------------------------------------------------


def test_clean_text_removes_invisible_characters_and_folds_spaces():
    assert clean_text("a\u200b b\\u200B\u00a0 c\u202e\u0007  d\u00ad") == "a b c d"
    assert clean_text("\ufeff x\u2066y\u2069\\u2060z\u3000w\u202f\t ") == "xyz w"
    assert clean_text("\\ufeffline\\u00a0one \n  line two\x85") == "line one\nline two"


def test_clean_text_removes_escapes_completed_by_removing_others():
    assert clean_text("a\\u\\u200b200bb") == "ab"


def test_is_capitalised_needs_eight_letters_mostly_upper():
    assert is_capitalised("TURKESTAN: ECOTOURISM IS DEVELOPING")
    assert is_capitalised("ТҮРКІСТАН ОБЛЫСЫНДА ЖОЛ ТАЗАЛАНДЫ")
    assert is_capitalised("VICE-PRIME MINISTER VISITS THE Koskorgan RESERVOIR")  # 36 of 44 letters: 82%
    assert not is_capitalised("VICE-PRIME MINISTER VISITS Koskorgan")  # 24 of 32 letters: 75%
    assert not is_capitalised("Turkestan: ecotourism is developing")
    assert not is_capitalised("NEWS 2025")  # too few letters to judge
    assert not is_capitalised("THE NEW Digital Family Card")


@pytest.mark.parametrize(
    ("url", "slug", "news_id", "language"),
    [
        ("https://www.gov.kz/memleket/entities/aktobe/press/news/details/931290", "aktobe", "931290", ""),
        ("https://www.gov.kz/memleket/entities/ontustik/press/news/details/930622?lang=kk", "ontustik", "930622", "kk"),
        ("http://gov.kz/memleket/entities/ABAY/press/news/details/1/", "abay", "1", ""),
        ("https://www.gov.kz/ru/memleket/entities/mps/press/news/details/77", "mps", "77", "ru"),
        ("https://www.gov.kz/en/memleket/entities/mps/press/news/details/77?lang=kk", "mps", "77", "kk"),
        ("https://www.gov.kz/memleket/entities/enbek/press/article/details/55", "enbek", "55", ""),
        ("www.gov.kz/memleket/entities/mam/press/news/details/931104#top", "mam", "931104", ""),
        ("<https://WWW.GOV.KZ/memleket/entities/kgd-almaty/press/news/details/9>.", "kgd-almaty", "9", ""),
    ],
)
def test_source_url_shapes_have_one_canonical_form(url, slug, news_id, language):
    ref = parse_source_url(url)
    assert (ref.agency_slug, ref.news_id, ref.language) == (slug, news_id, language)
    assert ref.url == f"https://www.gov.kz/memleket/entities/{slug}/press/news/details/{news_id}"


@pytest.mark.parametrize("url", [
    "", "not-a-url", "https://example.com/memleket/entities/x/press/news/details/1",
    "https://gov.kz.example.com/memleket/entities/x/press/news/details/1",
    "https://www.gov.kz/memleket/entities/x/press/news/details/abc",
    "https://www.gov.kz/memleket/entities/x/press/news/details/1/photos",
    "https://www.gov.kz/memleket/entities/x/about", "ftp://www.gov.kz/memleket/entities/x/press/news/details/1",
    "https://www.gov.kz/memleket/entities/x/press/news/details/1 and more", "https://[::1/x",
])  # fmt: skip
def test_other_urls_are_not_sources(url):
    assert parse_source_url(url) is None


# --- properties ----------------------------------------------------------------------------------

DATES = st.builds("{:02d}.{:02d}.{}".format, st.integers(0, 40), st.integers(0, 14), st.integers(1990, 2030))
REALISTIC_LINE = st.one_of(
    st.just(""), st.just("Law"), st.just("Экономика"), st.just(source(1)), st.just("Source :"),
    st.just("Source: not-a-url"), st.just("Дереккөз: " + URL.format(2) + "?lang=kk"),
    st.just("Press service of the akim of the Turkestan region"), st.just("Түркістан облысы әкімінің баспасөз қызметі"),
    st.builds("{} {}".format, st.text(max_size=40), DATES),
    st.builds("{} {} {:02d}:{:02d}".format, st.text(max_size=20), DATES, st.integers(0, 30), st.integers(0, 70)),
    st.builds("{}.{}Source : {}".format, st.text(max_size=40), st.text(max_size=40), st.sampled_from([URL, "x"])),
    st.builds("{}.Press service of {}".format, st.text(max_size=40), st.text(max_size=40)),
    st.text(max_size=120),
)
GLUE_PIECES = st.sampled_from([
    "a", "Zh", "The", "Аида", "Әкім", "г", "т", "е", "No", "U", "S", "1", "083", "8282", "Send",
    ".", ":", ";", "!", "?", "...", "…", '"', "«", "»", "“", "”", "(", ")", "- ", "– ", " ", "  ", "@", "/",
    "www.", "https://", "gov", ".kz",
    "Kz", "Info", "LLP", "им", "\u200b",
])  # fmt: skip


def line_count(text):
    return len(text.splitlines())


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_parse_dump_never_raises_and_problems_point_at_real_lines(text):
    for item in parse_dump(text):
        assert 1 <= item.line <= item.end_line <= line_count(text)
        assert all(1 <= p.line <= line_count(text) for p in item.problems)


@settings(max_examples=400, deadline=None)
@given(st.lists(REALISTIC_LINE, max_size=30), st.sampled_from(["\n", "\r\n", "\r"]))
def test_dump_like_lines_never_raise_lose_no_line_and_stream_the_same_as_text(lines, newline):
    text = newline.join(lines)
    items = parse_dump(text)
    for item in items:
        assert 1 <= item.line <= item.end_line <= line_count(text)
        assert all(1 <= p.line <= line_count(text) and p.severity in {"error", "warning"} for p in item.problems)
        assert item.ok == (not item.errors) and set(item.problems) == set(item.errors + item.warnings)
        assert item.source is None or item.source.url.startswith("https://www.gov.kz/memleket/entities/")
    assert list(iter_dump(line + newline for line in text.splitlines())) == items
    sections = {item.section for item in items}
    first = items[0].line if items else line_count(text) + 1
    for number, line in enumerate(text.splitlines(), start=1):  # no line is dropped silently
        if clean_text(line) and clean_text(line) not in sections:
            # only a web page's header (short lines, dates) above the first release is skipped
            assert any(item.line <= number <= item.end_line for item in items) or (
                number < first and is_header_line(clean_text(line))), number


@settings(max_examples=500, deadline=None)
@given(st.one_of(st.lists(GLUE_PIECES, max_size=40).map("".join),
                 st.text(alphabet=st.sampled_from("aZ.:;!?- 1é\"«»“”Жж@/()…"), max_size=80)))
def test_split_glued_is_idempotent_and_loses_nothing(text):
    parts = split_glued(text)
    assert "".join("".join(parts).split()) == "".join(text.split())
    for part in parts:
        assert part and part == part.strip()
        assert split_glued(part) == [part]


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_clean_text_is_idempotent_and_leaves_no_invisible_characters(text):
    cleaned = clean_text(text)
    assert clean_text(cleaned) == cleaned
    assert not any(ch in cleaned for ch in "\u200b\u200c\u200d\u2060\ufeff\u00ad\u00a0\u202e\r\t")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec=None, exclude_categories=())))
def test_strip_invisible_leaves_text_that_encodes_and_fits_in_xml(text):
    from xml.sax.saxutils import escape

    from django.utils.xmlutils import SimplerXMLGenerator

    stripped = strip_invisible(text)
    stripped.encode("utf-8")  # no lone surrogates
    SimplerXMLGenerator(io.StringIO()).characters(escape(stripped))  # refuses what XML 1.0 refuses
    assert strip_invisible(stripped) == stripped

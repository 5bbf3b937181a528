"""Dates on public pages in the reader's language, times in Almaty time saying so; machine-readable <time> kept."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from articles.dates import long_date, long_datetime, publication_datetime
from articles.models import Article

ALMATY = ZoneInfo("Asia/Almaty")
MOMENT = datetime.datetime(2025, 2, 9, 14, 30, tzinfo=ALMATY)
WRITTEN = {"en": "9 February 2025, 14:30 (Almaty time)", "ru": "9 февраля 2025, 14:30 (по времени Алматы)",
           "kk": "2025 жылғы 9 ақпан, 14:30 (Алматы уақыты)"}


@pytest.mark.parametrize("language", ["en", "ru", "kk"])
def test_a_moment_is_written_with_its_almaty_time_in_each_language(language):
    assert long_datetime(MOMENT, language) == WRITTEN[language]
    assert long_datetime(MOMENT.astimezone(datetime.UTC), language) == WRITTEN[language]  # stored in UTC
    assert long_datetime(None, language) == ""


def test_the_language_of_the_text_wins_over_the_active_one():
    from django.utils import translation

    with translation.override("ru"):
        assert long_datetime(MOMENT, "kk") == WRITTEN["kk"]
        assert translation.get_language() == "ru"


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "ru", "kk"])
def test_a_release_page_shows_its_publication_and_withdrawal_with_almaty_time(client, make_article, language):
    withdrawn = MOMENT + datetime.timedelta(days=1, hours=2)
    article = make_article(versions={language: "Title"}, status=Article.Status.WITHDRAWN, published_at=MOMENT,
                           withdrawn_at=withdrawn, withdrawn_reasons={language: "Error."})
    page = client.get(article.translations.get().get_absolute_url()).content.decode()
    assert f'<time datetime="2025-02-09T14:30:00+05:00">{WRITTEN[language]}</time>' in page
    said = {"en": "This release was withdrawn on 10 February 2025 at 16:30 (Almaty time).",
            "ru": "Этот пресс-релиз отозван 10 февраля 2025 в 16:30 (по времени Алматы).",
            "kk": "Бұл баспасөз хабарламасы 2025 жылғы 10 ақпанда кері қайтарып алынды (сағат 16:30, Алматы уақыты)."}
    assert f'<time datetime="2025-02-10T16:30:00+05:00">{said[language]}</time>' in page


@pytest.mark.parametrize(("month", "written"), [
    (1, "2025 жылғы 9 қаңтарда"), (2, "2025 жылғы 9 ақпанда"), (4, "2025 жылғы 9 сәуірде"),
    (7, "2025 жылғы 9 шілдеде"), (9, "2025 жылғы 9 қыркүйекте"), (12, "2025 жылғы 9 желтоқсанда"),
])
def test_a_kazakh_date_said_of_when_something_happened_takes_the_locative(month, written):
    """"Updated on 9 February" is "9 ақпанда жаңартылды": the month takes -да/-де/-та/-те by its last sound."""
    assert long_date(datetime.date(2025, month, 9), "kk", case="locative") == written
    assert long_date(datetime.date(2025, month, 9), "ru", case="locative") == long_date(datetime.date(2025, month, 9),
                                                                                         "ru")


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "ru", "kk"])
def test_lists_write_dates_in_the_page_language(client, make_article, language):
    article = make_article(versions={language: "Listed"}, status=Article.Status.PUBLISHED, published_at=MOMENT)
    expected = f'<time datetime="2025-02-09T14:30:00+05:00">{long_date(MOMENT, language)}</time>'
    for path in (f"/{language}/", f"/{language}/news/", f"/{language}/agencies/{article.agency.slug}/"):
        assert expected in client.get(path).content.decode(), path


@settings(max_examples=200, deadline=None)
@given(moment=st.datetimes(min_value=datetime.datetime(1990, 1, 1), max_value=datetime.datetime(2090, 1, 1),
                           timezones=st.sampled_from([datetime.UTC, ALMATY, ZoneInfo("America/New_York")])))
def test_the_templates_iso_date_is_djangos(moment):
    """The Jinja ``date`` filter's "c" (every ``<time datetime>``) skips Django's formatter, not its result."""
    from django.utils import dateformat, timezone

    from kzpress.jinja2 import date

    assert date(moment, "c") == dateformat.format(timezone.localtime(moment), "c")
    assert date(moment, "j E Y") == dateformat.format(timezone.localtime(moment), "j E Y")


@pytest.mark.parametrize(("language", "written"), [("en", "9 February 2025"), ("ru", "9 февраля 2025"),
                                                   ("kk", "2025 жылғы 9 ақпан")])
def test_a_release_dated_without_a_time_shows_no_midnight(language, written):
    """A dump's "09.02.2025" is stored at midnight in Almaty: the page gives the date, not a time nobody gave."""
    midnight = datetime.datetime(2025, 2, 9, tzinfo=ALMATY)
    assert publication_datetime(midnight, language) == written
    assert publication_datetime(midnight.astimezone(datetime.UTC), language) == written
    assert publication_datetime(MOMENT, language) == WRITTEN[language]  # a time the source gave is shown
    assert publication_datetime(midnight + datetime.timedelta(minutes=1), language).endswith(
        WRITTEN[language][WRITTEN[language].index(","):].replace("14:30", "00:01"))
    assert publication_datetime(None, language) == ""


@pytest.mark.django_db
def test_the_release_page_of_a_dump_item_shows_its_date_alone(client, make_article):
    article = make_article(versions={"en": "Title"}, status=Article.Status.PUBLISHED,
                           published_at=datetime.datetime(2025, 2, 9, tzinfo=ALMATY))
    page = client.get(article.translations.get().get_absolute_url()).content.decode()
    assert ">9 February 2025</time>" in page
    assert "9 February 2025, 00:00" not in page  # (the machine-readable datetime keeps its midnight)

"""Dates as readers write them, in Almaty time: "12 February 2025", "12 февраля 2025", "2025 жылғы 12 ақпан";
with the time, "12 February 2025, 14:30 (Almaty time)"."""

from django.utils import formats, timezone, translation

MONTHS = {
    "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"],
    "ru": ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября",
           "ноября", "декабря"],
    "kk": ["қаңтар", "ақпан", "наурыз", "сәуір", "мамыр", "маусым", "шілде", "тамыз", "қыркүйек", "қазан",
           "қараша", "желтоқсан"],
}


FRONT_VOWELS, BACK_VOWELS = set("әеіөүи"), set("аоұыуя")
VOICELESS = set("кқпстфхцчшщ")


def kazakh_locative(word):
    """``word`` with the Kazakh locative ending (-да/-де/-та/-те): front or back by its last vowel, т after a
    voiceless consonant: "ақпан" → "ақпанда", "қыркүйек" → "қыркүйекте", "шілде" → "шілдеде"."""
    vowel = next((letter for letter in reversed(word.lower()) if letter in FRONT_VOWELS | BACK_VOWELS), "а")
    return word + ("т" if word[-1].lower() in VOICELESS else "д") + ("е" if vowel in FRONT_VOWELS else "а")


def long_date(moment, language, case=""):
    """``moment`` (a date, or an aware datetime shown in the site's time zone) written out in ``language``; with
    ``case="locative"``, as said of when something happened ("2025 жылғы 12 ақпанда"; the other languages need no
    ending)."""
    if moment is None:
        return ""
    if hasattr(moment, "tzinfo") and timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    month = MONTHS.get(language, MONTHS["en"])[moment.month - 1]
    if language == "kk":
        return f"{moment.year} жылғы {moment.day} {kazakh_locative(month) if case == 'locative' else month}"
    return f"{moment.day} {month} {moment.year}"


def local_time(moment):
    """An aware ``moment``'s 24-hour time in the site's time zone: "14:30"."""
    return f"{timezone.localtime(moment):%H:%M}" if moment is not None else ""


def long_datetime(moment, language):
    """An aware ``moment`` as its date and 24-hour time in the site's time zone (Asia/Almaty), saying so, in
    ``language``: "9 February 2025, 14:30 (Almaty time)"."""
    if moment is None:
        return ""
    moment = timezone.localtime(moment)
    with translation.override(language):
        return translation.gettext("%(date)s, %(time)s (Almaty time)") % {
            "date": long_date(moment, language), "time": f"{moment:%H:%M}"}


def admin_publication_date(moment):
    """When a release was published as the admin writes a date and time (``DATETIME_FORMAT`` of the active
    language, in the site's time zone); the date alone when the source gave none of its time, as
    ``publication_datetime`` does for readers."""
    if moment is None:
        return ""
    local = timezone.localtime(moment)
    return formats.date_format(local, "DATE_FORMAT" if _midnight(local) else "DATETIME_FORMAT")


def _midnight(local):
    return (local.hour, local.minute, local.second, local.microsecond) == (0, 0, 0, 0)


def publication_datetime(moment, language):
    """When a release was published, as ``long_datetime``; the date alone when the source gave none of its time (a
    gov.kz dump dates an item "09.02.2025": it is stored at midnight, Almaty time, and "00:00" would be a time
    nobody gave)."""
    if moment is None:
        return ""
    local = timezone.localtime(moment)
    if _midnight(local):
        return long_date(local, language)
    return long_datetime(moment, language)

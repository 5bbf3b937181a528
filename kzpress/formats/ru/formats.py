# Russian: Django's own, with hours always in two digits ("2 декабря 2026 г. 08:05").
from django.conf.locale.ru.formats import *  # noqa: F403

TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j E Y г. H:i"
MONTH_DAY_FORMAT = "j E"  # "9 февраля" (Django's "j F": "9 Февраль")

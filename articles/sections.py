"""Section names in the reader's language.

A dump's section line ("Law") is the aggregator's English; readers of the Kazakh and Russian pages and feeds see
the section in their language, or not at all: a name that exists only in another language is foreign text.
"""

import functools
import re

SECTIONS = [  # (en, ru, kk) as the state bodies' sites name them
    ("Law", "Право", "Құқық"),
    ("Regions", "Регионы", "Өңірлер"),
    ("Economy", "Экономика", "Экономика"),
    ("Society", "Общество", "Қоғам"),
    ("Politics", "Политика", "Саясат"),
    ("Culture", "Культура", "Мәдениет"),
    ("Sport", "Спорт", "Спорт"),
    ("Health", "Здравоохранение", "Денсаулық сақтау"),
    ("Education", "Образование", "Білім беру"),
    ("Agriculture", "Сельское хозяйство", "Ауыл шаруашылығы"),
    ("Finance", "Финансы", "Қаржы"),
    ("Industry", "Промышленность", "Өнеркәсіп"),
    ("Ecology", "Экология", "Экология"),
    ("Digitalization", "Цифровизация", "Цифрландыру"),
    ("Science", "Наука", "Ғылым"),
    ("Tourism", "Туризм", "Туризм"),
    ("Transport", "Транспорт", "Көлік"),
    ("Energy", "Энергетика", "Энергетика"),
    ("Security", "Безопасность", "Қауіпсіздік"),
    ("International relations", "Международные отношения", "Халықаралық қатынастар"),
]
LANGUAGES = ("en", "ru", "kk")
CYRILLIC = re.compile("[\u0400-\u04ff]")


@functools.cache
def _index():
    return {name.casefold(): names for names in SECTIONS for name in names}


def section_name(section, language):
    """``section`` in ``language``; an unknown section only when it is written in that language's script."""
    names = _index().get((section or "").strip().casefold())
    if names:
        return names[LANGUAGES.index(language)]
    if not section or bool(CYRILLIC.search(section)) != (language != "en"):
        return ""
    return section


def spellings(section):
    """Every name of ``section`` in the three languages (what a reader may type to filter by it)."""
    return list(_index().get(section.strip().casefold(), (section.strip(),)))

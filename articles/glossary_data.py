"""Starter glossary: the people, places and programmes of the sample releases.

Each entry: kind, canonical forms (en, ru, kk), and variants per language (spellings
met in texts that should become the canonical form of that language).
"""

TERMS = (
    ("person", ("Kassym-Jomart Tokayev", "Касым-Жомарт Токаев", "Қасым-Жомарт Тоқаев"),
     {"en": ["Kasym-Jomart Tokayev", "Kassym-Jomart Tokaev", "Kasym-Zhomart Tokayev"]}),
    ("person", ("Bozumbayev", "Бозумбаев", "Бозымбаев"), {"en": ["Bozymbaev", "Bozumbaev", "Bozymbayev"]}),
    ("person", ("Nuralkhan Kusherov", "Нуралхан Кушеров", "Нұралхан Көшеров"), {"en": ["Nurlakhan Kusherov"]}),
    ("person", ("Yertay", "Ертай", "Ертай"), {"en": ["Yertai", "Ertai", "Ertay"]}),
    ("person", ("Olzhas Bektenov", "Олжас Бектенов", "Олжас Бектенов"), {}),
    ("person", ("Askhat Shakharov", "Асхат Шахаров", "Асхат Шахаров"), {}),
    ("person", ("Aida Balayeva", "Аида Балаева", "Аида Балаева"), {"en": ["Aida Balaeva"]}),
    ("person", ("Zhannat Dubirova", "Жаннат Дубирова", "Жаннат Дубирова"), {}),
    ("person", ("Bekbolat Moldabekov", "Бекболат Молдабеков", "Бекболат Молдабеков"), {}),
    ("place", ("Koskorgan", "Коскорган", "Қосқорған"), {"en": ["Koskorgaan", "Koskurgan"]}),
    ("place", ("Kirpishty", "Кирпишты", "Кірпішті"), {"en": ["Kirpishti"]}),
    ("place", ("Baidibek district", "Байдибекский район", "Бәйдібек ауданы"), {"en": ["Baydibek district"]}),
    ("place", ("Kentau", "Кентау", "Кентау"), {}),
    ("place", ("Turkestan region", "Туркестанская область", "Түркістан облысы"), {"en": ["Turkistan region"]}),
    ("programme", ("Digital Family Card", "Цифровая карта семьи", "Отбасының цифрлық картасы"),
     {"en": ["Family Digital Card"]}),
    ("programme", ("DFC", "ЦКС", "ОЦК"), {"en": ["FDC", "OCC"]}),
    ("organisation", ("Social Code", "Социальный кодекс", "Әлеуметтік кодекс"), {}),
)


def load_glossary(term_model, using="default"):
    """Create the starter terms that are missing (matched on the English canonical form)."""
    for kind, (en, ru, kk), variants in TERMS:
        term_model.objects.using(using).get_or_create(
            canonical_en=en,
            defaults={"kind": kind, "canonical_ru": ru, "canonical_kk": kk,
                      **{f"variants_{lang}": "\n".join(forms) for lang, forms in variants.items()}},
        )

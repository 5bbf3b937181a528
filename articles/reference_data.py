"""Regions, agencies and press-service signatures shipped with kzpress.

``REGIONS`` and ``AGENCIES`` are loaded into the database by a data migration; agencies are
keyed by their gov.kz entity slug (``https://www.gov.kz/memleket/entities/<slug>/``).
``SIGNATURES`` pairs an agency slug with a press-service signature phrase (en/ru/kk) as it
appears at the end of that agency's releases.
"""

REGIONS = (
    ("abay", "region", "Abay Region", "Абайская область", "Абай облысы"),
    ("akmola", "region", "Akmola Region", "Акмолинская область", "Ақмола облысы"),
    ("aktobe", "region", "Aktobe Region", "Актюбинская область", "Ақтөбе облысы"),
    ("almaty-region", "region", "Almaty Region", "Алматинская область", "Алматы облысы"),
    ("atyrau", "region", "Atyrau Region", "Атырауская область", "Атырау облысы"),
    ("east-kazakhstan", "region", "East Kazakhstan Region", "Восточно-Казахстанская область", "Шығыс Қазақстан облысы"),
    ("zhambyl", "region", "Zhambyl Region", "Жамбылская область", "Жамбыл облысы"),
    ("zhetysu", "region", "Zhetysu Region", "Область Жетісу", "Жетісу облысы"),
    ("west-kazakhstan", "region", "West Kazakhstan Region", "Западно-Казахстанская область", "Батыс Қазақстан облысы"),
    ("karaganda", "region", "Karaganda Region", "Карагандинская область", "Қарағанды облысы"),
    ("kostanay", "region", "Kostanay Region", "Костанайская область", "Қостанай облысы"),
    ("kyzylorda", "region", "Kyzylorda Region", "Кызылординская область", "Қызылорда облысы"),
    ("mangystau", "region", "Mangystau Region", "Мангистауская область", "Маңғыстау облысы"),
    ("pavlodar", "region", "Pavlodar Region", "Павлодарская область", "Павлодар облысы"),
    ("north-kazakhstan", "region", "North Kazakhstan Region", "Северо-Казахстанская область",
     "Солтүстік Қазақстан облысы"),
    ("turkestan", "region", "Turkestan Region", "Туркестанская область", "Түркістан облысы"),
    ("ulytau", "region", "Ulytau Region", "Область Ұлытау", "Ұлытау облысы"),
    ("astana", "city", "Astana", "Астана", "Астана"),
    ("almaty", "city", "Almaty", "Алматы", "Алматы"),
    ("shymkent", "city", "Shymkent", "Шымкент", "Шымкент"),
)

AGENCIES = (
    dict(slug="adilet", kind="ministry", region=None,
         name_en="Ministry of Justice of the Republic of Kazakhstan",
         name_ru="Министерство юстиции Республики Казахстан",
         name_kk="Қазақстан Республикасы Әділет министрлігі"),
    dict(slug="enbek", kind="ministry", region=None,
         name_en="Ministry of Labour and Social Protection of the Population of the Republic of Kazakhstan",
         name_ru="Министерство труда и социальной защиты населения Республики Казахстан",
         name_kk="Қазақстан Республикасы Еңбек және халықты әлеуметтік қорғау министрлігі"),
    dict(slug="mps", kind="ministry", region=None,
         name_en="Ministry of Industry and Construction of the Republic of Kazakhstan",
         name_ru="Министерство промышленности и строительства Республики Казахстан",
         name_kk="Қазақстан Республикасы Өнеркәсіп және құрылыс министрлігі"),
    dict(slug="mam", kind="ministry", region=None,
         name_en="Ministry of Culture and Information of the Republic of Kazakhstan",
         name_ru="Министерство культуры и информации Республики Казахстан",
         name_kk="Қазақстан Республикасы Мәдениет және ақпарат министрлігі"),
    dict(slug="ontustik", kind="akimat", region="turkestan",
         name_en="Akimat of Turkestan Region", name_ru="Акимат Туркестанской области",
         name_kk="Түркістан облысының әкімдігі"),
    dict(slug="aktobe", kind="akimat", region="aktobe",
         name_en="Akimat of Aktobe Region", name_ru="Акимат Актюбинской области",
         name_kk="Ақтөбе облысының әкімдігі"),
    dict(slug="abay", kind="akimat", region="abay",
         name_en="Akimat of Abay Region", name_ru="Акимат Абайской области",
         name_kk="Абай облысының әкімдігі"),
    # Central ministries, other central agencies and regional and city akimats whose gov.kz
    # slugs are established by public links to https://www.gov.kz/memleket/entities/<slug>.
    # seen: https://www.gov.kz/memleket/entities/qriim
    dict(slug="qriim", kind="ministry", region=None,
         name_en="Ministry of Internal Affairs of the Republic of Kazakhstan",
         name_ru="Министерство внутренних дел Республики Казахстан",
         name_kk="Қазақстан Республикасы Ішкі істер министрлігі"),
    # seen: https://www.gov.kz/memleket/entities/dsm
    dict(slug="dsm", kind="ministry", region=None,
         name_en="Ministry of Healthcare of the Republic of Kazakhstan",
         name_ru="Министерство здравоохранения Республики Казахстан",
         name_kk="Қазақстан Республикасы Денсаулық сақтау министрлігі"),
    # seen: https://www.gov.kz/memleket/entities/mfa
    dict(slug="mfa", kind="ministry", region=None,
         name_en="Ministry of Foreign Affairs of the Republic of Kazakhstan",
         name_ru="Министерство иностранных дел Республики Казахстан",
         name_kk="Қазақстан Республикасы Сыртқы істер министрлігі"),
    # seen: https://www.gov.kz/memleket/entities/economy
    dict(slug="economy", kind="ministry", region=None,
         name_en="Ministry of National Economy of the Republic of Kazakhstan",
         name_ru="Министерство национальной экономики Республики Казахстан",
         name_kk="Қазақстан Республикасы Ұлттық экономика министрлігі"),
    # seen: https://www.gov.kz/memleket/entities/mod
    dict(slug="mod", kind="ministry", region=None,
         name_en="Ministry of Defence of the Republic of Kazakhstan",
         name_ru="Министерство обороны Республики Казахстан",
         name_kk="Қазақстан Республикасы Қорғаныс министрлігі"),
    # seen: https://www.gov.kz/memleket/entities/edu
    dict(slug="edu", kind="ministry", region=None,
         name_en="Ministry of Education of the Republic of Kazakhstan",
         name_ru="Министерство просвещения Республики Казахстан",
         name_kk="Қазақстан Республикасы Оқу-ағарту министрлігі"),
    # seen: https://www.gov.kz/memleket/entities/moa
    dict(slug="moa", kind="ministry", region=None,
         name_en="Ministry of Agriculture of the Republic of Kazakhstan",
         name_ru="Министерство сельского хозяйства Республики Казахстан",
         name_kk="Қазақстан Республикасы Ауыл шаруашылығы министрлігі"),
    # seen: https://www.gov.kz/memleket/entities/mti
    dict(slug="mti", kind="ministry", region=None,
         name_en="Ministry of Trade and Integration of the Republic of Kazakhstan",
         name_ru="Министерство торговли и интеграции Республики Казахстан",
         name_kk="Қазақстан Республикасы Сауда және интеграция министрлігі"),
    # seen: https://www.gov.kz/memleket/entities/minfin
    dict(slug="minfin", kind="ministry", region=None,
         name_en="Ministry of Finance of the Republic of Kazakhstan",
         name_ru="Министерство финансов Республики Казахстан",
         name_kk="Қазақстан Республикасы Қаржы министрлігі"),
    # seen: https://www.gov.kz/memleket/entities/ecogeo
    dict(slug="ecogeo", kind="ministry", region=None,
         name_en="Ministry of Ecology and Natural Resources of the Republic of Kazakhstan",
         name_ru="Министерство экологии и природных ресурсов Республики Казахстан",
         name_kk="Қазақстан Республикасы Экология және табиғи ресурстар министрлігі"),
    # seen: https://www.gov.kz/memleket/entities/energo
    dict(slug="energo", kind="ministry", region=None,
         name_en="Ministry of Energy of the Republic of Kazakhstan",
         name_ru="Министерство энергетики Республики Казахстан",
         name_kk="Қазақстан Республикасы Энергетика министрлігі"),
    # seen: https://www.gov.kz/memleket/entities/emer
    dict(slug="emer", kind="ministry", region=None,
         name_en="Ministry of Emergency Situations of the Republic of Kazakhstan",
         name_ru="Министерство по чрезвычайным ситуациям Республики Казахстан",
         name_kk="Қазақстан Республикасы Төтенше жағдайлар министрлігі"),
    # seen: https://www.gov.kz/memleket/entities/maidd
    dict(slug="maidd", kind="ministry", region=None,
         name_en="Ministry of Artificial Intelligence and Digital Development of the Republic of Kazakhstan",
         name_ru="Министерство искусственного интеллекта и цифрового развития Республики Казахстан",
         name_kk="Қазақстан Республикасы Жасанды интеллект және цифрлық даму министрлігі"),
    # seen: https://www.gov.kz/memleket/entities/mdai/press/news?lang=ru
    dict(slug="mdai", kind="ministry", region=None,
         name_en="Ministry of Digital Development, Innovations and Aerospace Industry of the Republic of Kazakhstan",
         name_ru="Министерство цифрового развития, инноваций и аэрокосмической промышленности Республики Казахстан",
         name_kk="Қазақстан Республикасы Цифрлық даму, инновациялар және аэроғарыш өнеркәсібі министрлігі"),
    # seen: https://www.gov.kz/memleket/entities/sci/press/news/details/846381?lang=ru
    dict(slug="sci", kind="ministry", region=None,
         name_en="Ministry of Science and Higher Education of the Republic of Kazakhstan",
         name_ru="Министерство науки и высшего образования Республики Казахстан",
         name_kk="Қазақстан Республикасы Ғылым және жоғары білім министрлігі"),
    # seen: https://www.gov.kz/memleket/entities/transport/press/news?lang=ru
    dict(slug="transport", kind="ministry", region=None,
         name_en="Ministry of Transport of the Republic of Kazakhstan",
         name_ru="Министерство транспорта Республики Казахстан",
         name_kk="Қазақстан Республикасы Көлік министрлігі"),
    # seen: https://www.gov.kz/memleket/entities/water/press/news?lang=ru
    dict(slug="water", kind="ministry", region=None,
         name_en="Ministry of Water Resources and Irrigation of the Republic of Kazakhstan",
         name_ru="Министерство водных ресурсов и ирригации Республики Казахстан",
         name_kk="Қазақстан Республикасы Су ресурстары және ирригация министрлігі"),
    # seen: https://www.gov.kz/memleket/entities/tsm/press/news/details/965012
    dict(slug="tsm", kind="ministry", region=None,
         name_en="Ministry of Tourism and Sports of the Republic of Kazakhstan",
         name_ru="Министерство туризма и спорта Республики Казахстан",
         name_kk="Қазақстан Республикасы Туризм және спорт министрлігі"),
    # seen: https://www.gov.kz/memleket/entities/anticorruption
    dict(slug="anticorruption", kind="other", region=None,
         name_en="Anti-Corruption Agency of the Republic of Kazakhstan",
         name_ru="Агентство по противодействию коррупции Республики Казахстан",
         name_kk="Қазақстан Республикасы Сыбайлас жемқорлыққа қарсы іс-қимыл агенттігі"),
    # seen: https://www.gov.kz/memleket/entities/afm
    dict(slug="afm", kind="other", region=None,
         name_en="Agency for Financial Monitoring of the Republic of Kazakhstan",
         name_ru="Агентство по финансовому мониторингу Республики Казахстан",
         name_kk="Қазақстан Республикасы Қаржылық мониторинг агенттігі"),
    # seen: https://www.gov.kz/memleket/entities/qyzmet
    dict(slug="qyzmet", kind="other", region=None,
         name_en="Agency for Civil Service Affairs of the Republic of Kazakhstan",
         name_ru="Агентство по делам государственной службы Республики Казахстан",
         name_kk="Қазақстан Республикасы Мемлекеттік қызмет істері агенттігі"),
    # seen: https://www.gov.kz/memleket/entities/aqmola
    dict(slug="aqmola", kind="akimat", region="akmola",
         name_en="Akimat of Akmola Region",
         name_ru="Акимат Акмолинской области",
         name_kk="Ақмола облысының әкімдігі"),
    # seen: https://www.gov.kz/memleket/entities/atyrau
    dict(slug="atyrau", kind="akimat", region="atyrau",
         name_en="Akimat of Atyrau Region",
         name_ru="Акимат Атырауской области",
         name_kk="Атырау облысының әкімдігі"),
    # seen: https://www.gov.kz/memleket/entities/akimvko
    dict(slug="akimvko", kind="akimat", region="east-kazakhstan",
         name_en="Akimat of East Kazakhstan Region",
         name_ru="Акимат Восточно-Казахстанской области",
         name_kk="Шығыс Қазақстан облысының әкімдігі"),
    # seen: https://www.gov.kz/memleket/entities/zhambyl
    dict(slug="zhambyl", kind="akimat", region="zhambyl",
         name_en="Akimat of Zhambyl Region",
         name_ru="Акимат Жамбылской области",
         name_kk="Жамбыл облысының әкімдігі"),
    # seen: https://www.gov.kz/memleket/entities/bko
    dict(slug="bko", kind="akimat", region="west-kazakhstan",
         name_en="Akimat of West Kazakhstan Region",
         name_ru="Акимат Западно-Казахстанской области",
         name_kk="Батыс Қазақстан облысының әкімдігі"),
    # seen: https://www.gov.kz/memleket/entities/karaganda
    dict(slug="karaganda", kind="akimat", region="karaganda",
         name_en="Akimat of Karaganda Region",
         name_ru="Акимат Карагандинской области",
         name_kk="Қарағанды облысының әкімдігі"),
    # seen: https://www.gov.kz/memleket/entities/kostanay
    dict(slug="kostanay", kind="akimat", region="kostanay",
         name_en="Akimat of Kostanay Region",
         name_ru="Акимат Костанайской области",
         name_kk="Қостанай облысының әкімдігі"),
    # seen: https://www.gov.kz/memleket/entities/kyzylorda
    dict(slug="kyzylorda", kind="akimat", region="kyzylorda",
         name_en="Akimat of Kyzylorda Region",
         name_ru="Акимат Кызылординской области",
         name_kk="Қызылорда облысының әкімдігі"),
    # seen: https://www.gov.kz/memleket/entities/mangystau
    dict(slug="mangystau", kind="akimat", region="mangystau",
         name_en="Akimat of Mangystau Region",
         name_ru="Акимат Мангистауской области",
         name_kk="Маңғыстау облысының әкімдігі"),
    # seen: https://www.gov.kz/memleket/entities/pavlodar
    dict(slug="pavlodar", kind="akimat", region="pavlodar",
         name_en="Akimat of Pavlodar Region",
         name_ru="Акимат Павлодарской области",
         name_kk="Павлодар облысының әкімдігі"),
    # seen: https://www.gov.kz/memleket/entities/sko
    dict(slug="sko", kind="akimat", region="north-kazakhstan",
         name_en="Akimat of North Kazakhstan Region",
         name_ru="Акимат Северо-Казахстанской области",
         name_kk="Солтүстік Қазақстан облысының әкімдігі"),
    # seen: https://www.gov.kz/memleket/entities/astana
    dict(slug="astana", kind="akimat", region="astana",
         name_en="Akimat of Astana",
         name_ru="Акимат города Астаны",
         name_kk="Астана қаласының әкімдігі"),
    # seen: https://www.gov.kz/memleket/entities/almaty
    dict(slug="almaty", kind="akimat", region="almaty",
         name_en="Akimat of Almaty",
         name_ru="Акимат города Алматы",
         name_kk="Алматы қаласының әкімдігі"),
    # seen: https://www.gov.kz/memleket/entities/shymkent
    dict(slug="shymkent", kind="akimat", region="shymkent",
         name_en="Akimat of Shymkent",
         name_ru="Акимат города Шымкент",
         name_kk="Шымкент қаласының әкімдігі"),
    # seen: https://www.gov.kz/memleket/entities/almobl/press/news/details/965343?lang=kk
    dict(slug="almobl", kind="akimat", region="almaty-region",
         name_en="Akimat of Almaty Region",
         name_ru="Акимат Алматинской области",
         name_kk="Алматы облысының әкімдігі"),
    # seen: https://www.gov.kz/memleket/entities/ulytau/documents/details/1017009
    dict(slug="ulytau", kind="akimat", region="ulytau",
         name_en="Akimat of Ulytau Region",
         name_ru="Акимат области Ұлытау",
         name_kk="Ұлытау облысының әкімдігі"),
)

SIGNATURES = (
    # (agency slug, signature phrase); the Kazakh phrases end in "баспасөз қызметі".
    ("adilet", "Press service of the Ministry of Justice of the Republic of Kazakhstan"),
    ("adilet", "Пресс-служба Министерства юстиции Республики Казахстан"),
    ("adilet", "Қазақстан Республикасы Әділет министрлігінің баспасөз қызметі"),
    ("enbek", "Press service of the Ministry of Labour and Social Protection of the Population"
              " of the Republic of Kazakhstan"),
    ("enbek", "Press service of the Ministry of Labor and Social Protection of the Population"
              " of the Republic of Kazakhstan"),
    ("enbek", "Пресс-служба Министерства труда и социальной защиты населения Республики Казахстан"),
    ("enbek", "Қазақстан Республикасы Еңбек және халықты әлеуметтік қорғау министрлігінің баспасөз қызметі"),
    ("mps", "Press service of the Ministry of Industry and Construction of the Republic of Kazakhstan"),
    ("mps", "Пресс-служба Министерства промышленности и строительства Республики Казахстан"),
    ("mps", "Қазақстан Республикасы Өнеркәсіп және құрылыс министрлігінің баспасөз қызметі"),
    ("mam", "Press service of the Ministry of Culture and Information of the Republic of Kazakhstan"),
    ("mam", "Пресс-служба Министерства культуры и информации Республики Казахстан"),
    ("mam", "Қазақстан Республикасы Мәдениет және ақпарат министрлігінің баспасөз қызметі"),
    ("ontustik", "Press service of the akim of the Turkestan region"),
    ("ontustik", "Press service of the governor of the Turkestan region"),
    ("ontustik", "Press service of the akimat of the Turkestan region"),
    ("ontustik", "Пресс-служба акима Туркестанской области"),
    ("ontustik", "Пресс-служба акимата Туркестанской области"),
    ("ontustik", "Түркістан облысы әкімінің баспасөз қызметі"),
    ("ontustik", "Түркістан облысы әкімдігінің баспасөз қызметі"),
    ("aktobe", "Press service of the akim of the Aktobe region"),
    ("aktobe", "Press service of the governor of the Aktobe region"),
    ("aktobe", "Press service of the akimat of the Aktobe region"),
    ("aktobe", "Пресс-служба акима Актюбинской области"),
    ("aktobe", "Пресс-служба акимата Актюбинской области"),
    ("aktobe", "Ақтөбе облысы әкімінің баспасөз қызметі"),
    ("aktobe", "Ақтөбе облысы әкімдігінің баспасөз қызметі"),
    ("abay", "Press service of the akim of the Abay region"),
    ("abay", "Press service of the governor of the Abay region"),
    ("abay", "Press service of the akimat of the Abay region"),
    ("abay", "Пресс-служба акима области Абай"),
    ("abay", "Пресс-служба акимата области Абай"),
    ("abay", "Пресс-служба акима Абайской области"),
    ("abay", "Пресс-служба акимата Абайской области"),
    ("abay", "Абай облысы әкімінің баспасөз қызметі"),
    ("abay", "Абай облысы әкімдігінің баспасөз қызметі"),
)

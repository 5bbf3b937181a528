"""The shipped texts of the footer's pages (``SitePage``): what the data migration creates; administrators edit
them in the admin afterwards."""

CONTACT = "info@kzpress.example"

PAGES = {
    "about": {
        "title_kk": "kzpress туралы",
        "title_ru": "О kzpress",
        "title_en": "About kzpress",
        "body_kk": (
            "kzpress — Қазақстан мемлекеттік органдарының баспасөз хабарламаларын қазақ, орыс және ағылшын "
            "тілдерінде жариялайтын сервис. Мәтіндер мемлекеттік органдардың gov.kz порталындағы беттерінен "
            "алынады; редакторлар оларды тексереді, аудармашылар басқа тілдердегі нұсқаларын дайындайды.\n\n"
            "Әр баспасөз хабарламасында оны шығарған мемлекеттік орган және gov.kz порталындағы дереккөзге "
            "сілтеме көрсетіледі. Түзетілген хабарламада не және қашан өзгергені жазылады; кері қайтарылған "
            "хабарлама өз бетінде тиісті белгімен қалады.\n\n"
            "Кез келген тізімге RSS, Atom немесе JSON Feed арқылы жазылуға болады."
        ),
        "body_ru": (
            "kzpress публикует пресс-релизы государственных органов Казахстана на казахском, русском и английском "
            "языках. Тексты поступают со страниц ведомств на портале gov.kz; редакторы их проверяют, а переводчики "
            "готовят версии на других языках.\n\n"
            "У каждого пресс-релиза указаны выпустившее его ведомство и ссылка на источник на gov.kz. На странице "
            "исправленного пресс-релиза сказано, что и когда изменено; отозванный пресс-релиз остаётся на своей "
            "странице с пометкой об отзыве.\n\n"
            "Любой список можно читать через RSS, Atom или JSON Feed."
        ),
        "body_en": (
            "kzpress publishes the press releases of Kazakhstan's government agencies in Kazakh, Russian and "
            "English. The texts come from the agencies' pages on gov.kz; editors check them and translators "
            "prepare the versions in the other languages.\n\n"
            "Every release names the agency that issued it and links to its source on gov.kz. A corrected release "
            "says what changed and when; a withdrawn one keeps its page, with a notice.\n\n"
            "Every list can be followed by RSS, Atom or JSON Feed."
        ),
    },
    "contacts": {
        "title_kk": "Байланыс",
        "title_ru": "Контакты",
        "title_en": "Contacts",
        "body_kk": (
            "Баспасөз хабарламасының мазмұны бойынша сұрақтарды оны шығарған мемлекеттік органның баспасөз "
            "қызметіне жолдаңыз: байланыс деректері оның gov.kz порталындағы бетінде көрсетілген.\n\n"
            f"Аудармадағы немесе сайттағы қателер туралы {CONTACT} мекенжайына беттің сілтемесін көрсетіп "
            "хабарлаңыз.\n\n"
            "Біз бес жұмыс күні ішінде жауап береміз."
        ),
        "body_ru": (
            "Вопросы по содержанию пресс-релиза направляйте в пресс-службу выпустившего его ведомства: контакты "
            "указаны на его странице на портале gov.kz.\n\n"
            f"Об ошибках в переводе или на сайте сообщайте по адресу {CONTACT}, указав адрес страницы.\n\n"
            "Мы отвечаем в течение пяти рабочих дней."
        ),
        "body_en": (
            "Questions about what a release says: write to the press office of the agency that issued it; its "
            "page on gov.kz lists its contacts.\n\n"
            f"Errors in a translation or on this site: write to {CONTACT} with the address of the page.\n\n"
            "We answer within five working days."
        ),
    },
    "accessibility": {
        "title_kk": "Қолжетімділік туралы мәлімдеме",
        "title_ru": "Заявление о доступности",
        "title_en": "Accessibility statement",
        "body_kk": (
            "Біз бұл баспасөз хабарламаларын әркім оқи алуын қалаймыз. Сайт веб-контенттің қолжетімділігі "
            "жөніндегі нұсқаулықтың (WCAG 2.1) AA деңгейіне сай болуға ұмтылады; беттердің барлық түрі үш тілде "
            "автоматты түрде тексеріледі.\n\n"
            "Беттерді пернетақтамен және экраннан оқу бағдарламаларымен пайдалануға болады, мәтінді мазмұнын "
            "жоғалтпай 200%-ға дейін үлкейтуге болады, әр мәтіннің тілі белгіленген, сондықтан экраннан оқу "
            "бағдарламасы оны дұрыс оқиды.\n\n"
            f"Бірдеңені пайдалану қиын болса, {CONTACT} мекенжайына жазыңыз: бетті және қиындықты сипаттаңыз, біз "
            "бес жұмыс күні ішінде жауап береміз."
        ),
        "body_ru": (
            "Мы хотим, чтобы эти пресс-релизы мог прочитать каждый. Сайт стремится соответствовать уровню AA "
            "Руководства по доступности веб-контента (WCAG 2.1); все типы страниц автоматически проверяются на "
            "трёх языках.\n\n"
            "Страницами можно пользоваться с клавиатуры и с программами экранного доступа, текст можно увеличить "
            "до 200% без потери содержания, а язык каждого текста размечен, чтобы программа экранного доступа "
            "читала его правильно.\n\n"
            f"Если чем-то трудно пользоваться, напишите на {CONTACT}: укажите страницу и опишите затруднение, мы "
            "ответим в течение пяти рабочих дней."
        ),
        "body_en": (
            "We want everyone to be able to read these releases. The site aims to meet level AA of the Web Content "
            "Accessibility Guidelines (WCAG 2.1); every type of page is checked automatically in all three "
            "languages.\n\n"
            "Pages work with a keyboard and with screen readers, text can be enlarged to 200% without losing "
            "content, and every text is marked with its language so that screen readers read it correctly.\n\n"
            f"If something is hard to use, write to {CONTACT}: name the page and describe the problem, and we will "
            "answer within five working days."
        ),
    },
    "licence": {
        "title_kk": "Мәтіндерді пайдалану лицензиясы",
        "title_ru": "Лицензия на тексты",
        "title_en": "Licence of the texts",
        "body_kk": (
            "Баспасөз хабарламалары — оларды шығарған мемлекеттік органдардың ресми ақпараты. Оларды толық немесе "
            "ішінара еркін пайдалануға болады, тек дереккөзін көрсету қажет: мемлекеттік органның атауы және осы "
            "сайттағы немесе gov.kz порталындағы хабарламаға сілтеме.\n\n"
            "Мұнда жарияланған аудармаларды да осы шарттармен пайдалануға болады. Мемлекеттік органның өз мәтіні — "
            "түпнұсқа тіліндегі нұсқа; нұсқалар арасында алшақтық болса, түпнұсқа басым болады."
        ),
        "body_ru": (
            "Пресс-релизы — официальная информация выпустивших их государственных органов. Их можно свободно "
            "воспроизводить полностью или частично при условии указания источника: ведомства и ссылки на "
            "пресс-релиз на этом сайте или на портале gov.kz.\n\n"
            "Опубликованные здесь переводы можно использовать на тех же условиях. Собственный текст ведомства — "
            "версия на языке оригинала; при расхождении версий преимущество имеет оригинал."
        ),
        "body_en": (
            "The press releases are official information of the government agencies that issued them. They may be "
            "reproduced freely, in full or in part, provided the source is named: the agency, and a link to the "
            "release on this site or on gov.kz.\n\n"
            "The translations published here may be reused on the same terms. The agency's own text is the version "
            "in the language of the original; where versions differ, the original prevails."
        ),
    },
}


def load_site_pages(page_model, using="default"):
    """Create the footer's pages that do not exist yet (never overwriting an administrator's edits); takes the
    model class so that a data migration can pass its historical model. Returns how many were created."""
    created = 0
    for slug, fields in PAGES.items():
        created += page_model.objects.using(using).get_or_create(slug=slug, defaults=fields)[1]
    return created

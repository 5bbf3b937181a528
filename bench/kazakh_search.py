"""
Recall and precision of Kazakh search, against hand labels: PostgreSQL's ``simple`` configuration on the words as
written (search before the stemmer) vs the stems of ``articles.kazakh`` (search now), with and without the trigram
fallback for misspelt names.

    .venv/bin/python bench/kazakh_search.py [--database-url postgres://postgres@127.0.0.1:5432/kzpress_kksearch]

The corpus is 44 Kazakh press-release sentences written for this bench (akimats, ministries, regions, programmes,
with inflected place and person names); each query lists, by hand, the sentences a reader asking it wants. The
database is created for the run and dropped after it. Figures are micro-averaged over the queries.
"""

import argparse
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from articles import kazakh  # noqa: E402

SENTENCES = """
Түркістан облысының әкімі Дархан Сатыбалды Кентау қаласындағы жаңа мектептің құрылысын аралады.
Түркістанда халықаралық туризм форумы өтті.
Түркістанға Үкімет делегациясы келіп, облыстағы су тапшылығын талқылады.
Шымкент қаласының әкімдігі қоғамдық көлік жүйесін жаңартуға қаражат бөлді.
Шымкентте жаңа емхана ашылды, оған 300 дәрігер жұмысқа қабылданды.
Мемлекет басшысы Қасым-Жомарт Тоқаев Ақордада Энергетика министрі Алмасадам Сәтқалиевті қабылдады.
Президент Тоқаевтың тапсырмасы бойынша Ақтөбе облысында газ құбыры тартылды.
Тоқаевқа ауыл шаруашылығы министрі биылғы егін жинау науқанының барысы туралы баяндады.
Энергетика министрлігі Атырау облысындағы мұнай өңдеу зауытын жаңғырту жобасын бекітті.
Ауыл шаруашылығы министрлігінің мәліметінше, Қостанай облысында астық жинау аяқталды.
Ақмола облысының ауылдарында жол жөндеу жұмыстары жалғасуда.
Астанада «Цифрлық Қазақстан» бағдарламасы аясында IT-хаб ашылды.
Астананың әкімі Жеңіс Қасымбек қала тұрғындарымен кездесу өткізді.
Алматыда жер сілкінісіне төзімді ғимараттар салу бағдарламасы қабылданды.
Алматының Медеу ауданында жаңа саябақ ашылды.
Білім және ғылым министрлігі мектептерге арналған жаңа оқулықтарды таныстырды.
Оқу-ағарту министрі Ғани Бейсембаев Павлодар облысындағы мектептерді аралады.
Денсаулық сақтау министрлігі вакцинация науқанының қорытындыларын шығарды.
Маңғыстау облысында ауыз су құбырының құрылысы басталды.
Маңғыстауда теңіз жағалауын қорғау жөніндегі кеңес өтті.
Жамбыл облысының шаруаларына субсидия төлеу мерзімі ұзартылды.
Жамбылдағы қант зауыты жаңа өндіріс желісін іске қосты.
Қарағанды облысының кеншілері кәсіби мерекесін атап өтті.
Қарағандыда «Жұмыспен қамту жол картасы» бағдарламасының нәтижелері талқыланды.
Жұмыспен қамту бағдарламасына биыл бес мың адам қатысты.
Сыбайлас жемқорлыққа қарсы іс-қимыл агенттігі Түркістан облысының бірнеше шенеунігін ұстады.
Төтенше жағдайлар министрлігі су тасқынына дайындықты тексерді.
Төтенше жағдайлар министрі Шыңғыс Әрінов Батыс Қазақстан облысына жұмыс сапарымен барды.
Сайрам ауданының әкімі фермерлермен кездесті.
Сайрам ауданында жаңа спорт кешені пайдалануға берілді.
Премьер-министр Олжас Бектенов Үкімет отырысында инфляция мәселесін көтерді.
Бектеновтың төрағалығымен өткен кеңесте тарифтер талқыланды.
Қаржы министрлігі республикалық бюджеттің атқарылуы туралы есеп берді.
Ұлттық банк базалық мөлшерлемені өзгеріссіз қалдырды.
Павлодарда жылу электр орталығының жөндеуі аяқталды.
Павлодар облысының әкімдігі жылыту маусымына дайындықты бақылауға алды.
Ақтөбеде жастарға арналған кәсіпкерлік орталығы ашылды.
Қостанайдағы элеваторлар астықпен толтырылды.
Өнеркәсіп және құрылыс министрі Қанат Шарлапаев Қарағандыдағы кәсіпорындарды аралады.
Шарлапаевтың айтуынша, металлургия саласына инвестиция артты.
Көлік министрлігі Астана мен Алматы арасындағы жаңа жүрдек пойызды іске қосты.
Мәдениет және ақпарат министрлігі Абайдың туған күніне арналған іс-шаралар жоспарын бекітті.
Абай облысында Абай оқулары өтті.
Бозымбаевтың басшылығымен энергетика саласы бойынша кеңес өтті.
""".strip().splitlines()

# query: the sentences (1-based) a reader wants, labelled by hand
QUERIES = {
    "Түркістан": {1, 2, 3, 26}, "Түркістанда": {1, 2, 3, 26}, "Шымкент": {4, 5}, "Тоқаев": {6, 7, 8},
    "Тоқаевтың": {6, 7, 8}, "Ақтөбе": {7, 37}, "Атырау": {9}, "Астана": {12, 13, 41}, "Алматы": {14, 15, 41},
    "Маңғыстау": {19, 20}, "Жамбыл": {21, 22}, "Қарағанды": {23, 24, 39}, "Павлодар": {17, 35, 36},
    "Қостанай": {10, 38}, "Сайрам ауданы": {29, 30}, "бағдарлама": {12, 14, 24, 25},
    "министрлік": {9, 10, 16, 18, 27, 33, 41, 42}, "энергетика министрі": {6}, "мектеп": {1, 16, 17},
    "жол": {11, 24}, "Бектенов": {31, 32}, "Шарлапаев": {39, 40}, "су тасқыны": {27}, "астық": {10, 38},
    "әкімдігі": {4, 36}, "әкім": {1, 13, 29}, "Абай": {42, 43}, "оқулық": {16}, "кәсіпорын": {39},
    "құбыр": {7, 19}, "саябақ": {15}, "жұмыспен қамту": {24, 25}, "вакцинация": {18}, "Үкімет": {3, 31},
    "Токаев": {6, 7, 8}, "Бозумбаев": {44},  # misspelt: the Russian spelling, a vowel wrong
}
MISSPELT = {"Токаев", "Бозумбаев"}
FOLD_FROM, FOLD_TO = "ӘҒҚҢӨҰҮҺІәғқңөұүһі", "АГКНОУУХИагкноуухи"  # as articles.public.search


def tsquery(groups):
    return " & ".join("(" + " | ".join(f"'{stem}'" for stem in group) + ")" for group in groups)


def build(conn):
    conn.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    conn.execute("CREATE TABLE doc (id int PRIMARY KEY, body text, plain tsvector, stemmed tsvector)")
    for n, sentence in enumerate(SENTENCES, 1):
        conn.execute("INSERT INTO doc VALUES (%s, %s, to_tsvector('simple', %s), to_tsvector('simple', %s))",
                     [n, sentence, sentence, kazakh.stem_text(sentence)])


def plain(conn, query):
    return {row[0] for row in conn.execute(
        "SELECT id FROM doc WHERE plain @@ plainto_tsquery('simple', %s)", [query])}


def stemmed(conn, query):
    return {row[0] for row in conn.execute(
        "SELECT id FROM doc WHERE stemmed @@ to_tsquery('simple', %s)", [tsquery(kazakh.stems(query))])}


def with_trigrams(conn, query):
    found = stemmed(conn, query)
    if found:
        return found
    conn.execute("SELECT set_config('pg_trgm.word_similarity_threshold', '0.4', false)")
    where, params = [], []
    for group in kazakh.stems(query):
        where.append("%s <%% translate(body, %s, %s)")
        params += [group[0].translate(str.maketrans(FOLD_FROM, FOLD_TO)), FOLD_FROM, FOLD_TO]
    return {row[0] for row in conn.execute("SELECT id FROM doc WHERE " + " AND ".join(where), params)}


def score(conn, method):
    hits = found = wanted = empty = 0
    for query, expected in QUERIES.items():
        got = method(conn, query)
        hits, found, wanted, empty = hits + len(got & expected), found + len(got), wanted + len(expected), \
            empty + (not got)
    return hits / wanted, hits / found if found else 1.0, empty


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/kzpress_kksearch")
    args = parser.parse_args()
    parts = urlsplit(args.database_url)
    name = parts.path.lstrip("/")
    maintenance = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(maintenance, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        with psycopg.connect(args.database_url, autocommit=True) as conn:
            build(conn)
            print(f"{len(SENTENCES)} sentences, {len(QUERIES)} queries ({len(MISSPELT)} with a misspelt name)")
            print(f"{'method':38} {'recall':>7} {'precision':>10} {'queries finding nothing':>24}")
            for label, method in (("simple, words as written (before)", plain),
                                  ("stems (articles.kazakh)", stemmed),
                                  ("stems, then trigram fallback (now)", with_trigrams)):
                recall, precision, empty = score(conn, method)
                print(f"{label:38} {recall:7.1%} {precision:10.1%} {empty:24}")
            for query, expected in QUERIES.items():
                got = with_trigrams(conn, query)
                if got != expected:
                    print(f"  now, {query!r}: missed {sorted(expected - got)}, extra {sorted(got - expected)}")
    finally:
        with psycopg.connect(maintenance, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}"')


if __name__ == "__main__":
    main()

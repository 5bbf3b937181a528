"""
Serving benchmark of the public site as readers get it, end to end over loopback: the production gunicorn command
on a PostgreSQL database of N synthetic published articles (each with approved kk, ru and en versions), behind
Debian's nginx with the site's ``deploy/nginx.conf`` serving the static tree, driven by wrk (or a Python load
generator when wrk is not installed), every figure beside a bare Django view served by the same gunicorn; then
how long a publish takes to reach readers under load, and the import rate of ``import_releases``.

    .venv/bin/python bench/run.py --articles 1000
    .venv/bin/python bench/run.py --articles 100000 --modes static,cold --render sample --json var/bench.json
    .venv/bin/python bench/run.py --articles 100000 --skip-load      # reuse the database the last run loaded

Steps:

1. Drops and recreates the bench database (``--database-url``, default
   postgres://postgres@127.0.0.1:5432/kzpress_bench; only databases named ``kzpress_bench*`` are touched),
   migrates it, adds agencies up to 300, drops the indexes that back no constraint, loads the articles, their
   versions (the working copies, each signed in its language) and the live copy of every version (what readers
   see: the same text and, for Kazakh, the stems ``fill_search_text`` stores, as publishing leaves it) with
   PostgreSQL COPY in ``--streams`` parallel streams (one process each, default one per core), builds the indexes
   again, then ANALYZE. Every column is filled as the app would (slugs by ``make_slug``, ``upstream_hash`` by the
   importer's fingerprint, ``upstream_base`` as an import of the same text leaves it); the full-text search
   trigger fills the live versions' ``search_vector`` as rows arrive, which is most of the load's time: 730
   articles/s for 10,000 articles on a quiet 2-core machine, 77/s for 100,000 on the same machine shared with
   test runs (23 minutes). ``--skip-load`` reuses a database loaded earlier with the same ``--articles``;
   ``--load-only`` stops after it.
2. Picks the URLs: ``--article-urls`` random articles' ``/en/news/<pk>/``, each followed once to where it
   redirects; agency and region first pages; filtered lists (``?agency=``) and later pages (``?page=2``…); eight
   two-word searches (their hit counts are printed).
3. When an nginx mode or ``--publish`` needs it: writes the static tree into ``--site-dir`` (default
   var/bench-site, emptied first) and times it: ``--render full`` (default) is ``manage.py render_site
   --processes`` ``--render-processes`` (default one per core), a full rebuild; ``--render sample`` renders only
   the English homes, lists and feeds and the measured release pages with the same renderer (a full tree of
   100,000 articles takes hours on a small machine), and gives pages/s the same way.
4. For each mode of ``--modes`` (default cached,library,static,cold) starts ``gunicorn -c bench/gunicorn.conf.py
   kzpress.wsgi`` (the production settings of ``kzpress/gunicorn.conf.py`` without the access log) with
   ``bench.settings`` (production plus ``/bare/``), the cache in Redis (``--redis-url``, a database of its own that
   is flushed), as in production:

   - ``cached``: the hand-written response cache (``articles/public/caching.py``), requests straight to gunicorn;
   - ``library``: the same endpoints with Django's own ``cache_page`` + ``ConditionalGetMiddleware`` +
     ``GZipMiddleware`` instead (``bench/settings_library.py``, ``bench/urls_library.py``;
     ``KZPRESS_PUBLIC_CACHE=0``);
   - ``uncached``: ``KZPRESS_PUBLIC_CACHE=0``, ``CACHE_BACKEND=dummy`` and ``KZPRESS_EDGE_CACHE_SECONDS=0`` (no
     response caching, no cache at all, nothing nginx may keep, so
     no validators either, and no 304 row), requests straight to gunicorn;
   - ``static``: nginx in front of the cached gunicorn, serving the static tree: homes, first list pages, release
     pages and feeds from files (each row says if any of its URLs was not in the tree), filtered and later list
     pages and search through nginx to gunicorn;
   - ``cold``: nginx with an empty tree in front of the uncached gunicorn: every page rendered by Django;
   - ``cold-orm``: the same with ``KZPRESS_PREPARED_QUERIES=0``: the pages' main queries built and compiled by the
     ORM on every request instead of once per process (``articles/prepared.py``), the library way to compare with.

   nginx is Debian's, run with ``--nginx-conf`` (default deploy/nginx.conf) rewritten by bench/nginx.py: the tree,
   the static files, the port and the upstream replaced by the bench's, access logs off. Without nginx or that
   file the nginx modes are skipped with a note. For each endpoint, warms it (one request per URL), then loads it
   in ``--rounds`` rounds of ``--seconds``, each after ``--pause`` seconds of quiet, with ``--connections``
   connections, and keeps the best round's req/s and p50/p99 latency (errors of every round count: responses
   other than 2xx/3xx, socket errors). Every request sends ``Accept-Encoding: gzip``, as browsers and feed readers
   do (``--no-gzip`` to compare). The bare view runs first and last on the gunicorn itself (in the nginx modes also
   once through nginx); the mean of first and last is the baseline of every ratio.
5. Prints a table per mode with the ratio of each endpoint to the bare view and the targets.
6. Publish → visible (``--publish N``, default 20; 0 skips): a cached gunicorn behind nginx on the rendered tree,
   with ``--visible-workers`` ``manage.py db_worker`` processes (default 2, at nice ``--worker-nice``, default -5,
   as README's deployment: the first takes the ``publish`` queue, the others the ``default`` queue; one alone,
   or every one with ``--shared-queue``, takes both;
   ``KZPRESS_STATIC_RENDER=1``: the tree re-rendered in the background); wrk loads
   the site through nginx with ``--visible-connections`` connections while ``import_releases --publish`` imports
   ``--visible-import-items`` generated items into the same database, and ``bench/publish_visible.py`` publishes N
   new releases one by one through ``workflow.transition`` and polls each one's page and the English feeds until
   they show it: p50/p99 seconds. What the step added is deleted at its end.
7. Runs ``bench/import_bench.py`` on ``--import-items`` generated items (a fresh database ``<name>_import``; 0
   skips): ``import_releases`` items/s beside a bare COPY of the same parsed rows.

``--json PATH`` writes every figure; ``--markdown`` prints the tables for docs/performance.md, with the machine.
``--generator python`` uses the Python load generator even when wrk is installed; ``--env NAME=VALUE`` passes a
setting to every server (e.g. ``--env GUNICORN_MAX_REQUESTS=0``). Gunicorn's output goes to
var/bench-gunicorn-<mode>.log, nginx's errors to var/bench-nginx-<mode>/error.log and the db_worker's to
var/bench-db-worker.log; after errors under load the failing URLs and the log's tracebacks are printed, and the
exit status is 1.
"""

import argparse
import contextlib
import datetime
import functools
import json
import multiprocessing
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (  # noqa: E402
    DEFAULT_POSTGRES_URL,
    ROOT,
    VAR,
    Gunicorn,
    KeepAliveClient,
    base_env,
    check_bench_database,
    collectstatic,
    ensure_agencies,
    exit_on_sigterm,
    fetch,
    generator_name,
    is_postgres,
    machine_info,
    manage,
    recreate_database,
    run_load,
    setup_django,
    split_postgres_url,
    wrk_path,
)
from nginx import Nginx, unavailable  # noqa: E402

LANGUAGES = ("kk", "ru", "en")
COLUMN = {"en": 0, "ru": 1, "kk": 2}  # position of a language in TOPICS, PLACE_PARTS and the agency names
AGENCIES = 300
CHUNK = 2_000  # articles per COPY statement pair (one transaction)

# --- synthetic text ------------------------------------------------------------------------------------------------
# Word salad with a topic: generic words of government news plus a topic's own words, so that a search for a
# topic's words finds a few percent of the articles, as a search for "irrigation canal" would on gov.kz.

GENERIC = {
    "en": ("the of and in on for with to by as regional akim meeting held ministry government district citizens "
           "residents programme development state national work year plan measures implementation representatives "
           "local executive bodies republic president instructions results support new during also were was "
           "discussed noted according more than million tenge percent first deputy minister chairman committee "
           "report session council public services population region city village rural project budget funds "
           "allocated completed special attention issues important further improve quality access provide ensure"),
    "ru": ("и в на по для с к о также области района акимат совещание министерство правительство граждан жителей "
           "программы развития государственной национальной работы году плана мер реализации представители местных "
           "исполнительных органов республики президента поручений итогам поддержки новых было были отметил "
           "обсудили согласно более миллионов тенге процентов первый заместитель министра председатель комитета "
           "отчёт сессии совета услуг населения города села сельских проекта бюджета средств выделено завершено "
           "особое внимание вопросам важных дальнейшего улучшения качества доступа обеспечения"),
    "kk": ("және мен бойынша үшін облысы ауданы әкімдігі кеңес министрлігі үкіметі азаматтар тұрғындары "
           "бағдарламасы дамыту мемлекеттік ұлттық жұмыс жылы жоспары шаралар іске асыру өкілдері жергілікті "
           "атқарушы органдары республикасы президенті тапсырмалары нәтижелері қолдау жаңа кезінде сондай-ақ "
           "болды талқыланды атап өтті сәйкес астам миллион теңге пайыз бірінші орынбасары министрі төрағасы "
           "комитеті есеп сессиясы кеңесі қызметтер халқы қаласы ауылы ауылдық жобасы бюджеті қаражат бөлінді "
           "аяқталды ерекше назар мәселелері маңызды одан әрі жақсарту сапасы қолжетімділік қамтамасыз ету"),
}
TOPICS = [  # (English, Russian, Kazakh) words of each topic
    ("water supply pipeline reservoir irrigation canal drinking",
     "водоснабжение водопровод водохранилище орошение канал питьевой вода",
     "сумен қамту құбыр суару арна ауыз су қоймасы"),
    ("road highway repair asphalt bridge transport traffic",
     "дорога трасса ремонт асфальт мост транспорт движение",
     "жол тасжол жөндеу асфальт көпір көлік қозғалыс"),
    ("school teachers students education classrooms university textbooks",
     "школа учителя ученики образование классы университет учебники",
     "мектеп мұғалімдер оқушылар білім сыныптар университет оқулықтар"),
    ("hospital doctors clinic patients healthcare vaccination medical",
     "больница врачи поликлиника пациенты здравоохранение вакцинация медицинской",
     "аурухана дәрігерлер емхана науқастар денсаулық вакцинация медициналық"),
    ("farmers harvest grain livestock sowing wheat subsidies",
     "фермеры урожай зерно животноводство посевная пшеница субсидии",
     "фермерлер егін астық мал егіс бидай субсидиялар"),
    ("housing apartments construction residential families mortgage buildings",
     "жильё квартиры строительство жилой семьи ипотека дома",
     "тұрғын пәтерлер құрылыс үй отбасылар ипотека ғимараттар"),
    ("jobs employment unemployed wages workers vacancies training",
     "рабочие занятость безработные зарплата работники вакансии обучение",
     "жұмыс орындары жұмыссыздар жалақы қызметкерлер бос оқыту"),
    ("court law legislation rights lawyers notary registration",
     "суд закон законодательство права юристы нотариус регистрация",
     "сот заң заңнама құқықтар заңгерлер нотариус тіркеу"),
    ("electricity heating power plant gas boiler grid",
     "электроэнергия отопление мощность станция газ котельная сети",
     "электр жылу қуат станция газ қазандық желі"),
    ("flood fire rescuers emergency evacuation safety snow",
     "паводок пожар спасатели чрезвычайной эвакуация безопасность снег",
     "тасқын өрт құтқарушылар төтенше эвакуация қауіпсіздік қар"),
    ("theatre museum festival library concert heritage artists",
     "театр музей фестиваль библиотека концерт наследие артисты",
     "театр мұражай фестиваль кітапхана концерт мұра әртістер"),
    ("digital online portal application internet data egov",
     "цифровой онлайн портал приложение интернет данные egov",
     "цифрлық онлайн портал қосымша интернет деректер egov"),
    ("sport athletes championship stadium competition medals youth",
     "спорт спортсмены чемпионат стадион соревнования медали молодёжь",
     "спорт спортшылар чемпионат стадион жарыс медальдар жастар"),
    ("ecology trees waste pollution forest environment recycling",
     "экология деревья отходы загрязнение лес окружающей переработка",
     "экология ағаштар қалдықтар ластану орман қоршаған өңдеу"),
    ("business entrepreneurs investment loans enterprises export industry",
     "бизнес предприниматели инвестиции кредиты предприятия экспорт промышленность",
     "бизнес кәсіпкерлер инвестиция несиелер кәсіпорындар экспорт өнеркәсіп"),
    ("pensions benefits disabilities social assistance veterans children",
     "пенсии пособия инвалидностью социальной помощи ветераны дети",
     "зейнетақы жәрдемақы мүгедектігі әлеуметтік көмек ардагерлер балалар"),
]
# Two-word searches (English versions), each a topic's words: a few percent of the articles match each.
PUBLISH_QUEUE = "publish"  # articles.public.changes.PUBLISH_QUEUE (this script does not import Django)
SEARCHES = ["irrigation canal", "bridge repair", "school teachers", "hospital doctors", "wheat harvest",
            "mortgage families", "museum festival", "flood evacuation"]
PLACE_PARTS = [("Ak", "Ак", "Ақ"), ("Kara", "Кара", "Қара"), ("Kyzyl", "Кызыл", "Қызыл"), ("Sary", "Сары", "Сары"),
               ("Zhana", "Жана", "Жаңа"), ("Kos", "Кос", "Қос"), ("Orta", "Орта", "Орта"), ("Tas", "Тас", "Тас")]
PLACE_ENDS = [("bulak", "булак", "бұлақ"), ("korgan", "корган", "қорған"), ("tobe", "тобе", "төбе"),
              ("su", "су", "су"), ("kol", "коль", "көл"), ("sai", "сай", "сай"), ("zhar", "жар", "жар"),
              ("tau", "тау", "тау"), ("kum", "кум", "құм"), ("agash", "агаш", "ағаш")]
SECTIONS = ["News", "News", "News", "Law", "Events", "Announcements", "Press releases"]
SIGNATURE = {"en": "Press service of the {}", "ru": "Пресс-служба: {}", "kk": "{} баспасөз қызметі"}


class Corpus:
    """Pools of sentences and titles per language and topic, drawn from to build articles quickly."""

    def __init__(self, seed=7):
        rng = random.Random(seed)
        self.places = [(a[0] + b[0], a[1] + b[1], a[2] + b[2]) for a in PLACE_PARTS for b in PLACE_ENDS]
        self.sentences, self.titles = {}, {}
        for language in LANGUAGES:
            generic, column = GENERIC[language].split(), COLUMN[language]
            for t, topic in enumerate(TOPICS):
                words = topic[column].split()
                self.sentences[language, t] = [self._sentence(rng, generic, words, column) for _ in range(300)]
                self.titles[language, t] = [self._title(rng, generic, words) for _ in range(200)]

    def _sentence(self, rng, generic, words, column):
        chosen = rng.choices(generic, k=rng.randint(7, 14)) + rng.choices(words, k=rng.randint(1, 3))
        rng.shuffle(chosen)
        if rng.random() < 0.3:
            chosen.insert(rng.randint(0, len(chosen)), rng.choice(self.places)[column])
        text = " ".join(chosen)
        return text[0].upper() + text[1:] + "."

    def _title(self, rng, generic, words):
        chosen = rng.choices(words, k=2) + rng.choices(generic, k=rng.randint(4, 8))
        rng.shuffle(chosen)
        text = " ".join(chosen)
        return text[0].upper() + text[1:]

    def version(self, rng, language, topic, place):
        """(title 60–120 characters, lead of about 200, body of 1.5–4 KB in paragraphs split by blank lines)."""
        title = f"{rng.choice(self.titles[language, topic])}: {place}"
        while len(title) < 60:
            title += " " + rng.choice(self.titles[language, topic]).lower()
        if len(title) > 120:
            title = title[:120].rsplit(" ", 1)[0]
        pool = self.sentences[language, topic]
        lead = " ".join(rng.choices(pool, k=2))
        target, size, paragraphs = rng.randint(1500, 4000), 0, []
        while size < target:
            paragraph = " ".join(rng.choices(pool, k=rng.randint(2, 5)))
            paragraphs.append(paragraph)
            size += len(paragraph) + 2
        return title, lead, "\n\n".join(paragraphs)


# --- loading with COPY ---------------------------------------------------------------------------------------------

ARTICLE_COLUMNS = ("id", "agency_id", "region_id", "section", "source_url", "news_id", "original_language",
                   "published_at", "status", "publish_at", "needs_translation", "upstream_changed",
                   "title_in_capitals", "upstream_hash", "upstream_base", "upstream_pending", "created_at",
                   "updated_at", "withdrawn_at", "withdrawn_reasons", "lock_version")
TRANSLATION_COLUMNS = ("id", "article_id", "language", "is_original", "status", "title", "lead", "body", "signature",
                       "slug", "updated_at", "updated_by_id", "upstream_base", "upstream_pending")
LIVE_COLUMNS = ("id", "version_id", "article_id", "language", "title", "lead", "body", "signature", "slug",
                "first_published_at", "updated_at", "modified_at", "change_notes", "published_by_id", "search_text")
FILLED_BY_DATABASE = {"articles_liveversion": {"search_vector", "article_published_at"}}  # by triggers (search)
TABLES = ("articles_article", "articles_articletranslation", "articles_liveversion")


def copy_value(value):
    """A value in COPY's text format."""
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    if isinstance(value, dict | list):
        value = json.dumps(value, ensure_ascii=False)
    return str(value).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def extra_columns(cursor, table, model, supplied):
    """Columns the loader does not know (the schema moved on): NOT NULL ones get the model field's default, or the
    run stops; nullable ones stay NULL, with a warning either way."""
    cursor.execute("SELECT column_name, is_nullable, column_default, is_identity FROM information_schema.columns "
                   "WHERE table_schema = 'public' AND table_name = %s", [table])
    extra = {}
    for name, nullable, default, identity in cursor.fetchall():
        if name in supplied or name in FILLED_BY_DATABASE.get(table, ()):
            continue
        if nullable == "YES" or default is not None or identity == "YES":
            print(f"warning: {table}.{name} is not filled by the bench loader (left to its default or NULL)")
            continue
        field = next((f for f in model._meta.concrete_fields if f.column == name), None)
        if field is None or not field.has_default():
            sys.exit(f"{table}.{name} is NOT NULL without a default: teach bench/run.py how the app fills it")
        extra[name] = copy_value(field.get_default())
        print(f"warning: {table}.{name} filled with the model field's default {extra[name]!r}")
    return extra


def copy_worker(url, first, last, total, agencies, extras, progress):
    """COPY articles ``first`` ≤ id < ``last``, their three versions and the live copies of those, in chunks of CHUNK
    articles. A version's id is ``(article - 1) * 3 + n + 1`` and its live copy takes the same id."""
    import psycopg

    from articles import kazakh
    from articles.importing.loading import fingerprint
    from articles.importing.merging import ARTICLE_FIELDS, stored
    from articles.models import make_slug

    statements = [(f"COPY {table} ({', '.join(columns + tuple(extra))}) FROM STDIN",
                   "".join("\t" + v for v in extra.values()))
                  for table, columns, extra in zip(TABLES, (ARTICLE_COLUMNS, TRANSLATION_COLUMNS, LIVE_COLUMNS),
                                                   extras, strict=True)]
    kazakh.readings = functools.lru_cache(maxsize=None)(kazakh.readings)  # the corpus has a few hundred words
    corpus = Corpus()
    now = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
    span = datetime.timedelta(days=6 * 365)
    with psycopg.connect(url) as conn:
        conn.execute("SET synchronous_commit = off")
        for start in range(first, last, CHUNK):
            rows = ([], [], [])  # articles, versions, live versions
            for pk in range(start, min(start + CHUNK, last)):
                rng = random.Random(pk)
                agency = agencies[rng.randrange(len(agencies))]
                topic = rng.randrange(len(TOPICS))
                place = corpus.places[rng.randrange(len(corpus.places))]
                original = rng.choices(LANGUAGES, weights=(3, 5, 2))[0]
                section = rng.choice(SECTIONS)
                published = now - span + span * (pk / (total + 1)) - datetime.timedelta(minutes=rng.randint(0, 600))
                updated = min(now, published + datetime.timedelta(minutes=rng.randint(5, 2000)))
                # Each version signed in its own language, as a translated release is.
                signatures = {lang: SIGNATURE[lang].format(agency[3 + COLUMN[lang]]) for lang in LANGUAGES}
                texts = {lang: corpus.version(rng, lang, topic, place[COLUMN[lang]]) for lang in LANGUAGES}
                news_id = str(5_000_000 + pk)
                digest = fingerprint(agency[1], section, published, signatures[original], original, texts)
                base = dict(zip(ARTICLE_FIELDS, (section, stored(published), original), strict=True))
                rows[0].append("\t".join((
                    str(pk), str(agency[0]), copy_value(agency[2]), section,
                    f"https://www.gov.kz/memleket/entities/{agency[1]}/press/news/details/{news_id}", news_id,
                    original, published.isoformat(), "published", "\\N", "f", "f", "f",
                    digest, copy_value(base), "\\N", published.isoformat(), updated.isoformat(), "\\N", "{}", "1",
                )) + statements[0][1] + "\n")
                for n, lang in enumerate(LANGUAGES):
                    title, lead, body = texts[lang]
                    version_id, text = str((pk - 1) * 3 + n + 1), (title, lead, copy_value(body))
                    signature, slug = copy_value(signatures[lang]), make_slug(title)
                    source = {"title": title, "lead": lead, "body": body, "signature": signatures[lang]}
                    rows[1].append("\t".join((
                        version_id, str(pk), lang, "t" if lang == original else "f", "approved", *text, signature,
                        slug, updated.isoformat(), "\\N", copy_value(source), "\\N",
                    )) + statements[1][1] + "\n")
                    rows[2].append("\t".join((
                        version_id, version_id, str(pk), lang, *text, signature, slug, published.isoformat(),
                        published.isoformat(), updated.isoformat(), "[]", "\\N",
                        copy_value(kazakh.search_text(title, lead, body) if lang == "kk" else ""),
                    )) + statements[2][1] + "\n")
            with conn.cursor() as cursor:
                for (sql, _), lines in zip(statements, rows, strict=True):
                    with cursor.copy(sql) as copy:
                        copy.write("".join(lines))
            conn.commit()
            with progress.get_lock():
                progress.value += len(rows[0])


SECONDARY_INDEXES = """
SELECT i.indexname, i.indexdef FROM pg_indexes i
WHERE i.schemaname = 'public' AND i.tablename IN ('articles_article', 'articles_articletranslation',
                                                 'articles_liveversion')
  AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = (quote_ident(i.indexname))::regclass)
ORDER BY i.indexname
"""


def drop_secondary_indexes(url):
    """Drop the indexes that back no constraint (the GIN index of the search vectors among them): building them
    once after the load is faster than maintaining them row by row. Returns their definitions."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        indexes = conn.execute(SECONDARY_INDEXES).fetchall()
        for name, _ in indexes:
            conn.execute(f'DROP INDEX "{name}"')
    return [definition for _, definition in indexes]


def create_indexes(url, definitions, streams):
    """Build the indexes again, ``streams`` at a time, the biggest (GIN) first."""
    import psycopg

    pending = sorted(definitions, key=lambda d: "USING gin" not in d)

    def build():
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("SET maintenance_work_mem = '1GB'")
            while pending:
                try:
                    definition = pending.pop(0)
                except IndexError:
                    return
                conn.execute(definition)

    threads = [threading.Thread(target=build) for _ in range(max(1, streams))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with psycopg.connect(url) as conn:
        missing = [d for d in definitions if d not in {r[1] for r in conn.execute(SECONDARY_INDEXES).fetchall()}]
    if missing:
        sys.exit(f"indexes not rebuilt: {missing}")


def load(url, articles, streams, rebuild_indexes=True):
    """Recreate, migrate and fill the bench database; returns the figures of the load."""
    import psycopg

    timings = {}
    t0 = time.perf_counter()
    recreate_database(url)
    env = base_env(url)
    manage("migrate", "-v0", env=env)
    timings["migrate_s"] = time.perf_counter() - t0

    from django.db import connections

    from articles.models import Article, ArticleTranslation, LiveVersion

    agency_rows = [(a.pk, a.slug, a.region_id, a.name("en"), a.name("ru"), a.name("kk"))
                   for a in ensure_agencies(AGENCIES)]
    with psycopg.connect(url) as conn, conn.cursor() as cursor:
        extras = tuple(extra_columns(cursor, table, model, set(columns)) for table, model, columns in zip(
            TABLES, (Article, ArticleTranslation, LiveVersion), (ARTICLE_COLUMNS, TRANSLATION_COLUMNS, LIVE_COLUMNS),
            strict=True))
    connections.close_all()  # no connection crosses the fork
    indexes = drop_secondary_indexes(url) if rebuild_indexes else []

    t1 = time.perf_counter()
    context = multiprocessing.get_context("fork")
    progress = context.Value("q", 0)
    bounds = [1 + articles * k // streams for k in range(streams + 1)]
    workers = [context.Process(target=copy_worker, args=(url, bounds[k], bounds[k + 1], articles, agency_rows, extras,
                                                         progress), daemon=True) for k in range(streams)]
    for worker in workers:
        worker.start()
    try:
        last = time.perf_counter()
        while any(w.is_alive() for w in workers):
            time.sleep(0.5)
            if time.perf_counter() - last >= 15:
                last = time.perf_counter()
                done = progress.value
                print(f"  … {done:,} articles ({done / (last - t1):,.0f}/s)", flush=True)
        if any(w.exitcode for w in workers):
            sys.exit("a COPY stream failed (see above)")
    finally:
        for worker in workers:
            if worker.is_alive():
                worker.terminate()
    timings["copy_s"] = time.perf_counter() - t1

    t2 = time.perf_counter()
    create_indexes(url, indexes, streams)
    timings["indexes_s"] = time.perf_counter() - t2

    t3 = time.perf_counter()
    with psycopg.connect(url, autocommit=True) as conn:
        for table in TABLES:
            conn.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
        conn.execute("ANALYZE")
        size = conn.execute("SELECT pg_size_pretty(pg_database_size(current_database()))").fetchone()[0]
    timings["analyze_s"] = time.perf_counter() - t3
    timings["total_s"] = time.perf_counter() - t0
    rows, seconds = articles * 7, timings["copy_s"] + timings["indexes_s"]  # an article, 3 versions, 3 live copies
    return {**timings, "articles": articles, "versions": articles * 3, "live_versions": articles * 3,
            "streams": streams,
            "indexes_rebuilt": len(indexes), "articles_per_s": articles / seconds, "rows_per_s": rows / seconds,
            "database_size": size}


def database_size(url):
    import psycopg

    with psycopg.connect(url) as conn:
        return conn.execute("SELECT pg_size_pretty(pg_database_size(current_database()))").fetchone()[0]


def loaded_articles(url):
    """(articles, versions, live versions) in an existing bench database, or None if it is not there."""
    import psycopg

    try:
        with psycopg.connect(url) as conn:
            return conn.execute("SELECT (SELECT count(*) FROM articles_article), "
                                "(SELECT count(*) FROM articles_articletranslation), "
                                "(SELECT count(*) FROM articles_liveversion)").fetchone()
    except psycopg.Error:
        return None


# --- what to request -----------------------------------------------------------------------------------------------


def choose_paths(url, base_url, article_urls):
    """Paths per endpoint. Article pages: random articles' short URLs, each followed once to where the site
    redirects (``/en/news/<pk>/<slug>/``), keeping those that answer 200."""
    import psycopg

    with psycopg.connect(url) as conn:
        top = conn.execute("SELECT max(id) FROM articles_article").fetchone()[0] or 0
        agencies = [r[0] for r in conn.execute(
            "SELECT slug FROM articles_agency a WHERE EXISTS (SELECT 1 FROM articles_article WHERE agency_id = a.id) "
            "ORDER BY slug").fetchall()]
        regions = [r[0] for r in conn.execute(
            "SELECT slug FROM articles_region r WHERE EXISTS (SELECT 1 FROM articles_article WHERE region_id = r.id) "
            "ORDER BY slug").fetchall()]
        hits = {q: conn.execute("SELECT count(*) FROM articles_liveversion WHERE language = 'en' "
                                "AND search_vector @@ websearch_to_tsquery('english', %s)", [q]).fetchone()[0]
                for q in SEARCHES}
    rng = random.Random(42)
    client = KeepAliveClient(base_url)
    articles, tried = [], 0
    for pk in rng.sample(range(1, top + 1), min(top, article_urls * 2)):
        if len(articles) >= article_urls:
            break
        tried += 1
        response = client.get(f"/en/news/{pk}/")
        location = urlsplit(response.headers.get("location", ""))
        final = location.path + (f"?{location.query}" if location.query else "")
        if response.status == 301 and final and client.get(final).status == 200:
            articles.append(final)
    client.close()
    if not articles:
        sys.exit(f"none of {tried} articles' pages answered: is the database loaded?")
    filtered, first_pages, dynamic = [], [], []
    for slug in rng.sample(agencies, min(8, len(agencies))):
        filtered += [f"/en/news/?agency={slug}", f"/en/agencies/{slug}/"]
        first_pages.append(f"/en/agencies/{slug}/")
        dynamic.append(f"/en/news/?agency={slug}")
    regions = rng.sample(regions, min(4, len(regions)))
    filtered += [f"/en/regions/{slug}/" for slug in regions]
    first_pages += [f"/en/regions/{slug}/" for slug in regions]
    dynamic += [f"/en/news/?page={n}" for n in range(2, 6)]
    return {
        "articles": articles,
        "filtered": filtered,
        "first_pages": first_pages,
        "dynamic_lists": dynamic,
        "searches": [f"/en/news/?q={q.replace(' ', '+')}" for q in SEARCHES],
        "search_hits": hits,
    }


def endpoints(paths, mode="cached", base_headers=None):
    """(key, label, paths, headers or a callable giving them for a server, via) in the order they are measured;
    ``via`` is "front" (nginx in the nginx modes, else the gunicorn) or "direct" (the gunicorn: the bare view that
    every ratio is to). Without a cache there is no generation and so no validators: the 304 revalidation is
    measured in the cached modes only."""
    rss = "/en/news/feed/rss/"
    base_headers = base_headers or {}

    def etag(base_url):
        return {**base_headers, "If-None-Match": fetch(base_url, rss, base_headers).headers["etag"]}

    bare = [("bare_first", "bare view (first)", ["/bare/"], None, "direct")]
    last = [("bare_last", "bare view (last)", ["/bare/"], None, "direct")]
    feeds = [("rss", "RSS feed", [rss], None, "front"), ("atom", "Atom feed", ["/en/news/feed/atom/"], None, "front")]
    if MODES[mode].get("nginx"):
        static = "" if MODES[mode]["nginx"] == "empty" else " (static)"
        return [
            *bare,
            ("bare_nginx", "bare view through nginx", ["/bare/"], None, "front"),
            ("home", f"home /en/{static}", ["/en/"], None, "front"),
            ("news", f"news list /en/news/, first page{static}", ["/en/news/"], None, "front"),
            ("lists", f"agency and region first pages ({len(paths['first_pages'])} URLs){static}",
             paths["first_pages"], None, "front"),
            ("article", f"release pages ({len(paths['articles'])} URLs){static}", paths["articles"], None, "front"),
            *[(key, label + static, urls, headers, via) for key, label, urls, headers, via in feeds],
            ("json", f"JSON feed{static}", ["/en/news/feed.json"], None, "front"),
            ("filtered", f"filtered and later list pages ({len(paths['dynamic_lists'])} URLs)",
             paths["dynamic_lists"], None, "front"),
            ("search", f"search ({len(paths['searches'])} queries)", paths["searches"], None, "front"),
            *last,
        ]
    return [
        *bare,
        ("home", "home /en/", ["/en/"], None, "front"),
        ("news", "news list /en/news/", ["/en/news/"], None, "front"),
        ("filtered", f"filtered lists ({len(paths['filtered'])} URLs)", paths["filtered"], None, "front"),
        ("search", f"search ({len(paths['searches'])} queries)", paths["searches"], None, "front"),
        ("article", f"article pages ({len(paths['articles'])} URLs)", paths["articles"], None, "front"),
        *feeds,
        *([("revalidation", "RSS 304 revalidation", [rss], etag, "front")] if mode in ("cached", "library") else []),
        *last,
    ]


# Targets: each endpoint's req/s as a share of the bare view's (served by the gunicorn, without nginx).
STATIC_KEYS = ("home", "news", "lists", "article", "rss", "atom", "json")
TARGETS = {
    "cached": {key: 0.8 for key in ("home", "news", "filtered", "search", "article", "rss", "atom", "revalidation")},
    "uncached": {"home": 0.15, "news": 0.15, "filtered": 0.15, "article": 0.35, "rss": 0.06, "atom": 0.06},
    "static": {**dict.fromkeys(STATIC_KEYS, 5.0), "filtered": 0.8, "search": 0.8},
    "cold": {"home": 0.15, "news": 0.15, "lists": 0.15, "filtered": 0.15, "article": 0.35,
             "rss": 0.06, "atom": 0.06, "json": 0.06},
}
TARGETS["library"] = TARGETS["cached"]
TARGETS["cold-orm"] = TARGETS["cold"]
# No cache at all: not the page cache, not Redis, not nginx's micro-cache (no X-Accel-Expires).
UNCACHED = {"KZPRESS_PUBLIC_CACHE": "0", "CACHE_BACKEND": "dummy", "KZPRESS_EDGE_CACHE_SECONDS": "0"}
MODES = {
    "cached": {"env": {}, "description": "the hand-written cache, as deployed"},
    "library": {"env": {"KZPRESS_PUBLIC_CACHE": "0"}, "settings": "bench.settings_library",
                "description": "Django's cache_page + ConditionalGetMiddleware + GZipMiddleware instead "
                               "(bench/settings_library.py)"},
    "uncached": {"env": UNCACHED, "description": "no response cache, no cache at all"},
    "static": {"env": {}, "nginx": "rendered",
               "description": "nginx (deploy/nginx.conf) in front of the cached gunicorn, serving the tree "
                              "`manage.py render_site` wrote"},
    "cold": {"env": UNCACHED, "nginx": "empty",
             "description": "nginx (deploy/nginx.conf) with an empty static tree in front of the uncached gunicorn: "
                            "every page rendered by Django"},
    "cold-orm": {"env": {**UNCACHED, "KZPRESS_PREPARED_QUERIES": "0"}, "nginx": "empty",
                 "description": "as cold, with the pages' queries built and compiled by the ORM on every request "
                                "(KZPRESS_PREPARED_QUERIES=0), as plain Django does"},
}


def flush_redis(redis_url):
    if redis_url:
        import redis

        redis.Redis.from_url(redis_url).flushdb()


def warm(base_url, paths, headers):
    """Request every path once (fills the cache in the cached mode); the statuses seen."""
    client, statuses = KeepAliveClient(base_url), {}
    for path in dict.fromkeys(paths):
        status = client.get(path, headers).status
        statuses.setdefault(status, []).append(path)
    client.close()
    return statuses


def static_file(site_dir, path):
    """The file of the static tree that answers ``path``, or None (the request goes on to Django)."""
    if "?" in path:
        return None
    relative = site_dir / path.lstrip("/")
    for candidate in (relative, relative / "index.html", relative / "index.xml", relative / "index.json"):
        if candidate.is_file():
            return candidate
    return None


def server_env(mode, args, env):
    result = {**env, **MODES[mode]["env"], "REDIS_URL": args.redis_url, **site_settings(args.site_dir)}
    for item in args.env:
        key, _, value = item.partition("=")
        result[key] = value
    return result


def run_mode(mode, args, env, paths):
    """Start a server for ``mode`` (and nginx in front of it in the nginx modes), load every endpoint in turn; the
    rows of the table."""
    flush_redis(args.redis_url)
    rows = []
    spec = MODES[mode]
    with contextlib.ExitStack() as stack:
        server = stack.enter_context(Gunicorn(server_env(mode, args, env), workers=args.workers,
                                              label=f"gunicorn-{mode}",
                                              settings=spec.get("settings", "bench.settings")))
        front = server
        site_dir = None
        if spec.get("nginx"):
            site_dir = args.site_dir if spec["nginx"] == "rendered" else VAR / "bench-site-empty"
            if spec["nginx"] == "empty":
                shutil.rmtree(site_dir, ignore_errors=True)
                site_dir.mkdir(parents=True)
            front = stack.enter_context(Nginx(site_dir, ROOT / "staticfiles", server.port, label=f"nginx-{mode}",
                                              conf=args.nginx_conf))
        run_load(server.base_url, ["/bare/"], 2, args.connections, generator=args.generator)  # workers up
        base_headers = {} if args.no_gzip else {"Accept-Encoding": "gzip"}
        for key, label, urls, headers, via in endpoints(paths, mode, base_headers):
            target = front if via == "front" else server
            try:
                headers = headers(target.base_url) if callable(headers) else {**base_headers, **(headers or {})}
            except Exception as exc:  # e.g. no ETag on the feed: a failure of the site, reported as one
                rows.append(failed_row(key, label, f"could not prepare the requests: {exc!r}", server))
                print(f"  {mode:8} {label:36} FAILED: {exc!r}", flush=True)
                continue
            bad = {s: p for s, p in warm(target.base_url, urls, headers).items() if s >= 400}
            rounds = []
            for _ in range(args.rounds):
                time.sleep(args.pause)  # a quiet server for each round (see --pause)
                rounds.append(run_load(target.base_url, urls, args.seconds, args.connections, headers,
                                       generator=args.generator))
            result = max(rounds, key=lambda r: r.rps)  # the best round; errors of every round count
            row = {"key": key, "label": label, "via": "nginx" if target is not server else "gunicorn",
                   **result.as_dict(), "warmup_errors": bad,
                   "errors": sum(r.errors for r in rounds), "rounds_rps": [r.rps for r in rounds], "notes": []}
            if site_dir is not None and key in STATIC_KEYS and spec["nginx"] == "rendered":
                missing = [u for u in dict.fromkeys(urls) if static_file(site_dir, u) is None]
                if missing:
                    row["notes"].append(f"{len(missing)} of {len(set(urls))} URLs not in the static tree (served by "
                                        f"Django), e.g. {missing[0]}")
            if row["errors"] or bad:
                row["probe"] = probe(target, urls, headers)
                row["tracebacks"] = server.log_tracebacks()
            rows.append(row)
            print(f"  {mode:8} {label:36} {result.rps:8,.0f} req/s  p50 {result.p50_ms:7.1f} ms  "
                  f"p99 {result.p99_ms:7.1f} ms  errors {row['errors']}  rounds "
                  f"{', '.join(f'{r:,.0f}' for r in row['rounds_rps'])}", flush=True)
            for note in row["notes"]:
                print(f"           {note}")
    bare = (rows[0]["rps"] + rows[-1]["rps"]) / 2
    for row in rows:
        row["ratio"] = row["rps"] / bare if bare else 0
        target = TARGETS[mode].get(row["key"])
        row["target"] = target
        row["pass"] = None if target is None else row["ratio"] >= target and not row["errors"]
    return {"mode": mode, "env": dict(spec["env"]), "settings": spec.get("settings", "bench.settings"),
            "description": spec["description"], "bare_rps": bare, "rows": rows, "log": str(server.log_path)}


def failed_row(key, label, note, server):
    return {"key": key, "label": label, "generator": "", "requests": 0, "seconds": 0, "rps": 0.0, "p50_ms": 0.0,
            "p99_ms": 0.0, "errors": 1, "statuses": {}, "socket_errors": 0, "notes": [note],
            "tracebacks": server.log_tracebacks()}


def probe(server, urls, headers):
    """After errors under load: each URL once more, alone; those that still fail."""
    failing = []
    for path in list(dict.fromkeys(urls))[:50]:
        with contextlib.suppress(Exception):
            status = fetch(server.base_url, path, headers).status
            if status >= 400:
                failing.append(f"{path} -> {status}")
    return failing


# --- the static tree and publish → visible --------------------------------------------------------------------


def site_settings(site_dir):
    """The static tree's settings for every process of the run: re-rendered in the background after each public
    change (by the db_worker), with the loopback host in its absolute links."""
    return {"KZPRESS_SITE_DIR": str(site_dir), "KZPRESS_STATIC_RENDER": "1", "KZPRESS_SITE_URL": "http://localhost"}


SAMPLE_RENDER = """
import sys
from articles.public.rendering import Renderer, site_paths
renderer = Renderer()
for path in [*site_paths(["en"]), *sys.stdin.read().split()]:
    renderer.render(path)
print(renderer.tree.written, "files written")
"""


SAMPLE_RELEASES = 20_000  # releases whose pages a sample render times in parallel (60,000 pages)
RELEASES_RENDER = """
import sys
from articles.models import LiveVersion
from articles.public.rendering import render_release_pages
count, processes = (int(n) for n in sys.stdin.read().split())
ids = list(LiveVersion.objects.reachable().order_by("-article_id").values_list("article_id", flat=True)
           .distinct()[:count])
run = render_release_pages(ids, processes=processes)
print("releases", run.pages, run.seconds)
"""


def render_releases_sample(env, site_dir, count, processes):
    """The rebuild rate where a full rebuild spends its time, the releases' pages: the newest ``count`` releases in
    every language, rendered by ``processes`` processes as ``render_site`` renders them, into ``site_dir``."""
    done = manage("shell", "-c", RELEASES_RENDER, env={**env, **site_settings(site_dir)}, check=False, capture=True,
                  input=f"{count} {processes}")
    found = [line.split() for line in (done.stdout or "").splitlines() if line.startswith("releases ")]
    if done.returncode or not found:
        return {"error": f"the release pages' render failed (exit status {done.returncode})"}
    pages, seconds = int(found[-1][1]), float(found[-1][2])
    return {"releases": count, "processes": processes, "pages": pages, "seconds": seconds,
            "pages_per_s": pages / seconds if seconds else 0}


def render_site(env, site_dir, sample=None, processes=1):
    """A full rebuild of the static tree with ``manage.py render_site`` into ``site_dir`` (emptied first), or with
    ``sample`` (release page paths) the English homes, lists and feeds and those pages only, through the same
    renderer; its time and what it wrote, or ``{"error": why}``."""
    site_env = {**env, **site_settings(site_dir)}
    if manage("help", "render_site", env=site_env, capture=True, check=False, stderr=subprocess.DEVNULL).returncode:
        return {"error": "there is no `manage.py render_site` on this branch yet"}
    shutil.rmtree(site_dir, ignore_errors=True)
    print(f"\nrender ({'a sample' if sample else 'render_site'}) into {site_dir}…", flush=True)
    start = time.perf_counter()
    if sample:
        done = manage("shell", "-c", SAMPLE_RENDER, env=site_env, check=False, input="\n".join(sample))
    else:
        done = manage("render_site", "--restart", "--processes", processes, env=site_env, check=False)
    seconds = time.perf_counter() - start
    if done.returncode:
        return {"error": f"`manage.py render_site` failed with exit status {done.returncode}"}
    files = [f for f in site_dir.rglob("*") if f.is_file() and f.suffix not in (".gz", ".br")]
    release_pages = sum(1 for f in files if f.name == "index.html" and len(parts := f.relative_to(site_dir).parts) >= 5
                        and parts[1] == "news" and parts[2].isdigit())  # a long slug is split into folders
    releases = render_releases_sample(env, site_dir, SAMPLE_RELEASES, processes) if sample else None
    return {"seconds": seconds, "files": len(files), "sample": bool(sample), "releases_sample": releases,
            "processes": 1 if sample else processes, "release_pages": release_pages,
            "pages_per_s": len(files) / seconds if seconds else 0,
            "release_pages_per_s": release_pages / seconds if seconds else 0,
            "bytes": sum(f.stat().st_size for f in files)}


DELETE_ABOVE = """
from articles.models import Article
from articles.public.changes import one_bump

with one_bump():
    print(Article.objects.filter(pk__gt={last}).delete()[0], "rows deleted")
"""


def delete_articles_above(env, last):
    """Delete what the publish → visible step added (new releases, the import's), so the database holds the loaded
    articles only (``--skip-load`` checks the counts). Without the static tree's bookkeeping of the deletions
    (minutes of CPU after the commit for 20,000 releases; the tree is rebuilt by the next run anyway), and inside
    ``one_bump``, as an undone import deletes: the public-change signals collect the deleted releases instead of
    querying each one's agency and region (60,000 live versions: more than ten minutes without)."""
    try:
        manage("shell", "-c", DELETE_ABOVE.format(last=last), env={**env, "KZPRESS_STATIC_RENDER": "0"},
               check=False, timeout=1800)
    except subprocess.TimeoutExpired:
        print(f"note: deleting the articles above {last} took more than 30 minutes and was stopped; the next run "
              "with --skip-load will say the counts differ")


def worker_nice(value):
    """What starts a ``db_worker`` at the scheduling priority of README's systemd unit (``Nice=-5``: the renders of a
    publish go before the web workers' share of the CPU under a spike); None, with a note, when this user may not
    raise a priority (only root may)."""
    if not value:
        return None
    probe = subprocess.run([sys.executable, "-c", f"import os; os.nice({value})"], check=False, capture_output=True)
    if probe.returncode:
        print(f"note: the db_workers run at the default priority (this user may not set nice {value})")
        return None
    return lambda: os.nice(value)


def stop_worker(worker):
    """Stop the db_worker: SIGTERM, then (a task may take minutes to finish) its process group killed."""
    worker.terminate()
    try:
        worker.wait(10)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(worker.pid, signal.SIGKILL)
        worker.wait()


def publish_to_visible(args, env, paths, nginx_missing, render_info, notes):
    """Publish ``--publish`` releases one by one (bench/publish_visible.py) while wrk loads the site and an import
    (``import_releases --publish``) runs, with a ``db_worker`` for the background work, through nginx when the
    static tree is there; p50/p99 of the time until each release shows on its page and in the feeds."""
    from import_bench import AGENCIES as IMPORT_AGENCIES
    from import_bench import generate_dump

    ensure_agencies(AGENCIES, slugs=IMPORT_AGENCIES)
    flush_redis(args.redis_url)
    senv = server_env("cached", args, env)
    delete_articles_above(senv, args.articles)
    through_nginx = not nginx_missing and render_info is not None and not render_info.get("error")
    if not through_nginx:
        notes.append("publish → visible measured on the gunicorn directly (no nginx and static tree this run)")
    dump = VAR / "bench-visible-dump.txt"
    generate_dump(dump, args.visible_import_items, seed=int(time.time()), first_id=20_000_000)
    mix = paths["articles"][:100] + ["/en/", "/en/news/", "/en/news/feed/rss/", *paths["searches"],
                                     *paths["dynamic_lists"]]
    headers = {} if args.no_gzip else {"Accept-Encoding": "gzip"}
    stop, load_results = threading.Event(), []
    out = VAR / "bench-visible.json"
    out.unlink(missing_ok=True)
    with contextlib.ExitStack() as stack:
        server = stack.enter_context(Gunicorn(senv, workers=args.workers, label="gunicorn-visible"))
        front = server
        if through_nginx:
            front = stack.enter_context(Nginx(args.site_dir, ROOT / "staticfiles", server.port, label="nginx-visible",
                                              conf=args.nginx_conf))
        worker_log = open(VAR / "bench-db-worker.log", "w")
        stack.callback(worker_log.close)
        nice = worker_nice(args.worker_nice)
        for number in range(1, args.visible_workers + 1):  # README's deployment runs two: publish, default
            queue = "*" if args.visible_workers == 1 or args.shared_queue else \
                PUBLISH_QUEUE if number == 1 else "default"
            worker = subprocess.Popen([sys.executable, str(ROOT / "manage.py"), "db_worker", "--no-reload",
                                       "--interval", "0.2", "--queue-name", queue, "--worker-id", f"bench-{number}"],
                                      env=senv, cwd=ROOT,
                                      stdout=worker_log, stderr=subprocess.STDOUT, start_new_session=True,
                                      preexec_fn=nice)
            stack.callback(stop_worker, worker)

        def load():
            while not stop.is_set():
                load_results.append(run_load(front.base_url, mix, 5, args.visible_connections, headers,
                                             generator=args.generator))

        loader = threading.Thread(target=load, daemon=True)
        loader.start()
        stack.callback(loader.join)
        stack.callback(stop.set)
        time.sleep(2)
        importer = subprocess.Popen([sys.executable, str(ROOT / "manage.py"), "import_releases", str(dump),
                                     "--publish", "--json"], env=senv, cwd=ROOT, stdout=subprocess.DEVNULL)
        import_start, import_end = time.time(), []
        waiter = threading.Thread(target=lambda: (importer.wait(), import_end.append(time.time())), daemon=True)
        waiter.start()
        time.sleep(2)
        subprocess.run([sys.executable, str(ROOT / "bench" / "publish_visible.py"), "--base-url", front.base_url,
                        "--count", str(args.publish), "--json", str(out)], env=senv, check=True)
        stop.set()
        loader.join()
        import_running = importer.poll() is None
        waiter.join(1800)
    summary = json.loads(out.read_text())
    import_end = import_end[0] if import_end else time.time()
    import_seconds = import_end - import_start
    summary.update({
        "via": "nginx" if through_nginx else "gunicorn", "workers": args.visible_workers,
        "queues": "shared" if args.shared_queue or args.visible_workers == 1 else "publish, default",
        "load_rps": sum(r.requests for r in load_results) / max(1e-9, sum(r.seconds for r in load_results)),
        "load_errors": sum(r.errors for r in load_results),
        "import_items": args.visible_import_items, "import_exit": importer.returncode,
        "import_still_running_after_publishing": import_running,
        "published_during_import": sum(1 for r in summary["releases"] if r["at"] <= import_end),
        "import_seconds": import_seconds,
    })
    delete_articles_above(senv, args.articles)
    print(f"publish → visible via {summary['via']} ({args.visible_workers} db_worker): "
          f"page p50 {summary['page']['p50']:.2f} s, p99 "
          f"{summary['page']['p99']:.2f} s; page and all feeds p50 {summary['all_s']['p50'] or 0:.2f} s, p99 "
          f"{summary['all_s']['p99'] or 0:.2f} s (load {summary['load_rps']:,.0f} req/s meanwhile, "
          f"{summary['published_during_import']} of {args.publish} published while the import ran)")
    return summary


# --- import rate ---------------------------------------------------------------------------------------------------


def import_rate(args):
    url = args.import_database_url
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
        out = Path(handle.name)
    try:
        subprocess.run([sys.executable, str(ROOT / "bench" / "import_bench.py"), "--items", str(args.import_items),
                        "--database-url", url, "--baselines", "copy,row_by_row", "--json", str(out)], check=True)
        return json.loads(out.read_text())
    finally:
        out.unlink(missing_ok=True)


# --- output --------------------------------------------------------------------------------------------------------


def fmt_row(row):
    target = f"≥ {row['target']:.2f}" if row["target"] is not None else ""
    verdict = {True: "PASS", False: "MISS", None: ""}[row["pass"]]
    return (row["label"], f"{row['rps']:,.0f}", f"{row['p50_ms']:.1f}", f"{row['p99_ms']:.1f}", str(row["errors"]),
            f"{row['ratio']:.3f}", target, verdict, f"{row.get('ratio_best_bare', row['ratio']):.3f}")


HEADER = ("endpoint", "req/s", "p50 ms", "p99 ms", "errors", "ratio", "target", "result", "vs best bare")
BARE_NOTE = ("ratio: to this mode's bare view (the targets' definition); vs best bare: to the faster of the modes' "
             "bare views, {best:,.0f} req/s.")


def compare_baselines(results):
    """Ratios to the fastest bare view of all modes too: middleware that slows the bare view in one mode (a cache
    lookup for every request, say) would otherwise flatter that mode's ratios. Returns a warning or None."""
    best = max((r["bare_rps"] for r in results), default=0)
    for result in results:
        result["best_bare_rps"] = best
        for row in result["rows"]:
            row["ratio_best_bare"] = row["rps"] / best if best else 0
    slow = [r for r in results if best and r["bare_rps"] < 0.9 * best]
    if not slow:
        return None
    return "; ".join(f"the bare view is {1 - r['bare_rps'] / best:.0%} slower in the {r['mode']} mode "
                     f"({r['bare_rps']:,.0f} vs {best:,.0f} req/s): the site's middleware does more work there for "
                     "every request, so that mode's ratios flatter it; see 'vs best bare'" for r in slow)


def print_table(result):
    mode = result["mode"]
    env = " ".join(f"{k}={v}" for k, v in result["env"].items()) or "the site as deployed"
    print(f"\n{mode.upper()} ({env}); baseline: bare view {result['bare_rps']:,.0f} req/s (mean of first and last)")
    rows = [HEADER] + [fmt_row(r) for r in result["rows"]]
    widths = [max(len(r[i]) for r in rows) for i in range(len(HEADER))]
    for n, r in enumerate(rows):
        print("  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths, strict=True))))
        if n == 0:
            print("  ".join("-" * w for w in widths))
    print("    " + BARE_NOTE.format(best=result.get("best_bare_rps", result["bare_rps"])))
    for row in result["rows"]:
        notes = []
        if row["key"] == "revalidation" and row["requests"]:
            notes.append(f"{row['statuses'].get(304, 0) / row['requests']:.0%} of answers were 304")
        if row["errors"]:
            notes.append(f"statuses {row['statuses']}")
        notes += row.get("notes", [])
        if row.get("warmup_errors"):
            notes.append(f"failed when warming up: {row['warmup_errors']}")
        if row.get("probe"):
            notes.append(f"still failing alone: {row['probe']}")
        for tb in row.get("tracebacks", []):
            notes.append("gunicorn log:\n" + tb)
        for note in notes:
            print(f"    {row['label']}: {note}")


def markdown(report):
    m, load_info = report["machine"], report["load"]
    lines = [
        f"Measured {report['date']} with `bench/run.py --articles {report['articles']}` "
        f"(`--seconds {report['seconds']:g} --rounds {report['rounds']} --pause {report['pause']:g} "
        f"--connections {report['connections']} --workers {report['workers']}`"
        f"{'' if report['gzip'] else ' --no-gzip'}): the best of {report['rounds']} rounds per endpoint"
        f"{', every request with Accept-Encoding: gzip' if report['gzip'] else ''}.",
        "",
        "| machine | |",
        "| --- | --- |",
        f"| CPU | {m['cpu']}, {m['cores']} cores |",
        f"| RAM | {m['ram_gib']} GiB |",
        f"| OS | {m['os']} |",
        f"| PostgreSQL | {m.get('postgresql', '?')} (loopback) |",
        f"| Python / Django | {m['python']} / {m.get('django', '?')} |",
        f"| server | gunicorn {m.get('gunicorn', '?')}, `-w {report['workers']}`, the production settings of "
        f"kzpress/gunicorn.conf.py (gthread, {os.environ.get('GUNICORN_THREADS', 2)} threads), access log off |",
        f"| cache | {report['cache']} |",
        f"| load generator | {report['generator']}, {report['connections']} connections, same machine |",
        f"| data | {report['articles']:,} published articles × 3 approved versions (kk, ru, en), each live, "
        f"{AGENCIES} agencies; database {load_info.get('database_size', '?')} |",
        "",
    ]
    if "articles_per_s" in load_info:
        lines += [f"Load (COPY in {load_info['streams']} streams with the search trigger on, then the indexes): "
                  f"{load_info['copy_s'] + load_info['indexes_s']:.0f} s, {load_info['articles_per_s']:,.0f} "
                  f"articles/s ({load_info['rows_per_s']:,.0f} rows/s).", ""]
    if report.get("render"):
        r = report["render"]
        what = ("a sample: the English homes, lists and feeds and the measured release pages, through the same "
                "renderer as `manage.py render_site`" if r.get("sample") else
                f"`manage.py render_site --processes {r.get('processes', 1)}`, a full rebuild into an empty directory")
        lines += [f"Static tree ({what}): {r['files']:,} "
                  f"files ({r['release_pages']:,} release pages, {r['bytes'] / 2**20:,.0f} MiB) in "
                  f"{r['seconds']:.1f} s: "
                  f"**{r['pages_per_s']:,.0f} pages/s** ({r['release_pages_per_s']:,.0f} release pages/s).", ""]
        if (sampled := r.get("releases_sample")) and not sampled.get("error"):
            lines += [f"Releases' pages (what a full rebuild spends its time on; the newest {sampled['releases']:,} "
                      f"releases in every language, {sampled['processes']} processes): {sampled['pages']:,} pages in "
                      f"{sampled['seconds']:.1f} s, **{sampled['pages_per_s']:,.0f} pages/s**.", ""]
    for result in report["modes"]:
        env = ", ".join(f"`{k}={v}`" for k, v in result["env"].items())
        env = f"{result.get('description', '')}{'; ' if env else ''}{env}" or "as deployed"
        lines += [f"**{result['mode']}** ({env}); bare view {result['bare_rps']:,.0f} req/s", "",
                  "| " + " | ".join(HEADER) + " |", "| --- | " + " | ".join(["---:"] * (len(HEADER) - 1)) + " |"]
        lines += ["| " + " | ".join(fmt_row(r)) + " |" for r in result["rows"]]
        lines += ["", BARE_NOTE.format(best=result.get("best_bare_rps", result["bare_rps"])), ""]
    if report.get("baseline_warning"):
        lines += [f"Note: {report['baseline_warning']}.", ""]
    if report.get("visible"):
        v = report["visible"]
        lines += [f"Publish → visible ({v['count']} releases published one by one through `workflow.transition`, "
                  f"read through {v['via']}, rendered by {v.get('workers', 1)} db_worker(s) "
                  f"(queues: {v.get('queues', 'shared')}), "
                  f"while wrk loaded the site at {v['load_rps']:,.0f} req/s "
                  f"({v['load_errors']} errors) and `import_releases --publish` of {v['import_items']:,} items ran for "
                  f"{v['import_seconds']:.0f} s, {v['published_during_import']} of the releases published during it; "
                  "with fewer than 100 releases the p99 is the slowest of them):", "",
                  "| seconds from the publish call | p50 | p99 | max | seen |", "| --- | ---: | ---: | ---: | ---: |"]
        for key, label in (("publish_s", "the publish call itself"), ("page", "its page"), ("rss", "RSS feed"),
                           ("atom", "Atom feed"), ("json", "JSON feed"), ("all_s", "page and every feed")):
            f = v[key]
            cell = (lambda x: f"{x:.2f}" if x is not None else "—")  # noqa: E731
            lines.append(f"| {label} | {cell(f['p50'])} | {cell(f['p99'])} | {cell(f['max'])} | "
                         f"{f['seen']}/{v['count']} |")
        lines.append("")
    for note in report.get("notes", []):
        lines += [f"Note: {note}.", ""]
    if report.get("import"):
        imp = report["import"]
        lines += ["| import | items/s | ratio |", "| --- | ---: | ---: |",
                  f"| `import_releases` ({imp['items']:,} items) | {imp['import_items_per_s']:,.0f} | "
                  f"target ≥ 2,000: {'PASS' if imp['import_items_per_s'] >= 2000 else 'MISS'} |"]
        if imp.get("copy_items_per_s"):
            lines.append(f"| bare COPY of the same rows | {imp['copy_items_per_s']:,.0f} | "
                         f"import = {imp['import_items_per_s'] / imp['copy_items_per_s']:.2f} of it |")
        if imp.get("row_by_row_items_per_s"):
            times = imp["import_items_per_s"] / imp["row_by_row_items_per_s"]
            lines.append(f"| django-import-export's default row-by-row import of the same rows (first 2,000) | "
                         f"{imp['row_by_row_items_per_s']:,.0f} | import = {times:.1f}x it, target ≥ 10x: "
                         f"{'PASS' if times >= 10 else 'MISS'} |")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=1000, help="synthetic published articles (default 1000)")
    parser.add_argument("--database-url", default=DEFAULT_POSTGRES_URL)
    parser.add_argument("--import-database-url", help="for the import rate (default: <database>_import)")
    parser.add_argument("--seconds", type=int, default=8, help="load per round (default 8)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument("--connections", type=int, default=8, help="concurrent keep-alive connections (default 8)")
    parser.add_argument("--article-urls", type=int, default=500, help="article pages in rotation (default 500)")
    parser.add_argument("--generator", choices=["auto", "wrk", "python"], default="auto",
                        help="load generator: wrk when installed (auto), or the Python one")
    parser.add_argument("--streams", type=int, default=os.cpu_count() or 2, help="parallel COPY streams")
    parser.add_argument("--worker-nice", type=int, default=-5,
                        help="the publish → visible db_workers' nice value, as README's systemd unit's Nice= "
                             "(default -5; 0: the default priority)")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/15",
                        help="cache of the servers (flushed); empty: local memory per worker")
    parser.add_argument("--env", action="append", default=[], metavar="NAME=VALUE", help="more server settings")
    parser.add_argument("--modes", default="cached,library,static,cold",
                        help="of cached, library, uncached, static, cold, cold-orm (default "
                             "cached,library,static,cold)")
    parser.add_argument("--site-dir", type=Path, default=VAR / "bench-site",
                        help="the static tree render_site writes and nginx serves (default var/bench-site)")
    parser.add_argument("--nginx-conf", type=Path, default=ROOT / "deploy" / "nginx.conf",
                        help="nginx configuration to rewrite and run (default deploy/nginx.conf)")
    parser.add_argument("--render-processes", type=int, default=os.cpu_count() or 2,
                        help="render_site --processes (default one per core)")
    parser.add_argument("--render", choices=["full", "sample"], default="full",
                        help="full: `manage.py render_site` (every page; hours at 100,000 articles on a small "
                             "machine); sample: the English homes, lists and feeds and the measured release pages "
                             "only, at the same pages/s")
    parser.add_argument("--publish", type=int, default=20,
                        help="releases published one by one for publish → visible, under load and an import "
                             "(default 20; 0: skip)")
    parser.add_argument("--visible-import-items", type=int, default=20_000,
                        help="items of the import that runs meanwhile (default 20000)")
    parser.add_argument("--visible-workers", type=int, default=2,
                        help="db_worker processes during publish → visible (default 2, as README's deployment: "
                             "the first for the publish queue, the others for the default queue)")
    parser.add_argument("--shared-queue", action="store_true",
                        help="every db_worker takes every queue (to compare with README's worker for the publish "
                             "queue alone)")
    parser.add_argument("--visible-connections", type=int, default=4,
                        help="connections of the load meanwhile (default 4)")
    parser.add_argument("--pause", type=float, default=5.0,
                        help="seconds of quiet before each round (default 5): right after a heavy endpoint this "
                             "machine answered even the bare view at a third of its rate for about five seconds")
    parser.add_argument("--rounds", type=int, default=2,
                        help="rounds of --seconds per endpoint, the best one reported (default 2): a passing slowdown "
                             "of the machine in one round does not decide a row; errors of every round count")
    parser.add_argument("--no-gzip", action="store_true",
                        help="requests without Accept-Encoding: gzip (by default every request sends it, as browsers "
                             "and feed readers do)")
    parser.add_argument("--import-items", type=int, default=20_000, help="items for the import rate (0: skip)")
    parser.add_argument("--skip-load", action="store_true", help="reuse a database loaded with the same --articles")
    parser.add_argument("--load-only", action="store_true", help="load the database, then stop")
    parser.add_argument("--keep-indexes", action="store_true",
                        help="keep the secondary indexes during COPY (default: drop them, build them after)")
    parser.add_argument("--json", metavar="PATH", help="write every figure as JSON")
    parser.add_argument("--markdown", action="store_true", help="print a markdown table for docs/performance.md")
    args = parser.parse_args()
    if not is_postgres(args.database_url):
        sys.exit("bench/run.py needs PostgreSQL (COPY, full-text search): --database-url postgres://…")
    check_bench_database(args.database_url)
    maintenance, name = split_postgres_url(args.database_url)
    args.import_database_url = args.import_database_url or f"{maintenance.rsplit('/', 1)[0]}/{name}_import"
    check_bench_database(args.import_database_url)
    modes = [m.strip() for m in args.modes.split(",") if m.strip()]
    args.site_dir = args.site_dir.resolve()  # nginx reads it from its own prefix
    args.nginx_conf = args.nginx_conf.resolve()
    exit_on_sigterm()
    VAR.mkdir(exist_ok=True)

    setup_django(args.database_url)
    if args.generator == "wrk" and not wrk_path():
        sys.exit("--generator wrk: wrk is not installed (apt-get install wrk)")
    generator = generator_name(args.generator)
    print(f"load generator: {generator}")
    if args.skip_load:
        counts = loaded_articles(args.database_url)
        if counts != (args.articles, args.articles * 3, args.articles * 3):
            sys.exit(f"--skip-load: {args.database_url} holds {counts} (articles, versions, live versions), "
                     f"not ({args.articles}, {args.articles * 3}, {args.articles * 3}); run without --skip-load")
        load_info = {"articles": args.articles, "skipped": True, "database_size": database_size(args.database_url)}
        print(f"reusing {name}: {args.articles:,} articles")
    else:
        print(f"loading {args.articles:,} articles × 3 versions into {name} with COPY ({args.streams} streams)…")
        load_info = load(args.database_url, args.articles, args.streams, not args.keep_indexes)
        print(f"loaded in {load_info['total_s']:.1f} s (migrate {load_info['migrate_s']:.1f} s, COPY "
              f"{load_info['copy_s']:.1f} s, {load_info['indexes_rebuilt']} indexes {load_info['indexes_s']:.1f} s, "
              f"ANALYZE {load_info['analyze_s']:.1f} s): {load_info['articles_per_s']:,.0f} articles/s, "
              f"{load_info['rows_per_s']:,.0f} rows/s (COPY and indexes); database {load_info['database_size']}")
    if args.load_only:
        return
    env = base_env(args.database_url, "bench.settings")
    collectstatic(env)

    notes = []
    nginx_missing = unavailable(args.nginx_conf)
    render_info = None
    if nginx_missing and any(MODES[m].get("nginx") for m in modes):
        notes.append(f"nginx rows skipped: {nginx_missing}")
        modes = [m for m in modes if not MODES[m].get("nginx")]

    flush_redis(args.redis_url)
    with Gunicorn({**env, "REDIS_URL": args.redis_url}, workers=args.workers, label="gunicorn-setup") as server:
        paths = choose_paths(args.database_url, server.base_url, args.article_urls)
    print("search hits (English versions): " + ", ".join(f"{q!r} {n:,}" for q, n in paths["search_hits"].items()))
    if "static" in modes or (args.publish and not nginx_missing):
        render_info = render_site(env, args.site_dir, None if args.render == "full" else paths["articles"],
                                  args.render_processes)
        if render_info.get("error"):
            notes.append(f"static rows skipped: {render_info['error']}")
            modes = [m for m in modes if m != "static"]
        else:
            print(f"render: {render_info['files']:,} files ({render_info['release_pages']:,} release pages) in "
                  f"{render_info['seconds']:.1f} s: {render_info['pages_per_s']:,.0f} pages/s")
            if sampled := render_info.get("releases_sample"):
                print(f"render: the newest releases' pages: {sampled.get('error') or ''}" if sampled.get("error") else
                      f"render: the newest {sampled['releases']:,} releases' pages in {sampled['processes']} "
                      f"processes: {sampled['pages']:,} pages in {sampled['seconds']:.1f} s, "
                      f"{sampled['pages_per_s']:,.0f} pages/s")
    for note in notes:
        print(f"note: {note}")
    results = []
    for mode in modes:
        print(f"\n{mode}: {args.seconds:g} s per endpoint, {args.connections} connections, {args.workers} workers")
        results.append(run_mode(mode, args, env, paths))
    warning = compare_baselines(results)
    for result in results:
        print_table(result)
    if warning:
        print(f"\nwarning: {warning}")

    visible = None
    if args.publish:
        print(f"\npublish → visible: {args.publish} releases, under load ({args.visible_connections} connections) and "
              f"an import of {args.visible_import_items:,} items")
        visible = publish_to_visible(args, env, paths, nginx_missing, render_info, notes)

    imported = None
    if args.import_items:
        print(f"\nimport rate: {args.import_items:,} generated items into {args.import_database_url.rsplit('/', 1)[1]}")
        imported = import_rate(args)
        rate, copy = imported["import_items_per_s"], imported.get("copy_items_per_s")
        verdict = "PASS" if rate >= 2000 else "MISS"
        print(f"import_releases   {rate:8,.0f} items/s   target ≥ 2,000 items/s: {verdict}")
        if copy:
            print(f"bare COPY         {copy:8,.0f} items/s   import/COPY = {rate / copy:.2f}")
        if naive := imported.get("row_by_row_items_per_s"):
            verdict = "PASS" if rate / naive >= 10 else "MISS"
            print(f"row-by-row        {naive:8,.0f} items/s   import = {rate / naive:.1f}x it, target ≥ 10x: {verdict}")

    report = {
        "date": datetime.date.today().isoformat(), "articles": args.articles, "seconds": args.seconds,
        "rounds": args.rounds, "pause": args.pause, "gzip": not args.no_gzip,
        "connections": args.connections, "workers": args.workers, "generator": generator,
        "cache": f"Redis ({args.redis_url})" if args.redis_url else "local memory, per worker",
        "machine": machine_info(args.database_url), "load": load_info, "search_hits": paths["search_hits"],
        "modes": results, "import": imported, "baseline_warning": warning,
        "render": render_info, "visible": visible, "notes": notes,
    }
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=2, ensure_ascii=False, default=str))
        print(f"\nfigures written to {args.json}")
    if args.markdown:
        print("\n" + markdown(report))
    failed = [r["label"] for res in results for r in res["rows"] if r["errors"]]
    if failed:
        print(f"\nerrors under load: {', '.join(failed)} (see the notes above and {VAR}/bench-gunicorn-*.log)")
        sys.exit(1)


if __name__ == "__main__":
    main()

"""
Text search over the live text of language versions (what readers see).

On PostgreSQL: full-text search on a stored ``search_vector`` (maintained by a trigger,
indexed with GIN beside the article's date), with the text configuration of the version's language — ``english``,
``russian``, and ``simple`` for Kazakh, for which PostgreSQL ships no stemmer, on the stems
of ``articles.kazakh`` (stored in ``LiveVersion.search_text``; the query is stemmed alike) —
the title weighted over the lead over the body; the newest 500 matches ranked (found
among the newest versions first, so that a common word costs the same on a million
releases as on a thousand: ``newest_matches``), and snippets highlighted by
``ts_headline``. When that finds nothing, trigram similarity on titles and leads (pg_trgm)
catches misspelt names. Elsewhere (SQLite, the default run): every word of the query — its stem: Snowball's for
Russian and English (the stemmers PostgreSQL's ``russian`` and ``english`` configurations use), ``articles.kazakh``'s
for Kazakh — must begin a word of the title, lead or body, whatever its case (SQLite's own ``LIKE`` folds only
Latin letters: the text is compared through Python's ``str.casefold``), newest first, with the words highlighted in
Python. A query with no word in it (punctuation, an emoji) finds nothing.
"""

import functools
import operator
import re
import time

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connection, connections
from django.db.models import BooleanField, F, Func, Q, TextField, Value
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import mark_safe

from .. import kazakh
from ..models import LiveVersion
from ..stemming import stem_groups

CONFIGS = {"en": "english", "ru": "russian", "kk": "simple"}
MAX_WORDS = 8
MAX_QUERY = 200
# Ranked: the newest 500 matches, 25 pages of results (ranking costs about 5 ms per 1,000 matches; a common word
# matches 6% of the versions). Past them the results say that older releases are left out (``left_out``).
CANDIDATES = 500
WINDOWS = (10_000, 100_000)  # the newest versions of a language searched first, then these, then all
SIMILARITY = 0.4  # "бозумбаев" in "Бозымбаевтың": 0.46 (pg_trgm's default, 0.6, misses it); a fallback only
FOLD_FROM, FOLD_TO = "ӘҒҚҢӨҰҮҺІәғқңөұүһі", "АГКНОУУХИагкноуухи"
FOLD = str.maketrans(FOLD_FROM, FOLD_TO)
MIN_SIMILAR = 4  # shorter words are too alike to guess at
START, STOP = "\x02", "\x03"  # markers that cannot occur in cleaned text; replaced after escaping

# Migration 0016 installs this function before ``search_text`` exists (0019 adds it): the column is read through
# to_jsonb(NEW), which gives NULL when it is missing, and only for Kazakh rows.
TRIGGER_SQL = """
CREATE OR REPLACE FUNCTION articles_live_search_vector() RETURNS trigger AS $$
DECLARE cfg regconfig; t_title text; t_lead text; t_body text; stems text;
BEGIN
    cfg := CASE NEW.language WHEN 'en' THEN 'english'::regconfig WHEN 'ru' THEN 'russian'::regconfig
                             ELSE 'simple'::regconfig END;
    t_title := coalesce(NEW.title, ''); t_lead := coalesce(NEW.lead, ''); t_body := coalesce(NEW.body, '');
    IF NEW.language = 'kk' THEN
        -- the stems made by articles.kazakh.search_text, while they are the stems of this very text
        stems := to_jsonb(NEW) ->> 'search_text';
        IF split_part(stems, E'\\n', 1) = md5(t_title || E'\\n' || t_lead || E'\\n' || t_body) THEN
            t_title := split_part(stems, E'\\n', 2); t_lead := split_part(stems, E'\\n', 3);
            t_body := split_part(stems, E'\\n', 4);
        END IF;
    END IF;
    NEW.search_vector := setweight(to_tsvector(cfg, t_title), 'A')
                      || setweight(to_tsvector(cfg, t_lead), 'B')
                      || setweight(to_tsvector(cfg, t_body), 'C');
    RETURN NEW;
END $$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS articles_live_search_vector ON articles_liveversion;
CREATE TRIGGER articles_live_search_vector BEFORE INSERT OR UPDATE ON articles_liveversion
    FOR EACH ROW EXECUTE FUNCTION articles_live_search_vector();
CREATE INDEX IF NOT EXISTS articles_live_search ON articles_liveversion USING gin (search_vector);
"""
UNDO_TRIGGER_SQL = """
DROP TRIGGER IF EXISTS articles_live_search_vector ON articles_liveversion;
DROP FUNCTION IF EXISTS articles_live_search_vector();
DROP INDEX IF EXISTS articles_live_search;
"""


def words_of(query):
    return [word for word in re.findall(r"\w[\w'-]*", query[:MAX_QUERY]) if len(word) > 1][:MAX_WORDS]


def casefold(text):
    """SQLite's ``casefold()`` (registered on each connection by ``articles.apps``)."""
    return text.casefold() if isinstance(text, str) else text


def search(queryset, query, language):
    """``queryset`` of versions narrowed to ``query``, best first, with a ``headline`` where the database makes one.
    A query without a word finds nothing."""
    words = words_of(query)
    if not words:
        return queryset.none()
    # Kazakh: each word as its stems (one, or two for an ambiguous ending), matched against the stems of the text
    groups = list(dict.fromkeys(kazakh.stems(" ".join(words)))) if language == "kk" else [(word,) for word in words]
    if connection.vendor == "postgresql":
        found = full_text(queryset, groups, language)
        return found if found is not None else similar_names(queryset, [group[0] for group in groups])
    queryset = queryset.alias(**{f"folded_{field}": Func(F(field), function="casefold", output_field=TextField())
                                 for field in ("title", "lead", "body")})
    for group in stem_groups(words, language):
        stem = min(group, key=len)  # the shorter stem is usually the other's beginning: one LIKE finds both
        queryset = queryset.filter(functools.reduce(operator.or_, (
            Q(**{f"folded_{field}__contains": stem}) for field in ("title", "lead", "body"))))
    return queryset


def full_text(queryset, groups, language):
    config = CONFIGS.get(language, "simple")
    if language == "kk":  # stems against the stems of the text; the headline marks the words they begin
        ts_query = SearchQuery(tsquery(groups), config=config, search_type="raw")
        marks = SearchQuery(tsquery(groups, ":*"), config=config, search_type="raw")
    else:
        ts_query = marks = SearchQuery(" ".join(group[0] for group in groups), config=config, search_type="websearch")
    # Rank the newest CANDIDATES matches, not every match (a common word matches 6% of a million versions); one
    # more tells whether older ones were left out
    newest = newest_matches(queryset.filter(search_vector=ts_query), language, CANDIDATES + 1)
    if not newest:
        return None
    found = (queryset.filter(among(queryset.model, newest[:CANDIDATES]))
             .annotate(rank=SearchRank(F("search_vector"), ts_query),
                       headline=SearchHeadline("body", marks, config=config, start_sel=START, stop_sel=STOP,
                                               max_words=30, min_words=12, max_fragments=2))
             .order_by("-rank", "-article__published_at"))
    found.query.older_left_out = len(newest) > CANDIDATES  # kept by the query's clones: see ``left_out``
    return found


def among(model, ids):
    """``pk IN ids`` as one array parameter (``= ANY(%s)``): a thousand placeholders cost several milliseconds to
    compile and bind, and every count of them is another statement for the server to prepare."""
    table, pk = (connection.ops.quote_name(name) for name in (model._meta.db_table, model._meta.pk.column))
    return RawSQL(f"{table}.{pk} = ANY(%s)", (list(ids),), output_field=BooleanField())


def left_out(queryset):
    """Whether ``queryset`` (a search's results) leaves out older matches: it ranks the newest CANDIDATES only."""
    return getattr(getattr(queryset, "query", None), "older_left_out", False)


def newest_matches(matches, language, limit=None):
    """The ids of the newest ``limit`` (CANDIDATES) of ``matches``, read off the newest versions first.

    Reading every match to keep the newest costs as much as there are matches: 2.4 s for 62,000 at a million
    releases. So the matches are looked for among the newest WINDOWS[0] versions of the language first (the date
    of the one that many places back, off the ``live_language_published`` index): the full-text index holds each
    version's date beside its words (migration 0029), and one scan of it finds the words' matches since that date
    before a row is read. Then among the newest WINDOWS[1]; then among all. Each step's newest matches are the
    newest of all as soon as it finds ``limit`` of them."""
    limit = limit or CANDIDATES
    matches = matches.order_by("-article_published_at", "-article_id").values_list("pk", flat=True)
    for window in WINDOWS:
        since = window_start(matches.db, language, window)
        if since is None:  # fewer versions than the window: the last step reads them all anyway
            break
        found = list(matches.filter(article_published_at__gte=since)[:limit])
        if len(found) >= limit:
            return found
    return list(matches[:limit])


_starts = {}  # (database, language, window) -> (expiry, date): per process
START_SECONDS = 60


def window_start(database, language, window):
    """The date of the language's version ``window`` places back from the newest (None when there are fewer), read
    once a minute per process: the read walks ``window`` entries of the date index, and a date a minute old only
    makes the window a few versions wider (the newest matches found in it are still the newest of all)."""
    key = (database, language, window)
    expiry, found = _starts.get(key, (0, None))
    if expiry <= time.monotonic():
        found = next(iter(LiveVersion.objects.using(database).filter(language=language)
                          .order_by("-article_published_at")
                          .values_list("article_published_at", flat=True)[window:window + 1]), None)
        _starts[key] = (time.monotonic() + START_SECONDS, found)
    return found


def tsquery(groups, suffix=""):
    """``to_tsquery`` text: every group, any of its stems (stems are word characters only, safe to quote)."""
    return " & ".join("(" + " | ".join(f"'{stem}'{suffix}" for stem in group) + ")" for group in groups)


def folded(expression):
    """``expression`` with the Kazakh letters as their Russian look-alikes (Қ → К, Ү → У …), as the trigram indexes
    hold it: "Токаев" typed on a Russian keyboard is then "Тоқаев"."""
    return Func(expression, Value(FOLD_FROM), Value(FOLD_TO), function="translate", output_field=TextField())


def similar_names(queryset, words):
    """When the words find nothing: versions whose title or lead has something close to every word (pg_trgm's
    word similarity on the folded text, GIN-indexed), so "Токаев" finds "Тоқаев" and "Бозумбаев" finds
    "Бозымбаев"; newest first."""
    with connections[queryset.db].cursor() as cursor:
        cursor.execute("SELECT set_config('pg_trgm.word_similarity_threshold', %s, false)", [str(SIMILARITY)])
    queryset = queryset.annotate(folded_title=folded("title"), folded_lead=folded("lead"))
    for word in words:
        if len(word) >= MIN_SIMILAR:
            word = word.translate(FOLD)
            queryset = queryset.filter(Q(folded_title__trigram_word_similar=word)
                                       | Q(folded_lead__trigram_word_similar=word))
        else:
            queryset = queryset.filter(Q(title__icontains=word) | Q(lead__icontains=word))
    return queryset.order_by("-article__published_at", "-article_id")


def snippet(version, query, width=160, language=None):
    """Safe HTML: the database's headline, or the first match in the body, whole words only, with the words the
    query's words find (any form of them) in <mark>."""
    text = getattr(version, "headline", None)
    if text is None:
        body = version.body
        stems = [min(group, key=len) for group in stem_groups(words_of(query), language or version.language)]
        pattern = re.compile("|".join(r"\w*" + re.escape(stem) + r"\w*" for stem in stems), re.IGNORECASE) if stems \
            else None
        first = pattern.search(body) if pattern else None
        start = max(0, (first.start() if first else 0) - width // 3)
        stop = min(len(body), start + width)
        if start:  # whole words: from the word after the cut
            start = next((m.end() for m in re.finditer(r"\s+", body[start:stop])), 0) + start
        if stop < len(body):
            stop = start + (max((m.start() for m in re.finditer(r"\s+", body[start:stop])), default=stop - start))
        text = ("…" if start else "") + body[start:stop] + ("…" if stop < len(body) else "")
        if pattern:
            text = pattern.sub(lambda m: START + m.group() + STOP, text)
    return mark_safe(escape(text).replace(START, "<mark>").replace(STOP, "</mark>"))  # noqa: S308 - escaped first

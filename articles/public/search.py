"""
Text search over the live text of language versions (what readers see).

On PostgreSQL: full-text search on a stored ``search_vector`` (maintained by a trigger,
indexed with GIN), with the text configuration of the version's language — ``english``,
``russian``, and ``simple`` for Kazakh, for which PostgreSQL ships no stemmer — the
title weighted over the lead over the body, results ranked, and snippets highlighted by
``ts_headline``. Elsewhere (SQLite, the default run): every word of the query must
appear in the title or the body, newest first, with the words highlighted in Python.
"""

import re

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connection
from django.db.models import F, Q
from django.utils.html import escape
from django.utils.safestring import mark_safe

CONFIGS = {"en": "english", "ru": "russian", "kk": "simple"}
MAX_WORDS = 8
MAX_QUERY = 200
CANDIDATES = 1000
START, STOP = "\x02", "\x03"  # markers that cannot occur in cleaned text; replaced after escaping

TRIGGER_SQL = """
CREATE OR REPLACE FUNCTION articles_live_search_vector() RETURNS trigger AS $$
DECLARE cfg regconfig;
BEGIN
    cfg := CASE NEW.language WHEN 'en' THEN 'english'::regconfig WHEN 'ru' THEN 'russian'::regconfig
                             ELSE 'simple'::regconfig END;
    NEW.search_vector := setweight(to_tsvector(cfg, coalesce(NEW.title, '')), 'A')
                      || setweight(to_tsvector(cfg, coalesce(NEW.lead, '')), 'B')
                      || setweight(to_tsvector(cfg, coalesce(NEW.body, '')), 'C');
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


def search(queryset, query, language):
    """``queryset`` of versions narrowed to ``query``, best first, with a ``headline`` where the database makes one."""
    words = words_of(query)
    if not words:
        return queryset
    if connection.vendor == "postgresql":
        config = CONFIGS.get(language, "simple")
        ts_query = SearchQuery(" ".join(words), config=config, search_type="websearch")
        # Rank the newest CANDIDATES matches, not every match: the cost stays the same on a million versions
        # (the database walks the date index, or the GIN index for rare words, and stops early).
        newest = (queryset.filter(search_vector=ts_query).order_by("-article__published_at", "-article_id")
                  .values("pk")[:CANDIDATES])
        return (queryset.filter(pk__in=newest)
                .annotate(rank=SearchRank(F("search_vector"), ts_query),
                          headline=SearchHeadline("body", ts_query, config=config, start_sel=START, stop_sel=STOP,
                                                  max_words=30, min_words=12, max_fragments=2))
                .order_by("-rank", "-article__published_at"))
    for word in words:
        queryset = queryset.filter(Q(title__icontains=word) | Q(lead__icontains=word) | Q(body__icontains=word))
    return queryset


def snippet(version, query, width=160):
    """Safe HTML: the database's headline, or the first match in the body, with the query's words in <mark>."""
    text = getattr(version, "headline", None)
    if text is None:
        body = version.body
        words = words_of(query)
        positions = [m.start() for w in words for m in [re.search(re.escape(w), body, re.IGNORECASE)] if m]
        start = max(0, min(positions, default=0) - width // 3)
        text = ("…" if start else "") + body[start:start + width] + ("…" if start + width < len(body) else "")
        if words:
            pattern = re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE)
            text = pattern.sub(lambda m: START + m.group() + STOP, text)
    return mark_safe(escape(text).replace(START, "<mark>").replace(STOP, "</mark>"))  # noqa: S308 - escaped first

"""
Import benchmark: items/s of ``import_releases`` on a generated dump, beside a bare
``bulk_create`` (and PostgreSQL ``COPY``) of the same rows and django-import-export's
default row-by-row import, in the same run, with peak memory at two dump sizes.

    .venv/bin/python bench/import_bench.py [--items 100000] [--database-url URL]
        [--baselines memory,bulk_create,copy,row_by_row] [--json PATH]

It works on its own database, dropped and created afresh (default: a SQLite file under
var/; PostgreSQL databases must be named ``kzpress_bench*``, e.g.
``--database-url postgres://postgres@127.0.0.1:5432/kzpress_bench``), and prints figures
and ratios; ``--baselines`` picks the comparisons (default all), ``--json`` writes the
figures. bench/run.py runs it with ``--baselines copy,row_by_row`` on PostgreSQL.
"""

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import ROOT, is_postgres, prepare_database  # noqa: E402

EN = ("the regional akim held a meeting on the development of infrastructure and housing construction "
      "water supply projects were discussed with residents of the district and the ministry").split()
RU = ("аким области провёл совещание по вопросам развития инфраструктуры и жилищного строительства "
      "жители района обсудили проекты водоснабжения вместе с министерством").split()
KK = ("облыс әкімі инфрақұрылымды дамыту және тұрғын үй құрылысы мәселелері бойынша кеңес өткізді "
      "аудан тұрғындары министрлікпен бірге сумен қамту жобаларын талқылады").split()
AGENCIES = ["adilet", "enbek", "mps", "mam", "ontustik", "aktobe", "abay"] + [f"bench-agency-{n}" for n in range(293)]


def sentence(rng, words):
    chosen = rng.choices(words, k=rng.randint(8, 20))
    return " ".join(chosen).capitalize() + "."


def generate_dump(path, items, seed=1, first_id=1_000_000):
    """A dump of ``items`` releases (news ids from ``first_id``) in the scraper's format, glued sentences included."""
    rng = random.Random(seed)
    with open(path, "w", encoding="utf-8") as out:
        out.write("Law\n")
        for n in range(items):
            words = rng.choice((EN, EN, RU, KK))
            title = sentence(rng, words)[:-1]
            day = 1 + n % 28
            out.write(f"{title} {day:02d}.02.2025\n")
            # Sentences glued without a space, as the scraper leaves them.
            body = "".join(sentence(rng, words) for _ in range(rng.randint(6, 14)))
            agency = rng.choice(AGENCIES)
            url = f"https://www.gov.kz/memleket/entities/{agency}/press/news/details/{first_id + n}"
            out.write(f"{body}Source : {url}\n")


def run_import(path, env):
    """Run ``import_releases`` in a child process; (seconds, peak RSS in MiB)."""
    start = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    subprocess.run([sys.executable, str(ROOT / "manage.py"), "import_releases", str(path), "--json"],
                   env=env, check=True, stdout=subprocess.DEVNULL)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return seconds, max(peak, before) / 1024


def reset_articles():
    """Empty the articles (and what hangs on them) for the next measurement: TRUNCATE on PostgreSQL, where a
    cascading delete of 100,000 articles with their signals takes minutes."""
    from django.db import connection

    from articles.models import Article

    if connection.vendor != "postgresql":
        Article.objects.all().delete()
        return
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE articles_article CASCADE")


def bare_rows(path):
    """The parsed rows of the dump, as plain tuples for the bare baselines."""
    from articles.importing.parsing import iter_dump

    with open(path, encoding="utf-8") as handle:
        return [(i.source.url, i.source.agency_slug, i.source.news_id, i.title, i.body, i.published, i.signature)
                for i in iter_dump(handle) if i.ok]


def bench_bulk_create(rows):
    import datetime

    from django.db import transaction
    from django.utils import timezone

    from articles.models import Agency, Article, ArticleTranslation

    reset_articles()
    start = time.perf_counter()
    with transaction.atomic():
        agencies = {a.slug: a for a in Agency.objects.all()}
        for offset in range(0, len(rows), 1000):
            chunk = rows[offset:offset + 1000]
            articles = Article.objects.bulk_create(
                Article(agency=agencies[r[1]], source_url=r[0], news_id=r[2], original_language="en",
                        published_at=timezone.make_aware(datetime.datetime.combine(r[5], datetime.time())))
                for r in chunk
            )
            ArticleTranslation.objects.bulk_create(
                ArticleTranslation(article=a, language="en", title=r[3], body=r[4], signature=r[6], is_original=True)
                for a, r in zip(articles, chunk, strict=True)
            )
    return time.perf_counter() - start


def bench_copy(rows):
    from django.db import connection, transaction

    from articles.models import Agency

    reset_articles()
    agencies = dict(Agency.objects.values_list("slug", "pk"))
    start = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        with cursor.copy("COPY articles_article (agency_id, source_url, news_id, original_language, published_at, "
                         "status, section, needs_translation, upstream_changed, title_in_capitals, upstream_hash, "
                         "created_at, updated_at, withdrawn_reasons, lock_version) FROM STDIN") as copy:
            for r in rows:
                copy.write_row((agencies[r[1]], r[0], r[2], "en", r[5], "draft", "", False, False, False, "",
                                "now", "now", "{}", 1))
        cursor.execute("SELECT id, source_url FROM articles_article")
        ids = dict((url, pk) for pk, url in cursor.fetchall())
        with cursor.copy("COPY articles_articletranslation (article_id, language, is_original, status, title, lead, "
                         "body, signature, slug, updated_at, outdated) FROM STDIN") as copy:
            for r in rows:
                copy.write_row((ids[r[0]], "en", True, "approved", r[3], "", r[4], r[6], "", "now", False))
    return time.perf_counter() - start


def bench_import_export_default(path, limit):
    """django-import-export's stock ModelResource, row by row, on the first ``limit`` rows."""
    import tablib
    from import_export import resources

    from articles.models import ArticleTranslation

    class Naive(resources.ModelResource):
        class Meta:
            model = ArticleTranslation
            fields = ["article", "language", "title", "body"]
            import_id_fields = ["article", "language"]

    reset_articles()
    rows = bare_rows(path)[:limit]
    from articles.models import Agency, Article

    agency = Agency.objects.first()
    articles = Article.objects.bulk_create(
        Article(agency=agency, source_url=r[0], news_id=r[2], original_language="en", published_at="2025-02-09T00:00Z")
        for r in rows
    )
    dataset = tablib.Dataset(headers=["article", "language", "title", "body"])
    for article, r in zip(articles, rows, strict=True):
        dataset.append([article.pk, "en", r[3], r[4]])
    start = time.perf_counter()
    result = Naive().import_data(dataset, dry_run=False)
    assert not result.has_errors(), result.row_errors()[:1]
    return time.perf_counter() - start, len(rows)


BASELINES = ("memory", "bulk_create", "copy", "row_by_row")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--naive-items", type=int, default=2_000, help="rows for the row-by-row baseline")
    parser.add_argument("--database-url", default=f"sqlite:///{ROOT / 'var' / 'bench.sqlite3'}")
    parser.add_argument("--baselines", default=",".join(BASELINES),
                        help=f"comma-separated, of {', '.join(BASELINES)} (default all; copy needs PostgreSQL)")
    parser.add_argument("--json", metavar="PATH", help="write the figures as JSON")
    args = parser.parse_args()
    baselines = {b.strip() for b in args.baselines.split(",") if b.strip()}
    if unknown := baselines - set(BASELINES):
        parser.error(f"unknown baselines: {', '.join(sorted(unknown))}")

    # DEBUG off, as in production: with it on Django keeps every query's SQL in memory.
    env = prepare_database(args.database_url)
    os.environ.update(env, DJANGO_SETTINGS_MODULE="kzpress.settings")
    import django

    django.setup()

    figures = {"items": args.items, "database": args.database_url.split("@")[-1]}
    with tempfile.TemporaryDirectory() as tmp:
        small, large = Path(tmp) / "small.txt", Path(tmp) / "large.txt"
        generate_dump(large, args.items)
        figures["dump_mib"] = large.stat().st_size / 2**20
        print(f"database: {figures['database']}   items: {args.items:,}  (dump {figures['dump_mib']:.0f} MiB)")

        if "memory" in baselines:
            generate_dump(small, max(args.items // 10, 1))
            _, small_rss = run_import(small, env)
            figures["small_peak_rss_mib"] = small_rss
            reset_articles()
        seconds, rss = run_import(large, env)
        rate = args.items / seconds
        figures.update(import_seconds=seconds, import_items_per_s=rate, peak_rss_mib=rss)
        memory = f"; {small_rss:.0f} MiB at {args.items // 10:,} items" if "memory" in baselines else ""
        print(f"import_releases           {rate:9,.0f} items/s  ({seconds:.1f} s, peak RSS {rss:.0f} MiB{memory})")
        rows = bare_rows(large)
        if "bulk_create" in baselines:
            bulk = len(rows) / bench_bulk_create(rows)
            figures["bulk_create_items_per_s"] = bulk
            print(f"bare bulk_create          {bulk:9,.0f} items/s  ratio import/bulk_create = {rate / bulk:.2f}")
        if "copy" in baselines and is_postgres(args.database_url):
            copy = len(rows) / bench_copy(rows)
            figures["copy_items_per_s"] = copy
            print(f"bare COPY                 {copy:9,.0f} items/s  ratio import/COPY = {rate / copy:.2f}")
        if "row_by_row" in baselines:
            naive_seconds, naive_count = bench_import_export_default(large, args.naive_items)
            naive = naive_count / naive_seconds
            figures["row_by_row_items_per_s"] = naive
            print(f"import-export row-by-row  {naive:9,.0f} items/s  ratio import/row-by-row = {rate / naive:.1f}x")
        if "memory" in baselines:
            print(f"memory: peak RSS {rss:.0f} MiB for {args.items:,} items vs {small_rss:.0f} MiB for "
                  f"{args.items // 10:,} (ratio {rss / small_rss:.2f} for 10x the items)")
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()

"""
Publish → visible: how long after a publisher publishes a release readers see it, on its page and in the site's
feeds. bench/run.py runs it (``--publish N``) in a child process with the servers' settings (same database, cache
and static tree), while it loads the site and an import runs; alone:

    DJANGO_SETTINGS_MODULE=bench.settings DATABASE_URL=postgres://…/kzpress_bench REDIS_URL=… \\
        .venv/bin/python bench/publish_visible.py --base-url http://127.0.0.1:8080 --count 20 [--json PATH]

For each of ``--count`` new releases, one at a time (``--interval`` seconds apart): creates it as a draft with three
approved language versions whose English title carries a unique word (as an editor leaves it, by another user:
the four-eyes rule holds), publishes it through the real operation (``workflow.transition(article, "publish")``,
which makes the versions live through ``publishing.go_live`` and queues what publishing queues), then polls its
English page (``/en/news/<pk>/<slug>/``) and the English RSS, Atom and JSON feeds at ``--base-url`` every
``--poll`` seconds (a thread and a connection each) until each shows the word. Times are from the call to publish
(the publisher's click) to the first answer that shows it; the publish call's own time is reported too. The first
``--warmup`` publishes (default 1) are printed and not counted: they pay this process's own start (imports, its
database connection, the statements it prepares), which the site's long-lived processes paid long before.
``--cleanup-above ID`` deletes the articles with a larger id at the end (the bench database keeps the loaded
articles only).
"""

import argparse
import http.client
import json
import os
import sys
import threading
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

FEEDS = {"rss": "/en/news/feed/rss/", "atom": "/en/news/feed/atom/", "json": "/en/news/feed.json"}


def percentile(values, fraction):
    values = sorted(values)
    if not values:
        return None
    return values[min(len(values) - 1, int(round(fraction * (len(values) - 1))))]


class Poller:
    """One keep-alive connection; GET a path and say whether ``word`` is in the body (no gzip, to read it)."""

    def __init__(self, base_url):
        host, port = base_url.removeprefix("http://").split(":")
        self.host, self.port, self.conn = host, int(port), None

    def shows(self, path, word):
        for _ in range(2):
            try:
                if self.conn is None:
                    self.conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
                self.conn.request("GET", path, headers={"Accept-Encoding": "identity"})
                response = self.conn.getresponse()
                body = response.read()
                return response.status == 200 and word.encode() in body
            except (OSError, http.client.HTTPException):
                self.conn = None
        return False


def make_release(agency, word, n):
    from django.utils import timezone

    from articles.models import Article, ArticleTranslation

    article = Article.objects.create(
        agency=agency, section="News", news_id=f"9{int(time.time()) % 10**9}{n:04d}", original_language="en",
        source_url=f"https://www.gov.kz/memleket/entities/{agency.slug}/press/news/details/{word}",
        published_at=timezone.now(), status=Article.Status.DRAFT)
    texts = {"en": f"Regional akim opened the new water pipeline {word}",
             "ru": f"Аким области открыл новый водопровод {word}",
             "kk": f"Облыс әкімі жаңа су құбырын ашты {word}"}
    for language, title in texts.items():
        ArticleTranslation.objects.create(
            article=article, language=language, is_original=language == "en",
            status=ArticleTranslation.Status.APPROVED, title=title,
            lead=f"{title}. Residents of the district took part (release {n}).",
            body="\n\n".join([f"{title}. The ministry allocated funds for the project."] * 4),
            signature="Press service")
    return article


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base-url", required=True, help="where readers get the site (nginx, or gunicorn)")
    parser.add_argument("--count", type=int, default=20)
    parser.add_argument("--interval", type=float, default=1.0, help="seconds between publishes (default 1)")
    parser.add_argument("--poll", type=float, default=0.02, help="seconds between polls (default 0.02)")
    parser.add_argument("--timeout", type=float, default=60.0, help="give up on a release after this (default 60)")
    parser.add_argument("--warmup", type=int, default=1,
                        help="publishes first, printed and not counted: this process's imports, connection and "
                             "prepared statements, which the site's long-lived processes have paid (default 1)")
    parser.add_argument("--cleanup-above", type=int, help="delete articles with a larger id at the end")
    parser.add_argument("--json", metavar="PATH")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model

    from articles.editorial import workflow
    from articles.models import Agency, Article

    user, _ = get_user_model().objects.get_or_create(
        username="bench-publisher", defaults={"is_staff": True, "is_superuser": True})
    agency = Agency.objects.order_by("pk").first()
    pollers = {key: Poller(args.base_url) for key in ("page", *FEEDS)}  # each URL watched by its own thread
    releases = []
    for n in range(-args.warmup, args.count):
        word = f"kzvis{uuid.uuid4().hex[:12]}"
        article = make_release(agency, word, n % 10_000)
        at, start = time.time(), time.perf_counter()
        workflow.transition(article, "publish", user, reason="bench")
        published = time.perf_counter() - start
        page = article.translations.get(language="en").get_absolute_url()
        seen = {}

        def watch(key, path, poller, word=word, start=start, seen=seen):
            while time.perf_counter() - start < args.timeout:
                if poller.shows(path, word):
                    seen[key] = time.perf_counter() - start
                    return
                time.sleep(args.poll)

        threads = [threading.Thread(target=watch, args=(key, path, pollers[key]))
                   for key, path in {"page": page, **FEEDS}.items()]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        pending = [key for key in ("page", *FEEDS) if key not in seen]
        row = {"article": article.pk, "page_url": page, "publish_s": published, **seen,
               "missing": sorted(pending), "at": at}
        row["all_s"] = max(seen.values()) if not pending else None
        if n >= 0:
            releases.append(row)
        print((f"  release {n + 1}/{args.count}: " if n >= 0 else "  warm-up, not counted: ")
              + f"publish {published:.2f} s, "
              + ", ".join(f"{k} {seen[k]:.2f} s" if k in seen else f"{k} not within {args.timeout:g} s"
                          for k in ("page", *FEEDS)), flush=True)
        time.sleep(args.interval)
    summary = {"count": args.count, "releases": releases}
    for key in ("publish_s", "page", *FEEDS, "all_s"):
        values = [r[key] for r in releases if r.get(key) is not None]
        summary[key] = {"p50": percentile(values, 0.5), "p99": percentile(values, 0.99),
                        "max": max(values, default=None), "seen": len(values)}
    if args.cleanup_above is not None:
        Article.objects.filter(pk__gt=args.cleanup_above).delete()
    if args.json:
        Path(args.json).write_text(json.dumps(summary, indent=2))


if __name__ == "__main__":
    main()

"""
Bounded load test: mixed public traffic over loopback while an import runs, with zero errors expected.

    .venv/bin/python bench/load_test.py                   # 60 s, SQLite database var/load-test.sqlite3
    .venv/bin/python bench/load_test.py --seconds 20 --database-url postgres://postgres@127.0.0.1:5432/kzpress_bench_load

1. Recreates the database (SQLite file, or a PostgreSQL database named ``kzpress_bench*``), migrates it, creates
   the agencies the generated dumps use, imports the sample (samples/govkz-law-2025-02-09.txt) and a generated dump
   of ``--published-items`` items, both with ``--publish``.
2. Starts the production gunicorn command (``bench/gunicorn.conf.py``: kzpress/gunicorn.conf.py without the access
   log; ``--workers``, default 2) with ``DJANGO_SETTINGS_MODULE=bench.settings`` and the shared Redis cache
   (``--redis-url``, a database of its own that is flushed; empty for each worker's local memory).
3. For ``--seconds`` (default 60), ``--clients`` threads (default 8), each a keep-alive connection, request a mix
   of public URLs — home, news lists, filtered lists, search, article pages, RSS, Atom, JSON Feed, feed
   revalidations (If-None-Match, 304 expected unless the feed changed), /sitemap.xml and URLs that must be 404 —
   and check every status. ``--import-delay`` seconds in (default 5), ``manage.py import_releases`` of
   ``--import-items`` new generated items (default 20,000) with ``--publish --json`` starts in a child process.
4. Waits for the import, then prints the requests, req/s, per-endpoint counts, p50/p99 and statuses, the errors
   (unexpected statuses and exceptions; the first few in full), the import's exit status and JSON summary, and
   the article count before and after, and checks that the site shows the import (feed ETag changed, a new
   article's page answers 200, the newest release is on the news list and in the feed whichever worker answers).

With ``--through-admin`` the import is an editor's: an admin user logs in over HTTP, uploads the dump on Articles →
Import, waits for the preview, confirms it and waits for the import, both run by ``manage.py db_worker`` in the
background while the traffic goes on (``bench/admin_import.py``); the upload limit is raised to the file's size for
the run. It prints the upload, preview and import times:

    .venv/bin/python bench/load_test.py --through-admin --import-items 100000 --seconds 120 \
        --database-url postgres://postgres@127.0.0.1:5432/kzpress_bench_load

Exit status 0 only with zero errors, the import complete (exit 0, no item errors) and the article count grown by
exactly ``--import-items``; 1 otherwise. ``--json PATH`` writes the figures. Gunicorn's output goes to
var/load-test-gunicorn.log.
"""

import argparse
import json
import random
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from django.utils import timezone

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (  # noqa: E402
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
    machine_info,
    manage,
    percentile,
    recreate_database,
    setup_django,
)
from import_bench import AGENCIES, generate_dump  # noqa: E402

SAMPLE = ROOT / "samples" / "govkz-law-2025-02-09.txt"
OK = frozenset({200})

# endpoint: (weight in the mix, expected statuses)
MIX = {
    "home": (12, OK),
    "news list": (12, OK),
    "filtered list": (10, OK),
    "search": (8, OK),
    "article page": (30, OK),
    "RSS": (5, OK),
    "Atom": (3, OK),
    "JSON Feed": (3, OK),
    "feed revalidation": (8, frozenset({304, 200})),
    "sitemap": (1, OK),
    "not found": (4, frozenset({404})),
}


def build_urls(rng, article_samples):
    """URL lists per endpoint, from what the database holds (Django set up)."""
    from django.db.models import Count, Q
    from django.utils.encoding import iri_to_uri

    from articles.models import Agency, Article, LiveVersion, Region

    versions = list(LiveVersion.objects.public().order_by("?")[:article_samples])
    published = Q(articles__in=Article.objects.public())
    agencies = list(Agency.objects.annotate(n=Count("articles", filter=published)).filter(n__gt=0)
                    .values_list("slug", flat=True))
    regions = list(Region.objects.annotate(n=Count("articles", filter=published)).filter(n__gt=0)
                   .values_list("slug", flat=True))
    words = sorted({w.strip(".,:;«»\"'()").lower() for v in versions[:50] if v.language == "en"
                    for w in v.title.split() if len(w) > 5})[:20] or ["water"]
    languages = ("en", "ru", "kk")
    agency_sample = rng.sample(agencies, min(10, len(agencies)))
    region_sample = rng.sample(regions, min(5, len(regions)))
    filtered = ([f"/en/news/?agency={s}" for s in agency_sample] + [f"/kk/agencies/{s}/" for s in agency_sample]
                + [f"/ru/regions/{s}/" for s in region_sample]
                + [f"/en/news/?section=Law&agency={s}" for s in agency_sample[:1]]) or ["/en/news/?section=Law"]
    feeds = ([f"/{lang}/news/feed/" for lang in languages]
             + [f"/en/agencies/{slug}/feed/" for slug in agency_sample[:3]]
             + [f"/ru/regions/{slug}/feed/" for slug in region_sample[:2]])
    urls = {
        "home": [f"/{lang}/" for lang in languages],
        "news list": [f"/{lang}/news/" for lang in languages] + ["/en/news/?page=2", "/ru/news/?page=3"],
        "filtered list": filtered,
        "search": [f"/en/news/?q={w}" for w in words] + ["/ru/news/?q=министерство", "/kk/news/?q=облысы"],
        "article page": [v.get_absolute_url() for v in versions],
        "RSS": [f + "rss/" for f in feeds],
        "Atom": [f + "atom/" for f in feeds],
        "JSON Feed": [f.rstrip("/") + ".json" for f in feeds],
        "feed revalidation": [f"/{lang}/news/feed/rss/" for lang in languages] + ["/en/news/feed/atom/"],
        "sitemap": ["/sitemap.xml"],
        "not found": ["/en/news/999999999/", "/en/news/999999999/no-such-release/", "/en/agencies/no-such-agency/",
                      "/ru/regions/nowhere/", "/en/no-such-page/", "/kk/news/feed/nothing/"],
    }
    return {name: [iri_to_uri(path) for path in paths] for name, paths in urls.items()}  # Cyrillic slugs and words


class Stats:
    """Per-endpoint latencies and statuses, and the errors, shared by the client threads."""

    def __init__(self):
        self.lock = threading.Lock()
        self.latencies = {name: [] for name in MIX}
        self.statuses = {name: {} for name in MIX}
        self.errors = []
        self.error_count = 0
        self.retries = 0

    def merge(self, latencies, statuses, errors, error_count, retries):
        with self.lock:
            for name in MIX:
                self.latencies[name] += latencies[name]
                for code, n in statuses[name].items():
                    self.statuses[name][code] = self.statuses[name].get(code, 0) + n
            self.errors += errors[: max(0, 50 - len(self.errors))]
            self.error_count += error_count
            self.retries += retries


def client_loop(number, base_url, urls, deadline, stats, started):
    rng = random.Random(number)
    names = list(MIX)
    weights = [MIX[n][0] for n in names]
    client = KeepAliveClient(base_url, timeout=60)
    etags = {}
    latencies = {name: [] for name in MIX}
    statuses = {name: {} for name in MIX}
    errors, error_count = [], 0
    while time.monotonic() < deadline:
        name = rng.choices(names, weights)[0]
        path = rng.choice(urls[name])
        headers = {}
        if name == "feed revalidation" and path in etags:
            headers["If-None-Match"] = etags[path]
        t0 = time.monotonic()
        try:
            response = client.get(path, headers)
        except Exception as exc:  # every failure is an error of the run, reported with its URL
            error_count += 1
            errors.append(f"{time.monotonic() - started:6.1f}s {name} {path}: {exc!r}")
            continue
        latencies[name].append(time.monotonic() - t0)
        statuses[name][response.status] = statuses[name].get(response.status, 0) + 1
        problem = None
        if response.status not in MIX[name][1]:
            problem = f"status {response.status}"
        elif name == "feed revalidation" and response.status == 200:
            if "etag" not in response.headers:
                problem = "feed without an ETag"
            else:
                etags[path] = response.headers["etag"]
        elif response.status == 200 and not response.body:
            problem = "empty body"
        if problem:
            error_count += 1
            snippet = response.body[:200].decode("utf-8", "replace").replace("\n", " ")
            errors.append(f"{time.monotonic() - started:6.1f}s {name} {path}: {problem}: {snippet}")
    client.close()
    stats.merge(latencies, statuses, errors, error_count, client.retries)


FRESHNESS_FETCHES = 6


def stale_answers(base_url):
    """After the import: the newest public English release must be on /en/news/ and in its RSS feed, whichever
    worker answers (each fetch a new connection). The answers that miss it."""
    from articles.models import LiveVersion

    newest = LiveVersion.objects.public("en").order_by("-article__published_at", "-article_id").first()
    if newest is None:
        return ["no public English release"]
    link = newest.get_absolute_url().encode()
    stale = []
    for path in ("/en/news/", "/en/news/feed/rss/"):
        for n in range(FRESHNESS_FETCHES):
            response = fetch(base_url, path)
            if link not in response.body:
                stale.append(f"{path} (fetch {n + 1}): {response.status}, no link to {link.decode()}")
    return stale


ADMIN_PASSWORD = "bench-editor-password-1"


class AdminImport:
    """The import of ``--through-admin``, shaped like the child process of the other mode (run, poll, kill)."""

    def __init__(self, base_url, path, timeout):
        self.base_url, self.path, self.timeout = base_url, path, timeout
        self.returncode, self.result, self.error = None, {}, ""

    def run(self):
        from admin_import import import_through_admin

        try:
            self.result = import_through_admin(self.base_url, self.path, username="bench-editor",
                                               password=ADMIN_PASSWORD, timeout=self.timeout)
            self.returncode = 0 if self.result["state"]["status"] == "done" else 1
        except Exception as error:  # reported with the figures
            self.error, self.returncode = repr(error), 1
        return self.returncode

    def poll(self):
        return self.returncode

    def kill(self):
        pass  # the worker is stopped with the run

    def summary(self):
        from articles.importing.batches import ImportBatch

        batch = ImportBatch.objects.filter(pk=self.result.get("batch")).first()
        if batch is None:
            return None
        errors = list(batch.rows.filter(outcome="error").values("line", "messages")[:20])
        return {**batch.counts, "errors": errors, "batch": batch.pk}


def counts():
    from articles.models import Article

    return Article.objects.count(), Article.objects.public().count()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=f"sqlite:///{VAR / 'load-test.sqlite3'}")
    parser.add_argument("--seconds", type=float, default=60, help="traffic duration (default 60)")
    parser.add_argument("--clients", type=int, default=8, help="concurrent keep-alive clients (default 8)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument("--published-items", type=int, default=2_000, help="generated items published first")
    parser.add_argument("--import-items", type=int, default=20_000, help="new items imported under load")
    parser.add_argument("--import-delay", type=float, default=5, help="seconds of traffic before the import")
    parser.add_argument("--import-timeout", type=float, default=1800, help="longest wait for the import")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/14",
                        help="the servers' and the import's cache (flushed); empty: local memory per process")
    parser.add_argument("--article-urls", type=int, default=300, help="article pages in the mix (default 300)")
    parser.add_argument("--through-admin", action="store_true",
                        help="import as an editor does: upload on the admin's import page, confirm the preview, the "
                             "background worker (manage.py db_worker) doing both (bench/admin_import.py)")
    parser.add_argument("--json", metavar="PATH", help="write the figures as JSON")
    args = parser.parse_args()
    check_bench_database(args.database_url)
    exit_on_sigterm()

    VAR.mkdir(exist_ok=True)

    print(f"database: {args.database_url.split('@')[-1]}")
    recreate_database(args.database_url)
    env = {**base_env(args.database_url), "REDIS_URL": args.redis_url}
    if args.redis_url:
        import redis

        redis.Redis.from_url(args.redis_url).flushdb()
    manage("migrate", "-v0", env=env)
    setup_django(args.database_url)
    ensure_agencies(300, AGENCIES)
    with tempfile.TemporaryDirectory() as tmp:
        seed_dump, new_dump = Path(tmp) / "published.txt", Path(tmp) / "new.txt"
        generate_dump(seed_dump, args.published_items, seed=2, first_id=2_000_000)
        generate_dump(new_dump, args.import_items, seed=3, first_id=3_000_000)
        for path in (SAMPLE, seed_dump):
            summary = json.loads(manage("import_releases", path, "--publish", "--json", env=env, capture=True).stdout)
            print(f"imported {path.name}: {summary['created']:,} created, {summary['flagged']} flagged, "
                  f"{len(summary['errors'])} errors")
        collectstatic(env)
        worker = None
        if args.through_admin:
            from django.contrib.auth import get_user_model

            # The upload limit is the operator's to set (KZPRESS_IMPORT_MAX_BYTES, 50 MB by default): raised to
            # the size of this run's file, for the server and the worker.
            env["KZPRESS_IMPORT_MAX_BYTES"] = str(max(50 * 2**20, 2 * new_dump.stat().st_size))
            get_user_model().objects.create_superuser("bench-editor", password=ADMIN_PASSWORD)
            worker = subprocess.Popen([sys.executable, str(ROOT / "manage.py"), "db_worker", "--no-reload"],
                                      env=env, cwd=ROOT, stdout=subprocess.DEVNULL,
                                      stderr=open(VAR / "load-test-worker.log", "w"))  # noqa: SIM115
        rng = random.Random(1)
        urls = build_urls(rng, args.article_urls)
        before, published_before = counts()
        print(f"articles: {before:,} ({published_before:,} published); "
              f"{sum(len(v) for v in urls.values())} URLs in the mix")

        stats = Stats()
        import_result = {}
        log = VAR / "load-test-gunicorn.log"
        with Gunicorn({**env, "DJANGO_SETTINGS_MODULE": "bench.settings"}, workers=args.workers, log_path=log,
                      label="load-test") as server:
            warm_errors = []
            for name, paths in urls.items():
                for path in paths:
                    status = fetch(server.base_url, path).status
                    if status not in MIX[name][1]:
                        warm_errors.append(f"{name} {path}: {status}")
            etag_before = fetch(server.base_url, "/en/news/feed/rss/").headers.get("etag")
            print(f"server up on {server.base_url}; {args.clients} clients for {args.seconds:g} s, "
                  f"import of {args.import_items:,} items {args.import_delay:g} s in")
            started = time.monotonic()
            deadline = started + args.seconds
            threads = [threading.Thread(target=client_loop, args=(n, server.base_url, urls, deadline, stats, started),
                                        daemon=True) for n in range(args.clients)]
            for thread in threads:
                thread.start()
            time.sleep(min(args.import_delay, args.seconds))
            out, err = tempfile.TemporaryFile("w+"), tempfile.TemporaryFile("w+")
            import_start, import_started_at = time.monotonic(), timezone.now()
            finished = []  # when the import ended, seen by a thread that waits for it
            if args.through_admin:
                process = AdminImport(server.base_url, new_dump, args.import_timeout)
                waiter = threading.Thread(target=lambda: finished.append((process.run(), time.monotonic())),
                                          daemon=True)
            else:
                process = subprocess.Popen([sys.executable, str(ROOT / "manage.py"), "import_releases",
                                            str(new_dump), "--publish", "--json"], env=env, cwd=ROOT, stdout=out,
                                           stderr=err, text=True)
                waiter = threading.Thread(target=lambda: finished.append((process.wait(), time.monotonic())),
                                          daemon=True)
            waiter.start()
            try:
                for thread in threads:
                    thread.join()
                elapsed = time.monotonic() - started
                if not finished:
                    print(f"traffic done; waiting for the import (running for {time.monotonic() - import_start:.0f} s)")
                waiter.join(args.import_timeout)
                if not finished:
                    process.kill()
                    waiter.join()
                import_seconds = finished[0][1] - import_start
                out.seek(0)
                err.seek(0)
                import_result = {"returncode": process.returncode, "seconds": import_seconds,
                                 "finished_during_traffic": import_start + import_seconds <= deadline,
                                 "stderr": err.read()[-2000:]}
                if args.through_admin:
                    import_result.update(process.result, summary=process.summary(), stderr=process.error)
                else:
                    try:
                        import_result["summary"] = json.loads(out.read() or "null")
                    except json.JSONDecodeError as exc:
                        import_result["summary"] = None
                        import_result["stdout_error"] = repr(exc)
            finally:
                if process.poll() is None:
                    process.kill()
                if worker is not None:
                    worker.terminate()
                    worker.wait(30)
            etag_after = fetch(server.base_url, "/en/news/feed/rss/").headers.get("etag")
            from articles.models import LiveVersion

            newest = (LiveVersion.objects.public().filter(article__created_at__gte=import_started_at)
                      .order_by("-article_id").first())
            new_page = fetch(server.base_url, newest.get_absolute_url()).status if newest else None
            fresh = stale_answers(server.base_url)
            tracebacks = server.log_tracebacks(5)
        after, published_after = counts()

    total = sum(len(v) for v in stats.latencies.values())
    summary = import_result.get("summary") or {}
    checks = {
        "no errors under load": stats.error_count == 0 and not warm_errors,
        "import exited 0": import_result.get("returncode") == 0,
        "import reported no item errors": summary.get("errors") == [],
        f"import created {args.import_items:,}": summary.get("created") == args.import_items,
        f"article count grew by {args.import_items:,}": after - before == args.import_items,
        "feed ETag changed after the import": bool(etag_before and etag_after and etag_before != etag_after),
        "a new article's page answers 200": new_page == 200,
        f"news list and feed show the newest release ({FRESHNESS_FETCHES} fetches each)": fresh == [],
    }

    print(f"\n{total:,} requests in {elapsed:.1f} s: {total / elapsed:,.0f} req/s, {stats.error_count} errors, "
          f"{stats.retries} requests resent on a new connection after the server closed an idle one")
    header = f"{'endpoint':20} {'requests':>9} {'p50 ms':>8} {'p99 ms':>8}  statuses"
    print(header + "\n" + "-" * len(header))
    for name in MIX:
        values = sorted(stats.latencies[name])
        codes = ", ".join(f"{code}: {n:,}" for code, n in sorted(stats.statuses[name].items()))
        print(f"{name:20} {len(values):9,} {percentile(values, 0.5) * 1000:8.1f} {percentile(values, 0.99) * 1000:8.1f}"
              f"  {codes}")
    if warm_errors:
        print("\nunexpected statuses before the load:\n  " + "\n  ".join(warm_errors[:10]))
    if stats.errors:
        print(f"\nfirst errors ({stats.error_count} in all):\n  " + "\n  ".join(stats.errors[:10]))
    if (stats.error_count or warm_errors) and tracebacks:
        print("\nlast tracebacks in the server's log:\n" + "\n\n".join(tracebacks))
    state = "during the traffic" if import_result.get("finished_during_traffic") else "after the traffic"
    seconds = import_result.get("seconds") or 1e-9
    print(f"\nimport of {args.import_items:,} items: exit {import_result.get('returncode')}, {seconds:.1f} s "
          f"({args.import_items / seconds:,.0f} items/s under load), finished {state}")
    if args.through_admin and "import_seconds" in import_result:
        print(f"through the admin: upload {import_result['upload_seconds']:.1f} s, preview (worker) "
              f"{import_result['preview_seconds']:.1f} s, import (worker) {import_result['import_seconds']:.1f} s "
              f"({args.import_items / import_result['import_seconds']:,.0f} items/s)")
    print(f"import summary: {json.dumps(summary, ensure_ascii=False)[:2000]}")
    if import_result.get("returncode"):
        print(f"import stderr (end):\n{import_result.get('stderr')}")
    print(f"articles before: {before:,} ({published_before:,} published); after: {after:,} "
          f"({published_after:,} published); grew by {after - before:,}")
    print(f"feed ETag before/after the import: {etag_before} / {etag_after}; newest imported article's page: "
          f"{new_page}")
    if fresh:
        print("stale answers after the import (the newest release missing):\n  " + "\n  ".join(fresh[:10]))
    for label, ok in checks.items():
        print(f"{'PASS' if ok else 'FAIL'}  {label}")
    if args.json:
        Path(args.json).write_text(json.dumps({
            "machine": machine_info(args.database_url), "seconds": elapsed, "clients": args.clients,
            "workers": args.workers, "requests": total, "rps": total / elapsed, "errors": stats.error_count,
            "first_errors": stats.errors[:20], "warm_errors": warm_errors, "retries": stats.retries,
            "endpoints": {name: {"requests": len(v), "p50_ms": percentile(sorted(v), 0.5) * 1000,
                                 "p99_ms": percentile(sorted(v), 0.99) * 1000, "statuses": stats.statuses[name]}
                          for name, v in stats.latencies.items()},
            "import": import_result, "articles_before": before, "articles_after": after, "checks": checks,
        }, indent=2, ensure_ascii=False, default=str))
    sys.exit(0 if all(checks.values()) else 1)


if __name__ == "__main__":
    main()

"""
Feed benchmark: requests/s for the main RSS feed, a filtered feed and a 304 revalidation,
beside a bare Django view, in the same run and through the same Django stack (in-process
test client: middleware, URL resolution, views; no network).

    .venv/bin/python bench/feeds_bench.py [--articles 1000] [--seconds 3]

It uses its own SQLite database under var/ (or --database-url) and prints figures and ratios.
"""

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def measure(client, path, seconds, **headers):
    count, deadline = 0, time.perf_counter() + seconds
    status = None
    while time.perf_counter() < deadline:
        status = client.get(path, **headers).status_code
        count += 1
    return count / seconds, status


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--database-url", default=f"sqlite:///{ROOT / 'var' / 'feeds-bench.sqlite3'}")
    args = parser.parse_args()
    env = {"DATABASE_URL": args.database_url, "DEBUG": "0", "SECRET_KEY": "bench",
           "ALLOWED_HOSTS": "testserver", "SECURE_SSL_REDIRECT": "0"}
    os.environ.update(env, DJANGO_SETTINGS_MODULE="kzpress.settings")
    if args.database_url.startswith("sqlite:///"):
        Path(args.database_url.removeprefix("sqlite:///")).unlink(missing_ok=True)
    subprocess.run([sys.executable, str(ROOT / "manage.py"), "migrate", "-v0"], env={**os.environ}, check=True)

    import django

    django.setup()
    from django.http import HttpResponse
    from django.test import Client
    from django.urls import clear_url_caches, path
    from django.utils import timezone

    from articles.models import Agency, Article, ArticleTranslation, LiveVersion
    from kzpress import urls

    urls.urlpatterns.append(path("bare/", lambda request: HttpResponse("ok")))
    clear_url_caches()

    agencies = list(Agency.objects.all())
    articles = Article.objects.bulk_create(
        Article(agency=agencies[n % len(agencies)], source_url=f"https://www.gov.kz/memleket/entities/"
                f"{agencies[n % len(agencies)].slug}/press/news/details/{n}", news_id=str(n), original_language="en",
                published_at=timezone.now() - timezone.timedelta(hours=n), status="published", section="Law")
        for n in range(args.articles)
    )
    body = "\n\n".join(["The regional akim held a meeting on the development of infrastructure. " * 6] * 5)
    versions = ArticleTranslation.objects.bulk_create(
        ArticleTranslation(article=a, language="en", title=f"Release number {a.news_id} about roads and water",
                           body=body, signature=f"Press service of the {a.agency.name_en}", slug=f"release-{a.news_id}",
                           status="approved", is_original=True)
        for a in articles
    )
    # What readers see: the live copy of each version, as publishing leaves it.
    LiveVersion.objects.bulk_create(
        LiveVersion(version=v, article=v.article, language=v.language, title=v.title, body=v.body,
                    signature=v.signature, slug=v.slug, first_published_at=v.article.published_at,
                    updated_at=v.article.published_at)
        for v in versions
    )
    client = Client()
    bare, _ = measure(client, "/bare/", args.seconds)
    print(f"articles: {args.articles:,}   database: {args.database_url.split('@')[-1]}   {args.seconds:.0f} s each")
    print(f"{'bare Django view':32} {bare:8,.0f} req/s")
    etag = client.get("/en/news/feed/rss/")["ETag"]
    for label, url, headers in [
        ("RSS, all news (cached)", "/en/news/feed/rss/", {}),
        ("RSS, filtered (cached)", "/en/news/feed/rss/?agency=adilet&q=roads", {}),
        ("RSS, 304 revalidation", "/en/news/feed/rss/", {"HTTP_IF_NONE_MATCH": etag}),
    ]:
        rate, status = measure(client, url, args.seconds, **headers)
        print(f"{label:32} {rate:8,.0f} req/s  ratio {rate / bare:.2f}  (HTTP {status})")
    from django.core.cache import cache

    count, deadline = 0, time.perf_counter() + args.seconds
    while time.perf_counter() < deadline:
        cache.clear()
        client.get("/en/news/feed/rss/")
        count += 1
    rate = count / args.seconds
    print(f"{'RSS, all news (cache cleared)':32} {rate:8,.0f} req/s  ratio {rate / bare:.2f}")


if __name__ == "__main__":
    main()

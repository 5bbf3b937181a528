"""The sitemaps: every public language version, and the listings in each language.

``/sitemap.xml`` holds the listings and the newest ``ReleaseSitemap.limit`` versions; ``/sitemap-index.xml`` (named
in robots.txt beside it) lists every page of each section — ``/sitemap-releases.xml``, ``?p=2`` … — so that
crawlers reach every release, however many."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse
from django.utils import translation

from ..models import Language, LiveVersion


class ReleaseSitemap(Sitemap):
    changefreq = "monthly"
    limit = 5000

    def items(self):
        return (LiveVersion.objects.public().only("id", "article_id", "language", "slug", "modified_at")
                .order_by("-article_id", "language"))

    def lastmod(self, version):
        return version.modified_at


class ListingSitemap(Sitemap):
    changefreq = "hourly"

    def items(self):
        return [(name, code) for name in ("home", "news") for code in Language.values]

    def location(self, item):
        name, code = item
        with translation.override(code):
            return reverse(name)


SITEMAPS = {"releases": ReleaseSitemap, "listings": ListingSitemap}

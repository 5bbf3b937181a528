"""The sitemaps: every public language version, and the listings in each language.

``/sitemap.xml`` holds the listings and the newest ``ReleaseSitemap.limit`` versions; ``/sitemap-index.xml`` (named
in robots.txt beside it) lists every page of each section — ``/sitemap-releases.xml``, ``?p=2`` … — so that
crawlers reach every release, however many."""

from django.contrib.sitemaps import Sitemap
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Count, Max
from django.urls import reverse
from django.utils import translation

from ..models import Language, LiveVersion
from .caching import RELEASES, keeps_versions, versions


class ReleaseSitemap(Sitemap):
    changefreq = "monthly"
    limit = 5000

    def items(self):
        return (LiveVersion.objects.public().only("id", "article_id", "language", "slug", "modified_at")
                .order_by("-article_id", "language"))

    def lastmod(self, version):
        return version.modified_at

    def get_latest_lastmod(self):
        """The newest change of any public version (Django's own reads every item: 32 s of the index at a million
        releases)."""
        return self.totals()["latest"]

    @property
    def paginator(self):
        """Django's paginator, with the count of public versions already known."""
        paginator = Paginator(self._items(), self.limit)
        paginator.count = self.totals()["count"]
        return paginator

    def totals(self):
        """The number of public versions and their newest change, in one query (one pass over them: 1.2 s at a
        million releases), once per public change where the cache is shared, once per sitemap elsewhere."""
        if (found := getattr(self, "_totals", None)) is None:
            def read():
                return LiveVersion.objects.public().aggregate(count=Count("id"), latest=Max("modified_at"))

            if keeps_versions():
                found = cache.get_or_set(f"kzpress:sitemap-totals:{versions([RELEASES])[RELEASES]}", read, 3600)
            else:
                found = read()
            self._totals = found
        return found


class ListingSitemap(Sitemap):
    changefreq = "hourly"

    def items(self):
        return [(name, code) for name in ("home", "news") for code in Language.values]

    def location(self, item):
        name, code = item
        with translation.override(code):
            return reverse(name)


SITEMAPS = {"releases": ReleaseSitemap, "listings": ListingSitemap}

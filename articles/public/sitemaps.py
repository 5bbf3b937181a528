"""The sitemaps: every public language version, and the listings in each language.

``/sitemap.xml`` holds the listings and the newest ``ReleaseSitemap.limit`` versions; ``/sitemap-index.xml`` (named
in robots.txt beside it) lists every page of each section — ``/sitemap-releases.xml``, ``?p=2`` … — so that
crawlers reach every release, however many."""

from django.contrib.sitemaps import Sitemap
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Max
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
        """The newest change of any public version, in one query (Django's own reads every item: 32 s of the
        index at a million releases)."""
        return LiveVersion.objects.public().aggregate(latest=Max("modified_at"))["latest"]

    @property
    def paginator(self):
        """Django's paginator, with the count of public versions read once per public change (the sitemap, the
        index and the first page each asked for it: 1.2 s at a million releases)."""
        paginator = Paginator(self._items(), self.limit)
        if keeps_versions():
            key = f"kzpress:sitemap-count:{versions([RELEASES])[RELEASES]}"
            paginator.count = cache.get_or_set(key, lambda: self._items().count(), 3600)
        return paginator


class ListingSitemap(Sitemap):
    changefreq = "hourly"

    def items(self):
        return [(name, code) for name in ("home", "news") for code in Language.values]

    def location(self, item):
        name, code = item
        with translation.override(code):
            return reverse(name)


SITEMAPS = {"releases": ReleaseSitemap, "listings": ListingSitemap}

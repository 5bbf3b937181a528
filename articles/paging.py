"""Pagination that costs the same on a thousand releases as on a million.

A public list counts at most ``MAX_RESULTS`` matching rows (``COUNT(*)`` over a ``LIMIT`` subquery, which stops
early) and offers at most that many results in pages; beyond them, readers narrow the list with filters, search
or dates. The database then never walks more than ``MAX_RESULTS`` rows for a page, however large the archive.
"""

from django.core.paginator import Paginator
from django.utils.functional import cached_property

MAX_RESULTS = 1000


class BoundedPaginator(Paginator):
    max_results = MAX_RESULTS

    @cached_property
    def count(self):
        counted = self.object_list[: self.max_results + 1].count()
        self.more = counted > self.max_results
        return min(counted, self.max_results)

    more = False

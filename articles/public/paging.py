"""Pagination that costs the same on a thousand releases as on a million.

A public list never counts its rows: a page reads one row more than it shows to know whether another page
follows, and at most ``MAX_PAGES`` pages are offered (readers go further back with the date filter or search).
The database then reads at most ``per_page + 1`` rows past the offset, whatever the size of the archive, and the
offset itself is bounded.
"""

import functools

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db import models

from ..models import LiveVersion
from ..prepared import Prepared, Slot
from .search import left_out

MAX_PAGES = 50


class UncountedPage(Page):
    """A page that knows whether rows follow it (``more``), and whether a next page is offered (``has_next``: not
    past ``MAX_PAGES``)."""

    def __init__(self, object_list, number, paginator, has_next, more):
        super().__init__(object_list, number, paginator)
        self._has_next, self.more = has_next, more

    def has_next(self):
        return self._has_next

    def end_index(self):
        return (self.number - 1) * self.paginator.per_page + len(self.object_list)

    @property
    def total(self):
        """The number of results when this page shows the last of them, else None (not counted): the last page
        offered of a longer list does not know how many follow it."""
        return None if self.more else self.end_index()


class UncountedPaginator(Paginator):
    """``rows(start, stop)``, when given, reads a page's rows instead of slicing ``object_list`` (a prepared query
    of the same rows: see ``newest``)."""

    max_pages = MAX_PAGES

    def __init__(self, object_list, per_page, *args, rows=None, **kwargs):
        super().__init__(object_list, per_page, *args, **kwargs)
        self.rows = rows

    def validate_number(self, number):
        try:
            number = int(number)
        except (TypeError, ValueError) as error:
            raise PageNotAnInteger("That page number is not an integer") from error
        if not 1 <= number <= self.max_pages:
            raise EmptyPage("That page number is out of range")
        return number

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page + 1
        rows = self.rows(bottom, top) if self.rows else list(self.object_list[bottom:top])
        if not rows and number > 1:
            raise EmptyPage("That page contains no results")
        following = len(rows) > self.per_page
        more = following or left_out(self.object_list)  # a search's older matches, not ranked
        return UncountedPage(rows[: self.per_page], number, self, following and number < self.max_pages, more)

    @property
    def count(self):
        raise NotImplementedError("an uncounted paginator does not count")


@functools.cache
def newest(shape, kind, start, stop):
    """The public versions of a language from the ``start``-th newest to the ``stop``-th, of all releases or of an
    agency's or a region's (``kind``), with what a list shows (``shape`` "listing") or a feed ("display"), as a
    query compiled once per process: ``newest("listing", "agency", 0, 21)(language="kk", scope=agency.pk)``.
    Unfiltered lists and feeds are most of what is not served from files or the cache."""

    def build():
        versions = LiveVersion.objects.public(Slot("language", models.CharField()), now=Slot.now())
        if kind:
            versions = versions.filter(**{f"article__{kind}_id": Slot("scope", models.IntegerField())})
        versions = versions.for_listing() if shape == "listing" else versions.for_display()
        return versions.order_by("-article__published_at", "-article_id")[start:stop]

    return Prepared(build)

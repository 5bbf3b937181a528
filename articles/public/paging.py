"""Pagination that costs the same on a thousand releases as on a million.

A public list never counts its rows: a page reads one row more than it shows to know whether another page
follows, and at most ``MAX_PAGES`` pages are offered (readers go further back with the date filter or search).
The database then reads at most ``per_page + 1`` rows past the offset, whatever the size of the archive, and the
offset itself is bounded.
"""

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator

MAX_PAGES = 50


class UncountedPage(Page):
    def __init__(self, object_list, number, paginator, has_next):
        super().__init__(object_list, number, paginator)
        self._has_next = has_next

    def has_next(self):
        return self._has_next

    def end_index(self):
        return (self.number - 1) * self.paginator.per_page + len(self.object_list)

    @property
    def total(self):
        """The number of results when this page shows the last of them, else None (not counted)."""
        return None if self._has_next else self.end_index()


class UncountedPaginator(Paginator):
    max_pages = MAX_PAGES

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
        rows = list(self.object_list[bottom:bottom + self.per_page + 1])
        if not rows and number > 1:
            raise EmptyPage("That page contains no results")
        has_next = len(rows) > self.per_page and number < self.max_pages
        return UncountedPage(rows[: self.per_page], number, self, has_next)

    @property
    def count(self):
        raise NotImplementedError("an uncounted paginator does not count")

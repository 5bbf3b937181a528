"""
Querysets compiled once per process.

Django builds and compiles a queryset's SQL each time it is evaluated. For a release page's single query (its
versions with their article, agency and region) that is 1.6 ms of Python, against 0.5 ms for PostgreSQL to answer
it. ``Prepared`` builds such a queryset once per database, with a ``Slot`` wherever a value of the request goes
(the release's id, the language, the time "now" of what is public), keeps Django's compiled SQL, and then runs it
with each call's values through Django's own model iterable: the same instances, ``select_related`` included.
The statement's text never changes, so psycopg prepares it on the server after its second run
(``DATABASE_PREPARED``), and PostgreSQL plans it once too.

    RELEASE = Prepared(lambda: LiveVersion.objects.reachable(now=Slot.now())
                       .filter(article_id=Slot("article", models.IntegerField())).for_display())
    versions = RELEASE(article=42)  # a list of LiveVersions

``bench/run.py``'s cold pages compare the views with and without it (``KZPRESS_PREPARED_QUERIES=0``).
"""

import copy
import functools
import threading
import weakref

from django.conf import settings
from django.db import connections, models, router
from django.db.models.expressions import Expression
from django.db.models.signals import post_migrate
from django.db.models.sql.query import Query
from django.utils import timezone


class Slot(Expression):
    """A value given when a ``Prepared`` query runs: ``Slot("article", IntegerField())`` is filled by the call's
    ``article=``; ``Slot.now()`` by the time of the call, unless the call gives ``now=``."""

    def __init__(self, name, output_field):
        super().__init__(output_field=output_field)
        self.name = name

    @classmethod
    def now(cls):
        return cls("now", models.DateTimeField())

    def as_sql(self, compiler, connection):
        return "%s", [self]

    def fill(self, values, connection):
        if self.name not in values:
            if self.name != "now":
                raise TypeError(f"a prepared query needs a value for {self.name!r}")
            return self.output_field.get_db_prep_value(timezone.now(), connection)
        return self.output_field.get_db_prep_value(values[self.name], connection)

    def __repr__(self):
        return f"Slot({self.name!r})"


class _BoundQuery(Query):
    """A clone of the prepared queryset's query that hands Django's iterable the compiler of one run."""

    bound_compiler = None

    def get_compiler(self, using=None, connection=None, elide_empty=True):
        return self.bound_compiler


class Prepared:
    """A queryset (made by ``build``, with ``Slot``s for its values) compiled once per database and thread-safe to
    run from every thread: ``prepared(**values)`` is the list of its results. With
    ``KZPRESS_PREPARED_QUERIES`` off, every call builds and compiles it again, as plain Django does."""

    def __init__(self, build):
        self.build = build
        self._compiled = {}
        self._lock = threading.Lock()
        _every.add(self)

    def __call__(self, **values):
        alias = router.db_for_read(self.model)
        found = self._compiled.get(alias) if settings.KZPRESS_PREPARED_QUERIES else None
        queryset, compiler, sql, params = found or self._compile(alias)
        connection = connections[alias]
        bound = copy.copy(compiler)
        bound.connection = connection  # this thread's connection, not the compiling thread's
        filled = tuple(p.fill(values, connection) if isinstance(p, Slot) else p for p in params)
        bound.as_sql = lambda *args, **kwargs: (sql, filled)
        runner = queryset.all()  # a clone of the query, for this run's compiler
        runner.query.__class__ = _BoundQuery
        runner.query.bound_compiler = bound
        return list(runner)

    @functools.cached_property
    def model(self):
        return self.build().model

    def _compile(self, alias):
        """(queryset, compiler, SQL, parameters with their slots) of ``build`` on ``alias``, kept for the next calls
        unless ``KZPRESS_PREPARED_QUERIES`` is off."""
        queryset = self.build().using(alias)
        compiler = queryset.query.get_compiler(using=alias)
        sql, params = compiler.as_sql()
        if settings.KZPRESS_PREPARED_QUERIES:
            with self._lock:
                self._compiled[alias] = (queryset, compiler, sql, params)
        return queryset, compiler, sql, params

    def forget(self):
        """Compile again on the next call."""
        self._compiled.clear()


_every = weakref.WeakSet()


def _forget_all(**kwargs):
    """A migration may have changed the columns a compiled query names (the test suite migrates back and forth)."""
    for prepared in list(_every):
        prepared.forget()


post_migrate.connect(_forget_all, dispatch_uid="kzpress-prepared-forget")

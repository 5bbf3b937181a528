"""
Writing many new rows at once, with their first history records.

On PostgreSQL rows go in with ``COPY`` (values adapted by psycopg in C, no SQL to build per row): ids are taken
from the table's sequence first, so the caller's objects get their primary keys as with ``bulk_create``. Elsewhere
(SQLite) it is Django's ``bulk_create`` and django-simple-history's ``bulk_history_create``. Both paths write
the same rows; the tests run on both.
"""

from django.db import connection
from django.db.models import JSONField
from django.db.models.fields import NOT_PROVIDED
from django.utils import timezone

_templates = {}


def new(model, **values):
    """A new, unsaved ``model(**values)`` for a bulk insert, built the way Django builds rows it reads (positional
    values in field order) instead of ``Model.__init__``'s keyword path, which looks up every field's default for
    every object: a third of an import's own time went there. Values are attnames or relations (``agency=…``)."""
    template = _templates.get(model)
    if template is None:
        template = _templates[model] = [
            (f.attname, f.name, f.default if f.has_default() and callable(f.default) else None,
             f.get_default() if not (f.has_default() and callable(f.default)) else NOT_PROVIDED)
            for f in model._meta.concrete_fields]
    args, relations = [], {}
    for attname, name, make, default in template:
        if attname in values:
            args.append(values.pop(attname))
        elif name in values:
            relations[name] = values.pop(name)
            args.append(None)
        else:
            args.append(make() if make is not None else default)
    obj = model(*args)
    for name, value in {**relations, **values}.items():
        setattr(obj, name, value)
    return obj


def _copy(table, columns, rows):
    quote = connection.ops.quote_name
    sql = f"COPY {quote(table)} ({', '.join(map(quote, columns))}) FROM STDIN"
    with connection.cursor() as cursor:
        with cursor.cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row(row)


def _adapter(field):
    if isinstance(field, JSONField):
        from psycopg.types.json import Jsonb

        return lambda value: None if value is None else Jsonb(value)
    return None


def _take_ids(model, count):
    table, pk = model._meta.db_table, model._meta.pk.column
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                       [table, pk, count])
        return [row[0] for row in cursor.fetchall()]


def insert(model, objects):
    """Insert new ``objects`` of ``model``; afterwards each has its primary key."""
    objects = list(objects)
    if not objects:
        return objects
    if connection.vendor != "postgresql":
        return model.objects.bulk_create(objects)
    now = timezone.now()
    fields = [f for f in model._meta.concrete_fields if f.column != "search_vector"]  # the trigger fills it
    for obj, pk in zip(objects, _take_ids(model, len(objects)), strict=True):
        obj.pk = pk
        obj._state.adding, obj._state.db = False, connection.alias
        for field in fields:
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                setattr(obj, field.attname, now)
    adapters = [(f.attname, _adapter(f)) for f in fields]
    _copy(model._meta.db_table, [f.column for f in fields],
          ([adapt(getattr(obj, name)) if adapt else getattr(obj, name) for name, adapt in adapters]
           for obj in objects))
    return objects


def insert_values(model, rows):
    """Insert ``rows`` (dicts of field attnames, the same keys in each) of ``model`` without building model objects:
    for many small records written once and never read back here (an import's rows)."""
    if not rows:
        return
    if connection.vendor != "postgresql":
        model.objects.bulk_create([model(**row) for row in rows])
        return
    adapters = [(name, _adapter(model._meta.get_field(name))) for name in rows[0]]
    columns = [model._meta.get_field(name).column for name in rows[0]]
    _copy(model._meta.db_table, columns,
          ([adapt(row[name]) if adapt else row[name] for name, adapt in adapters] for row in rows))


def insert_history(model, objects, user=None, reason=""):
    """The first ("+", created) history record of each of ``objects``, as django-simple-history writes it."""
    objects = list(objects)
    if not objects:
        return
    if connection.vendor != "postgresql":
        model.history.bulk_history_create(objects, default_user=user, default_change_reason=reason)
        return
    history = model.history.model
    extra = {"history_date": timezone.now(), "history_change_reason": reason or None, "history_type": "+",
             "history_user_id": getattr(user, "pk", None)}
    fields = [f for f in history._meta.concrete_fields if f.attname != "history_id"]
    adapters = [(f.attname, _adapter(f)) for f in fields]
    rows = ([extra[name] if name in extra else adapt(getattr(obj, name)) if adapt else getattr(obj, name)
             for name, adapt in adapters] for obj in objects)
    _copy(history._meta.db_table, [f.column for f in fields], rows)

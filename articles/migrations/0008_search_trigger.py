"""On PostgreSQL: keep ``search_vector`` up to date with a trigger, and index it with GIN."""

from django.db import migrations

from articles.public.search import TRIGGER_SQL, UNDO_TRIGGER_SQL


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(TRIGGER_SQL)
        schema_editor.execute("UPDATE articles_articletranslation SET search_vector = NULL")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(UNDO_TRIGGER_SQL)


class Migration(migrations.Migration):
    dependencies = [("articles", "0007_search_vector")]

    operations = [migrations.RunPython(create, drop)]

"""The table of the default cache (settings: a DatabaseCache when REDIS_URL is not set), created with the schema
so that no deployment step can be forgotten."""

from django.core.management.commands.createcachetable import Command as CreateCacheTable
from django.db import migrations

TABLE = "kzpress_cache"


def create(apps, schema_editor):
    command = CreateCacheTable()
    command.verbosity = 0
    command.create_table(schema_editor.connection.alias, TABLE, dry_run=False)


def drop(apps, schema_editor):
    schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name(TABLE)}")


class Migration(migrations.Migration):
    dependencies = [("articles", "0014_public_indexes")]

    operations = [migrations.RunPython(create, drop, elidable=False)]

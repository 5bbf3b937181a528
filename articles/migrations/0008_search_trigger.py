"""On PostgreSQL: keep ``search_vector`` up to date with a trigger, and index it with GIN."""

from django.db import migrations

# The SQL as it was then (the search vector later moved to the live versions, migration 0016).
TRIGGER_SQL = """
CREATE OR REPLACE FUNCTION articles_translation_search_vector() RETURNS trigger AS $$
DECLARE cfg regconfig;
BEGIN
    cfg := CASE NEW.language WHEN 'en' THEN 'english'::regconfig WHEN 'ru' THEN 'russian'::regconfig
                             ELSE 'simple'::regconfig END;
    NEW.search_vector := setweight(to_tsvector(cfg, coalesce(NEW.title, '')), 'A')
                      || setweight(to_tsvector(cfg, coalesce(NEW.lead, '')), 'B')
                      || setweight(to_tsvector(cfg, coalesce(NEW.body, '')), 'C');
    RETURN NEW;
END $$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS articles_translation_search_vector ON articles_articletranslation;
CREATE TRIGGER articles_translation_search_vector BEFORE INSERT OR UPDATE ON articles_articletranslation
    FOR EACH ROW EXECUTE FUNCTION articles_translation_search_vector();
CREATE INDEX IF NOT EXISTS articles_translation_search ON articles_articletranslation USING gin (search_vector);
"""
UNDO_TRIGGER_SQL = """
DROP TRIGGER IF EXISTS articles_translation_search_vector ON articles_articletranslation;
DROP FUNCTION IF EXISTS articles_translation_search_vector();
DROP INDEX IF EXISTS articles_translation_search;
"""


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

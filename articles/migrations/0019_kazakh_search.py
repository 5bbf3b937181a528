"""Kazakh search by stems: ``LiveVersion.search_text`` (see ``articles.kazakh``), the trigger that indexes it, the
stems of the existing Kazakh live versions, and on PostgreSQL pg_trgm with trigram indexes on titles and leads for
misspelt names."""

from django.db import migrations, models

from articles import kazakh
from articles.public.search import FOLD_FROM, FOLD_TO, TRIGGER_SQL

TRIGRAM_SQL = """
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX IF NOT EXISTS articles_live_title_trgm ON articles_liveversion
    USING gin (translate(title, '{0}', '{1}') gin_trgm_ops);
CREATE INDEX IF NOT EXISTS articles_live_lead_trgm ON articles_liveversion
    USING gin (translate(lead, '{0}', '{1}') gin_trgm_ops);
""".format(FOLD_FROM, FOLD_TO)
UNDO_TRIGRAM_SQL = """
DROP INDEX IF EXISTS articles_live_title_trgm;
DROP INDEX IF EXISTS articles_live_lead_trgm;
"""


def stem_kazakh(apps, schema_editor):
    """Fill ``search_text`` of the Kazakh live versions; on PostgreSQL the trigger re-indexes each row saved."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(TRIGGER_SQL)
        schema_editor.execute(TRIGRAM_SQL)
    Live = apps.get_model("articles", "LiveVersion")
    batch = []
    db = schema_editor.connection.alias
    for live in Live.objects.using(db).filter(language="kk").only("title", "lead", "body").iterator(chunk_size=500):
        live.search_text = kazakh.search_text(live.title, live.lead, live.body)
        batch.append(live)
        if len(batch) == 500:
            Live.objects.using(db).bulk_update(batch, ["search_text"])
            batch = []
    Live.objects.using(db).bulk_update(batch, ["search_text"])


def drop_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(UNDO_TRIGRAM_SQL)


class Migration(migrations.Migration):

    dependencies = [("articles", "0018_import_batches")]

    operations = [
        migrations.AddField(
            model_name="liveversion",
            name="search_text",
            field=models.TextField(
                blank=True, editable=False,
                help_text="Kazakh versions: the stems the search trigger indexes (see articles.kazakh.search_text).",
            ),
        ),
        migrations.RunPython(stem_kazakh, drop_trigram_indexes),
    ]

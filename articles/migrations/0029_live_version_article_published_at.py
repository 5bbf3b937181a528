"""A copy of the article's publication date on each live version, kept by PostgreSQL triggers, in the full-text
index beside the vector (btree_gin) and in a b-tree by language: search finds the newest matches inside the index
without reading every match (``articles.public.search``)."""

from django.contrib.postgres.operations import BtreeGinExtension
from django.db import migrations, models

TRIGGERS = """
CREATE OR REPLACE FUNCTION articles_live_published_at() RETURNS trigger AS $$
BEGIN
    NEW.article_published_at := (SELECT published_at FROM articles_article WHERE id = NEW.article_id);
    RETURN NEW;
END $$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS articles_live_published_at ON articles_liveversion;
CREATE TRIGGER articles_live_published_at BEFORE INSERT OR UPDATE OF article_id, article_published_at
    ON articles_liveversion FOR EACH ROW EXECUTE FUNCTION articles_live_published_at();

CREATE OR REPLACE FUNCTION articles_article_published_at() RETURNS trigger AS $$
BEGIN
    UPDATE articles_liveversion SET article_published_at = NEW.published_at WHERE article_id = NEW.id;
    RETURN NULL;
END $$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS articles_article_published_at ON articles_article;
CREATE TRIGGER articles_article_published_at AFTER UPDATE OF published_at ON articles_article
    FOR EACH ROW WHEN (OLD.published_at IS DISTINCT FROM NEW.published_at)
    EXECUTE FUNCTION articles_article_published_at();

-- the rows there are: without the search trigger, which would make every vector again for nothing
ALTER TABLE articles_liveversion DISABLE TRIGGER articles_live_search_vector;
UPDATE articles_liveversion AS live SET article_published_at = article.published_at
    FROM articles_article AS article WHERE article.id = live.article_id;
ALTER TABLE articles_liveversion ENABLE TRIGGER articles_live_search_vector;

-- the date beside the vector: "these words, published since" is one scan of one index, however many match
DROP INDEX IF EXISTS articles_live_search;
CREATE INDEX articles_live_search ON articles_liveversion USING gin (search_vector, article_published_at);
"""

UNDO_TRIGGERS = """
DROP INDEX IF EXISTS articles_live_search;
CREATE INDEX articles_live_search ON articles_liveversion USING gin (search_vector);
DROP TRIGGER IF EXISTS articles_article_published_at ON articles_article;
DROP FUNCTION IF EXISTS articles_article_published_at();
DROP TRIGGER IF EXISTS articles_live_published_at ON articles_liveversion;
DROP FUNCTION IF EXISTS articles_live_published_at();
"""


def install(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(TRIGGERS)


def uninstall(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(UNDO_TRIGGERS)


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0028_article_section_index'),
    ]

    operations = [
        migrations.AddField(
            model_name='liveversion',
            name='article_published_at',
            field=models.DateTimeField(editable=False, help_text="On PostgreSQL, a copy of the article's publication date kept by triggers (see articles.search), for search to narrow its matches to the newest by this column's index; NULL elsewhere.", null=True),
        ),
        BtreeGinExtension(),
        migrations.RunPython(install, uninstall, elidable=False),
        migrations.AddIndex(
            model_name='liveversion',
            index=models.Index(fields=['language', '-article_published_at'], name='live_language_published'),
        ),
    ]

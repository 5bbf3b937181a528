from django.db import migrations


def load(apps, schema_editor):
    from articles.glossary_data import load_glossary

    load_glossary(apps.get_model("articles", "Term"), using=schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [("articles", "0003_glossary")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]

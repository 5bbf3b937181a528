from django.db import migrations


def load(apps, schema_editor):
    from articles.reference import load_reference_data

    load_reference_data(apps.get_model("articles", "Region"), apps.get_model("articles", "Agency"),
                        using=schema_editor.connection.alias)


class Migration(migrations.Migration):
    """Load agencies added to ``reference_data`` since 0002 into existing databases."""

    dependencies = [("articles", "0005_translation_updated_by")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]

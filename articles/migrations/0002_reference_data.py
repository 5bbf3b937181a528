from django.db import migrations


def load(apps, schema_editor):
    from articles.reference import load_reference_data

    load_reference_data(apps.get_model("articles", "Region"), apps.get_model("articles", "Agency"),
                        using=schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [("articles", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]

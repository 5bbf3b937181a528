"""A withdrawal's public reason per language: a reason written in Russian is no longer shown on the Kazakh and English
pages. A reason already given is kept under the language its letters tell (else the release's original language)."""

from django.db import migrations, models

FIELD = dict(blank=True, default=dict, verbose_name="reasons for withdrawal",
             help_text="Shown to the public on the withdrawn release's page, each in its own language.")


def by_language(apps, schema_editor):
    from articles.language import by_letters

    db = schema_editor.connection.alias
    for model in ("Article", "HistoricalArticle"):
        Model = apps.get_model("articles", model)
        for row in Model.objects.using(db).exclude(withdrawn_reason="").only("pk", "withdrawn_reason", "original_language"):
            language = by_letters(row.withdrawn_reason) or row.original_language
            Model.objects.using(db).filter(pk=row.pk).update(withdrawn_reasons={language: row.withdrawn_reason})


def one_text(apps, schema_editor):
    db = schema_editor.connection.alias
    for model in ("Article", "HistoricalArticle"):
        Model = apps.get_model("articles", model)
        for row in Model.objects.using(db).exclude(withdrawn_reasons={}).only("pk", "withdrawn_reasons"):
            Model.objects.using(db).filter(pk=row.pk).update(withdrawn_reason=" / ".join(row.withdrawn_reasons.values()))


class Migration(migrations.Migration):

    dependencies = [
        ("articles", "0031_term_kind_name"),
    ]

    operations = [
        migrations.AddField(model_name="article", name="withdrawn_reasons", field=models.JSONField(**FIELD)),
        migrations.AddField(model_name="historicalarticle", name="withdrawn_reasons", field=models.JSONField(**FIELD)),
        migrations.RunPython(by_language, one_text),
        migrations.RemoveField(model_name="article", name="withdrawn_reason"),
        migrations.RemoveField(model_name="historicalarticle", name="withdrawn_reason"),
    ]

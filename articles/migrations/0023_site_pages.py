"""The footer's pages (about, contacts, accessibility statement, licence of the texts), created with their texts in
the three languages."""

from django.contrib.auth.management import create_permissions
from django.db import migrations, models


def create_pages(apps, schema_editor):
    """The four pages, and the Administrator group's permission to edit them (as in 0020_desk_languages)."""
    from articles.editorial.access import sync_groups
    from articles.site_pages import load_site_pages

    load_site_pages(apps.get_model("articles", "SitePage"), using=schema_editor.connection.alias)
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0, using=schema_editor.connection.alias)
        app_config.models_module = None
    sync_groups(apps.get_model("auth", "Permission"), apps.get_model("auth", "Group"),
                using=schema_editor.connection.alias)


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0022_translation_memory'),
    ]

    operations = [
        migrations.CreateModel(
            name='SitePage',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('slug', models.SlugField(choices=[('about', 'About'), ('contacts', 'Contacts'), ('accessibility', 'Accessibility statement'), ('licence', 'Licence of the texts')], help_text='Where the page lives: /kk/about/, /ru/about/, /en/about/ and so on.', max_length=20, unique=True, verbose_name='page')),
                ('title_kk', models.CharField(max_length=200, verbose_name='title (Kazakh)')),
                ('title_ru', models.CharField(max_length=200, verbose_name='title (Russian)')),
                ('title_en', models.CharField(max_length=200, verbose_name='title (English)')),
                ('body_kk', models.TextField(help_text='Paragraphs separated by an empty line.', verbose_name='text (Kazakh)')),
                ('body_ru', models.TextField(help_text='Paragraphs separated by an empty line.', verbose_name='text (Russian)')),
                ('body_en', models.TextField(help_text='Paragraphs separated by an empty line.', verbose_name='text (English)')),
                ('updated_at', models.DateTimeField(auto_now=True)),
            ],
            options={
                'verbose_name': 'site page',
                'verbose_name_plural': 'site pages',
                'ordering': ['slug'],
            },
        ),
        migrations.RunPython(create_pages, migrations.RunPython.noop),
    ]

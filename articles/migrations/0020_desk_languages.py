"""Outdated versions, translators' languages, the Reviewer role, and names of fields in the editors' languages."""

import django.db.models.deletion
from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.db import migrations, models


def sync_groups(apps, schema_editor):
    """The groups with their permissions, the Reviewer among them (as in 0013_role_groups)."""
    from articles.editorial.access import sync_groups

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0, using=schema_editor.connection.alias)
        app_config.models_module = None
    sync_groups(apps.get_model("auth", "Permission"), apps.get_model("auth", "Group"),
                using=schema_editor.connection.alias)


def remove_reviewer(apps, schema_editor):
    apps.get_model("auth", "Group").objects.using(schema_editor.connection.alias).filter(name="Reviewer").delete()


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0019_kazakh_search'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='article',
            options={'ordering': ['-published_at', '-id'], 'permissions': [('publish_article', 'Can review, schedule, publish, withdraw and unpublish articles'), ('access_all_agencies', 'Can see and change the articles of every agency')], 'verbose_name': 'article', 'verbose_name_plural': 'articles'},
        ),
        migrations.AlterModelOptions(
            name='articletranslation',
            options={'ordering': ['article', 'language'], 'verbose_name': 'language version', 'verbose_name_plural': 'language versions'},
        ),
        migrations.AlterModelOptions(
            name='liveversion',
            options={'ordering': ['article', 'language'], 'verbose_name': 'live version', 'verbose_name_plural': 'live versions'},
        ),
        migrations.AlterModelOptions(
            name='previewlink',
            options={'ordering': ['-created_at', '-id'], 'verbose_name': 'preview link', 'verbose_name_plural': 'preview links'},
        ),
        migrations.AlterModelOptions(
            name='previewview',
            options={'ordering': ['-at', '-id'], 'verbose_name': 'preview view', 'verbose_name_plural': 'preview views'},
        ),
        migrations.AlterModelOptions(
            name='publication',
            options={'ordering': ['-at', '-id'], 'verbose_name': 'publication', 'verbose_name_plural': 'publications'},
        ),
        migrations.AlterModelOptions(
            name='region',
            options={'ordering': ['name_en'], 'verbose_name': 'region', 'verbose_name_plural': 'regions'},
        ),
        migrations.AlterModelOptions(
            name='term',
            options={'ordering': ['canonical_en', 'canonical_ru', 'canonical_kk'], 'verbose_name': 'glossary term', 'verbose_name_plural': 'glossary terms'},
        ),
        migrations.AddField(
            model_name='articletranslation',
            name='outdated',
            field=models.BooleanField(default=False, help_text='The original changed in a major way after this version was translated: update it, then approve it again.', verbose_name='outdated'),
        ),
        migrations.AddField(
            model_name='articletranslation',
            name='source_revision',
            field=models.PositiveBigIntegerField(blank=True, editable=False, help_text="The history id of the original version's revision this version was translated from.", null=True, verbose_name='revision of the original translated from'),
        ),
        migrations.AddField(
            model_name='historicalarticletranslation',
            name='outdated',
            field=models.BooleanField(default=False, help_text='The original changed in a major way after this version was translated: update it, then approve it again.', verbose_name='outdated'),
        ),
        migrations.AddField(
            model_name='historicalarticletranslation',
            name='source_revision',
            field=models.PositiveBigIntegerField(blank=True, editable=False, help_text="The history id of the original version's revision this version was translated from.", null=True, verbose_name='revision of the original translated from'),
        ),
        migrations.AlterField(
            model_name='agency',
            name='kind',
            field=models.CharField(choices=[('ministry', 'ministry'), ('akimat', 'akimat'), ('committee', 'committee'), ('other', 'other')], default='other', max_length=10, verbose_name='kind'),
        ),
        migrations.AlterField(
            model_name='article',
            name='agency',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='articles', to='articles.agency', verbose_name='agency'),
        ),
        migrations.AlterField(
            model_name='article',
            name='created_at',
            field=models.DateTimeField(auto_now_add=True, verbose_name='created at'),
        ),
        migrations.AlterField(
            model_name='article',
            name='lock_version',
            field=models.PositiveIntegerField(default=1, editable=False, help_text='Raised by every save; a save from a page opened at an older number is refused.', verbose_name='lock number'),
        ),
        migrations.AlterField(
            model_name='article',
            name='needs_translation',
            field=models.BooleanField(default=False, help_text='Title and body arrived in different languages, or a version is incomplete.', verbose_name='needs translation'),
        ),
        migrations.AlterField(
            model_name='article',
            name='original_language',
            field=models.CharField(choices=[('kk', 'Kazakh'), ('ru', 'Russian'), ('en', 'English')], max_length=2, verbose_name='original language'),
        ),
        migrations.AlterField(
            model_name='article',
            name='publish_at',
            field=models.DateTimeField(blank=True, help_text='For scheduled releases.', null=True, verbose_name='publish at'),
        ),
        migrations.AlterField(
            model_name='article',
            name='region',
            field=models.ForeignKey(blank=True, help_text="Defaults to the agency's region.", null=True, on_delete=django.db.models.deletion.PROTECT, related_name='articles', to='articles.region', verbose_name='region'),
        ),
        migrations.AlterField(
            model_name='article',
            name='section',
            field=models.CharField(blank=True, help_text="The dump's section line, e.g. “Law”.", max_length=100, verbose_name='section'),
        ),
        migrations.AlterField(
            model_name='article',
            name='status',
            field=models.CharField(choices=[('draft', 'draft'), ('in_review', 'in review'), ('scheduled', 'scheduled'), ('published', 'published'), ('withdrawn', 'withdrawn'), ('unpublished', 'unpublished')], default='draft', max_length=12, verbose_name='status'),
        ),
        migrations.AlterField(
            model_name='article',
            name='title_in_capitals',
            field=models.BooleanField(default=False, help_text='The title arrived in capitals.', verbose_name='title in capitals'),
        ),
        migrations.AlterField(
            model_name='article',
            name='updated_at',
            field=models.DateTimeField(auto_now=True, verbose_name='updated at'),
        ),
        migrations.AlterField(
            model_name='article',
            name='upstream_changed',
            field=models.BooleanField(default=False, help_text='The source changed after an editor corrected this release; review the new text.', verbose_name='upstream changed'),
        ),
        migrations.AlterField(
            model_name='article',
            name='withdrawn_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='withdrawn at'),
        ),
        migrations.AlterField(
            model_name='article',
            name='withdrawn_reason',
            field=models.TextField(blank=True, help_text="Shown to the public on the withdrawn release's page.", verbose_name='reason for withdrawal'),
        ),
        migrations.AlterField(
            model_name='articletranslation',
            name='body',
            field=models.TextField(blank=True, help_text='Paragraphs separated by a blank line.', verbose_name='body'),
        ),
        migrations.AlterField(
            model_name='articletranslation',
            name='is_original',
            field=models.BooleanField(default=False, help_text='The version the release was written in.', verbose_name='original'),
        ),
        migrations.AlterField(
            model_name='articletranslation',
            name='language',
            field=models.CharField(choices=[('kk', 'Kazakh'), ('ru', 'Russian'), ('en', 'English')], max_length=2, verbose_name='language'),
        ),
        migrations.AlterField(
            model_name='articletranslation',
            name='lead',
            field=models.TextField(blank=True, verbose_name='lead'),
        ),
        migrations.AlterField(
            model_name='articletranslation',
            name='signature',
            field=models.CharField(blank=True, help_text="“Press service of …”, as signed, in this version's language.", max_length=300, verbose_name='signature'),
        ),
        migrations.AlterField(
            model_name='articletranslation',
            name='status',
            field=models.CharField(choices=[('missing', 'missing'), ('needs_translation', 'needs translation'), ('machine_draft', 'machine draft'), ('needs_review', 'needs review'), ('approved', 'approved')], default='needs_review', max_length=20, verbose_name='status'),
        ),
        migrations.AlterField(
            model_name='articletranslation',
            name='title',
            field=models.CharField(blank=True, max_length=500, verbose_name='title'),
        ),
        migrations.AlterField(
            model_name='historicalarticle',
            name='agency',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='articles.agency', verbose_name='agency'),
        ),
        migrations.AlterField(
            model_name='historicalarticle',
            name='lock_version',
            field=models.PositiveIntegerField(default=1, editable=False, help_text='Raised by every save; a save from a page opened at an older number is refused.', verbose_name='lock number'),
        ),
        migrations.AlterField(
            model_name='historicalarticle',
            name='needs_translation',
            field=models.BooleanField(default=False, help_text='Title and body arrived in different languages, or a version is incomplete.', verbose_name='needs translation'),
        ),
        migrations.AlterField(
            model_name='historicalarticle',
            name='original_language',
            field=models.CharField(choices=[('kk', 'Kazakh'), ('ru', 'Russian'), ('en', 'English')], max_length=2, verbose_name='original language'),
        ),
        migrations.AlterField(
            model_name='historicalarticle',
            name='publish_at',
            field=models.DateTimeField(blank=True, help_text='For scheduled releases.', null=True, verbose_name='publish at'),
        ),
        migrations.AlterField(
            model_name='historicalarticle',
            name='region',
            field=models.ForeignKey(blank=True, db_constraint=False, help_text="Defaults to the agency's region.", null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='articles.region', verbose_name='region'),
        ),
        migrations.AlterField(
            model_name='historicalarticle',
            name='section',
            field=models.CharField(blank=True, help_text="The dump's section line, e.g. “Law”.", max_length=100, verbose_name='section'),
        ),
        migrations.AlterField(
            model_name='historicalarticle',
            name='status',
            field=models.CharField(choices=[('draft', 'draft'), ('in_review', 'in review'), ('scheduled', 'scheduled'), ('published', 'published'), ('withdrawn', 'withdrawn'), ('unpublished', 'unpublished')], default='draft', max_length=12, verbose_name='status'),
        ),
        migrations.AlterField(
            model_name='historicalarticle',
            name='title_in_capitals',
            field=models.BooleanField(default=False, help_text='The title arrived in capitals.', verbose_name='title in capitals'),
        ),
        migrations.AlterField(
            model_name='historicalarticle',
            name='updated_at',
            field=models.DateTimeField(blank=True, editable=False, verbose_name='updated at'),
        ),
        migrations.AlterField(
            model_name='historicalarticle',
            name='upstream_changed',
            field=models.BooleanField(default=False, help_text='The source changed after an editor corrected this release; review the new text.', verbose_name='upstream changed'),
        ),
        migrations.AlterField(
            model_name='historicalarticle',
            name='withdrawn_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='withdrawn at'),
        ),
        migrations.AlterField(
            model_name='historicalarticle',
            name='withdrawn_reason',
            field=models.TextField(blank=True, help_text="Shown to the public on the withdrawn release's page.", verbose_name='reason for withdrawal'),
        ),
        migrations.AlterField(
            model_name='historicalarticletranslation',
            name='body',
            field=models.TextField(blank=True, help_text='Paragraphs separated by a blank line.', verbose_name='body'),
        ),
        migrations.AlterField(
            model_name='historicalarticletranslation',
            name='is_original',
            field=models.BooleanField(default=False, help_text='The version the release was written in.', verbose_name='original'),
        ),
        migrations.AlterField(
            model_name='historicalarticletranslation',
            name='language',
            field=models.CharField(choices=[('kk', 'Kazakh'), ('ru', 'Russian'), ('en', 'English')], max_length=2, verbose_name='language'),
        ),
        migrations.AlterField(
            model_name='historicalarticletranslation',
            name='lead',
            field=models.TextField(blank=True, verbose_name='lead'),
        ),
        migrations.AlterField(
            model_name='historicalarticletranslation',
            name='signature',
            field=models.CharField(blank=True, help_text="“Press service of …”, as signed, in this version's language.", max_length=300, verbose_name='signature'),
        ),
        migrations.AlterField(
            model_name='historicalarticletranslation',
            name='status',
            field=models.CharField(choices=[('missing', 'missing'), ('needs_translation', 'needs translation'), ('machine_draft', 'machine draft'), ('needs_review', 'needs review'), ('approved', 'approved')], default='needs_review', max_length=20, verbose_name='status'),
        ),
        migrations.AlterField(
            model_name='historicalarticletranslation',
            name='title',
            field=models.CharField(blank=True, max_length=500, verbose_name='title'),
        ),
        migrations.AlterField(
            model_name='region',
            name='kind',
            field=models.CharField(choices=[('region', 'region'), ('city', 'city of republican significance')], default='region', max_length=10, verbose_name='kind'),
        ),
        migrations.CreateModel(
            name='TranslatorLanguage',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('language', models.CharField(choices=[('kk', 'Kazakh'), ('ru', 'Russian'), ('en', 'English')], max_length=2, verbose_name='language')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='translator_languages', to=settings.AUTH_USER_MODEL, verbose_name='user')),
            ],
            options={
                'verbose_name': 'working language',
                'verbose_name_plural': 'working languages',
                'ordering': ['user', 'language'],
                'constraints': [models.UniqueConstraint(fields=('user', 'language'), name='one_row_per_user_language')],
            },
        ),
        migrations.RunPython(sync_groups, remove_reviewer),
    ]

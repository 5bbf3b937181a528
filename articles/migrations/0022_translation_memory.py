"""Translation memory, bulk machine-draft jobs, and which parts of a machine draft came from memory."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0021_import_row_data'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='articletranslation',
            name='from_memory',
            field=models.JSONField(blank=True, editable=False, help_text='Of a machine draft: which parts came from translation memory (title, lead, paragraph numbers) and how many sentences came from memory and from the machine.', null=True),
        ),
        migrations.CreateModel(
            name='MachineDraftJob',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('language', models.CharField(max_length=2, verbose_name='language')),
                ('article_ids', models.JSONField(default=list, verbose_name='releases')),
                ('status', models.CharField(choices=[('queued', 'queued'), ('running', 'running'), ('done', 'done'), ('failed', 'failed')], db_index=True, default='queued', max_length=10, verbose_name='status')),
                ('total', models.PositiveIntegerField(default=0, verbose_name='releases to draft')),
                ('done', models.PositiveIntegerField(default=0, verbose_name='releases done')),
                ('drafted', models.PositiveIntegerField(default=0, verbose_name='drafts saved')),
                ('skipped', models.PositiveIntegerField(default=0, verbose_name='skipped (approved)')),
                ('machine_segments', models.PositiveIntegerField(default=0, verbose_name='sentences asked of the machine')),
                ('memory_segments', models.PositiveIntegerField(default=0, verbose_name='sentences from memory')),
                ('errors', models.JSONField(blank=True, default=list, help_text='The releases not drafted, each with the reason.', verbose_name='errors')),
                ('task_id', models.CharField(blank=True, editable=False, max_length=64)),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='requested at')),
                ('started_at', models.DateTimeField(blank=True, null=True, verbose_name='started at')),
                ('finished_at', models.DateTimeField(blank=True, null=True, verbose_name='finished at')),
                ('user', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='requested by')),
            ],
            options={
                'verbose_name': 'machine draft job',
                'verbose_name_plural': 'machine draft jobs',
                'ordering': ['-created_at', '-id'],
            },
        ),
        migrations.CreateModel(
            name='TranslationMemory',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('source_language', models.CharField(max_length=2, verbose_name='source language')),
                ('target_language', models.CharField(max_length=2, verbose_name='target language')),
                ('source', models.TextField(help_text='Unicode NFC, whitespace folded.', verbose_name='source sentence')),
                ('source_hash', models.CharField(max_length=64, verbose_name='hash of the source sentence')),
                ('target', models.TextField(verbose_name='translation')),
                ('origin', models.CharField(choices=[('approved', 'approved translation'), ('machine', 'machine translation')], default='machine', max_length=10, verbose_name='origin')),
                ('uses', models.PositiveIntegerField(default=0, help_text='How many drafts took this sentence from memory.', verbose_name='uses')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
            ],
            options={
                'verbose_name': 'translation memory entry',
                'verbose_name_plural': 'translation memory',
                'constraints': [models.UniqueConstraint(fields=('source_language', 'target_language', 'source_hash'), name='one_memory_entry_per_sentence')],
            },
        ),
    ]

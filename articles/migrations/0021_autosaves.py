"""Autosaved drafts: a per-user copy of unsaved work on an article, never the article."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0020_editorial_note_permissions'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='ArticleAutosave',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('data', models.JSONField(default=dict, verbose_name='unsaved fields')),
                ('base_version', models.PositiveIntegerField(default=0, help_text='Restoring it keeps the edit-conflict check: another save since then wins.', verbose_name='edit version it started from')),
                ('saved_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='saved')),
                ('article', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='autosaves', to='articles.article', verbose_name='article')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='user')),
            ],
            options={
                'verbose_name': 'autosaved draft',
                'verbose_name_plural': 'autosaved drafts',
                'ordering': ['-saved_at'],
                'constraints': [models.UniqueConstraint(condition=models.Q(('article__isnull', False)), fields=('article', 'user'), name='autosave_one_per_article_and_user'), models.UniqueConstraint(condition=models.Q(('article__isnull', True)), fields=('user',), name='autosave_one_new_article_per_user')],
            },
        ),
    ]

"""Take over ImportRecord and PendingFigure from ``articles`` without losing a row.

The models are declared on the tables ``articles`` created (no data is copied), their
content types are relabelled so every permission already granted (the Writers' and
Editors' roles, any user's own) keeps working as ``reprints.*``, and the tables are then
renamed to this app's names.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

MODELS = ["importrecord", "pendingfigure"]


def relabel_content_types(apps, schema_editor, old="articles", new="reprints"):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    for model in MODELS:
        moving = ContentType.objects.filter(app_label=old, model=model).first()
        if moving is None:
            continue  # a new installation: post_migrate creates the type under its new name
        there = ContentType.objects.filter(app_label=new, model=model).first()
        if there is not None:
            # Made under the new name already (post_migrate ran in between): keep the one
            # that carries the grants, fold the other's permissions into it.
            for permission in Permission.objects.filter(content_type=there):
                kept = Permission.objects.filter(
                    content_type=moving, codename=permission.codename
                ).first()
                if kept is not None:
                    for group in permission.group_set.all():
                        group.permissions.add(kept)
                    for user in permission.user_set.all():
                        user.user_permissions.add(kept)
                    permission.delete()
                else:
                    permission.content_type = moving
                    permission.save()
            there.delete()
        moving.app_label = new
        moving.save()


def relabel_back(apps, schema_editor):
    relabel_content_types(apps, schema_editor, old="reprints", new="articles")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('articles', '0009_article_language_original_date'),
        ('auth', '0012_alter_user_first_name_max_length'),
        ('contenttypes', '0002_remove_content_type_name'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='PendingFigure',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('position', models.PositiveSmallIntegerField(default=0, verbose_name='position')),
                        ('caption', models.TextField(blank=True, verbose_name='caption')),
                        ('credit', models.CharField(blank=True, max_length=200, verbose_name='credit')),
                        ('alt_text', models.CharField(blank=True, max_length=300, verbose_name='alt text')),
                        ('image_url', models.CharField(blank=True, help_text='Where the page had the image: find the file there or ask the outlet.', max_length=1000, verbose_name='original image address')),
                        ('article', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='pending_figures', to='articles.article', verbose_name='article')),
                    ],
                    options={
                        'verbose_name': 'photo awaiting its image',
                        'verbose_name_plural': 'photos awaiting their image',
                        'ordering': ['position', 'id'],
                        'db_table': 'articles_pendingfigure',
                    },
                ),
                migrations.CreateModel(
                    name='ImportRecord',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('origin', models.CharField(help_text='The file name or the address fetched.', max_length=1000, verbose_name='imported from')),
                        ('format', models.CharField(choices=[('text', 'Plain text'), ('html', 'HTML')], max_length=4, verbose_name='format')),
                        ('encoding', models.CharField(blank=True, max_length=40, verbose_name='encoding')),
                        ('original_text', models.TextField(verbose_name='original text')),
                        ('repairs', models.JSONField(blank=True, default=list, verbose_name='repairs')),
                        ('title', models.CharField(max_length=300, verbose_name='headline as imported')),
                        ('original_url', models.URLField(blank=True, max_length=1000, verbose_name='original URL')),
                        ('original_published_at', models.DateTimeField(blank=True, null=True, verbose_name='original publication date')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False, verbose_name='imported')),
                        ('article', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='imports', to='articles.article', verbose_name='article')),
                        ('source', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='articles.source', verbose_name='source')),
                        ('user', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='imported by')),
                    ],
                    options={
                        'verbose_name': 'import record',
                        'verbose_name_plural': 'import records',
                        'ordering': ['-created_at', '-id'],
                        'get_latest_by': 'created_at',
                        'indexes': [models.Index(fields=['source', 'title'], name='import_record_match_idx')],
                        'constraints': [models.CheckConstraint(condition=models.Q(('format__in', ['text', 'html'])), name='import_record_format_valid')],
                        'db_table': 'articles_importrecord',
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(relabel_content_types, relabel_back),
        migrations.AlterModelTable(name='importrecord', table=None),
        migrations.AlterModelTable(name='pendingfigure', table=None),
    ]

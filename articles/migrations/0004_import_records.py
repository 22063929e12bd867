"""Import records and photos awaiting their image (reprint import), with the roles' access."""


import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.db import migrations, models

# Both roles import; both see import records (undoing a repair is an edit of the article,
# checked as one) and look after the photos an import left waiting for their image.
GRANTS = {
    "Writers": ["view_importrecord", "view_pendingfigure", "add_pendingfigure",
                "change_pendingfigure", "delete_pendingfigure"],
    "Editors": ["view_importrecord", "view_pendingfigure", "add_pendingfigure",
                "change_pendingfigure", "delete_pendingfigure"],
}  # fmt: skip


def grant_import_permissions(apps, schema_editor):
    # Permissions are normally created after all migrations; the roles need them now.
    app_config = apps.get_app_config("articles")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GRANTS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="articles", codename__in=codenames)
        )


def revoke_import_permissions(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Permission.objects.filter(
        content_type__app_label="articles", content_type__model__in=["importrecord", "pendingfigure"]
    ).delete()


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0003_editorial_roles'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
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
            },
        ),
        migrations.RunPython(grant_import_permissions, revoke_import_permissions),
    ]

"""The wire: partners' feeds and the inbox of their items, with the roles' access."""

import django.core.validators
import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.db import migrations, models

# Editors look after the feeds; both roles read the wire and import or ignore its items
# (an import makes a draft, which writers may do; who may publish is unchanged).
GRANTS = {
    "Writers": ["view_feed", "view_ingestitem", "change_ingestitem"],
    "Editors": ["add_feed", "change_feed", "delete_feed", "view_feed",
                "view_ingestitem", "change_ingestitem", "delete_ingestitem"],
}  # fmt: skip


def grant_wire_permissions(apps, schema_editor):
    # Permissions are normally created after all migrations; the roles need them now.
    app_config = apps.get_app_config("reprints")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GRANTS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="reprints", codename__in=codenames)
        )


def revoke_wire_permissions(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Permission.objects.filter(
        content_type__app_label="reprints", content_type__model__in=["feed", "ingestitem"]
    ).delete()


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0010_import_models_moved_to_reprints'),
        ('reprints', '0002_import_record_original_updated_at'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Feed',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('url', models.URLField(help_text='RSS, Atom, JSON Feed or IPTC ninjs: the kind is recognised by itself.', max_length=1000, verbose_name='feed address')),
                ('title', models.CharField(blank=True, editable=False, max_length=300, verbose_name='title')),
                ('format', models.CharField(blank=True, choices=[('rss', 'RSS 2.0'), ('rdf', 'RSS 1.0 (RDF)'), ('atom', 'Atom'), ('jsonfeed', 'JSON Feed'), ('ninjs', 'IPTC ninjs')], editable=False, max_length=10, verbose_name='format')),
                ('active', models.BooleanField(default=True, help_text='Polled when due.', verbose_name='active')),
                ('auto_import', models.BooleanField(default=False, help_text="For a trusted partner: new items become draft articles without an editor's click (never published). Otherwise they wait in the wire's inbox.", verbose_name='import as drafts by itself')),
                ('tags', models.CharField(blank=True, help_text='Comma-separated; given to each article imported from this feed.', max_length=500, verbose_name='default tags')),
                ('poll_minutes', models.PositiveIntegerField(default=15, help_text='After failures the wait doubles each time, up to a day.', validators=[django.core.validators.MinValueValidator(1)], verbose_name='poll every (minutes)')),
                ('next_poll_at', models.DateTimeField(default=django.utils.timezone.now, editable=False, verbose_name='next poll')),
                ('etag', models.CharField(blank=True, editable=False, max_length=500)),
                ('last_modified', models.CharField(blank=True, editable=False, max_length=100)),
                ('content_hash', models.CharField(blank=True, editable=False, max_length=64)),
                ('last_fetched_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='last fetch')),
                ('last_success_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='last success')),
                ('last_result', models.CharField(blank=True, editable=False, max_length=300, verbose_name='last result')),
                ('last_error', models.TextField(blank=True, editable=False, verbose_name='last error')),
                ('last_error_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='last error at')),
                ('consecutive_failures', models.PositiveIntegerField(default=0, editable=False, verbose_name='failures in a row')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False, verbose_name='added')),
                ('section', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='articles.section', verbose_name='default section')),
                ('source', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='feeds', to='articles.source', verbose_name='source')),
            ],
            options={
                'verbose_name': 'partner feed',
                'verbose_name_plural': 'partner feeds',
                'ordering': ['source__name', 'url'],
            },
        ),
        migrations.CreateModel(
            name='IngestItem',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('guid', models.CharField(max_length=1000, verbose_name='guid')),
                ('guid_key', models.CharField(editable=False, max_length=64)),
                ('link', models.CharField(blank=True, max_length=2000, verbose_name='link')),
                ('link_key', models.CharField(blank=True, editable=False, max_length=64)),
                ('title', models.CharField(max_length=500, verbose_name='title')),
                ('summary', models.TextField(blank=True, verbose_name='summary')),
                ('content', models.TextField(blank=True, help_text='The story as the feed carried it, if it did.', verbose_name='full text')),
                ('author', models.CharField(blank=True, max_length=300, verbose_name='author')),
                ('language', models.CharField(blank=True, max_length=35, verbose_name='language')),
                ('published_at', models.DateTimeField(blank=True, null=True, verbose_name='published')),
                ('status', models.CharField(choices=[('new', 'new'), ('imported', 'imported'), ('ignored', 'ignored'), ('failed', 'failed')], default='new', max_length=10, verbose_name='status')),
                ('error', models.TextField(blank=True, verbose_name='error')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False, verbose_name='arrived')),
                ('handled_at', models.DateTimeField(blank=True, null=True, verbose_name='handled')),
                ('claim', models.CharField(blank=True, editable=False, max_length=32)),
                ('claimed_until', models.DateTimeField(blank=True, editable=False, null=True)),
                ('article', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='articles.article', verbose_name='article')),
                ('feed', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='items', to='reprints.feed', verbose_name='feed')),
                ('handled_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='handled by')),
            ],
            options={
                'verbose_name': 'wire item',
                'verbose_name_plural': 'wire',
                'ordering': ['-created_at', '-id'],
                'get_latest_by': 'created_at',
            },
        ),
        migrations.AddIndex(
            model_name='feed',
            index=models.Index(fields=['active', 'next_poll_at'], name='feed_due_idx'),
        ),
        migrations.AddConstraint(
            model_name='feed',
            constraint=models.UniqueConstraint(fields=('url',), name='feed_url_unique'),
        ),
        migrations.AddConstraint(
            model_name='feed',
            constraint=models.CheckConstraint(condition=models.Q(('format__in', ['', 'rss', 'rdf', 'atom', 'jsonfeed', 'ninjs'])), name='feed_format_valid'),
        ),
        migrations.AddConstraint(
            model_name='feed',
            constraint=models.CheckConstraint(condition=models.Q(('poll_minutes__gte', 1)), name='feed_poll_minutes_min'),
        ),
        migrations.AddIndex(
            model_name='ingestitem',
            index=models.Index(fields=['status', 'created_at'], name='ingest_item_status_idx'),
        ),
        migrations.AddIndex(
            model_name='ingestitem',
            index=models.Index(fields=['feed', 'created_at'], name='ingest_item_feed_idx'),
        ),
        migrations.AddIndex(
            model_name='ingestitem',
            index=models.Index(fields=['created_at'], name='ingest_item_created_idx'),
        ),
        migrations.AddConstraint(
            model_name='ingestitem',
            constraint=models.UniqueConstraint(fields=('guid_key',), name='ingest_item_guid_unique'),
        ),
        migrations.AddConstraint(
            model_name='ingestitem',
            constraint=models.UniqueConstraint(condition=models.Q(('link_key', ''), _negated=True), fields=('link_key',), name='ingest_item_link_unique'),
        ),
        migrations.AddConstraint(
            model_name='ingestitem',
            constraint=models.CheckConstraint(condition=models.Q(('status__in', ['new', 'imported', 'ignored', 'failed'])), name='ingest_item_status_valid'),
        ),
        migrations.RunPython(grant_wire_permissions, revoke_wire_permissions),
    ]

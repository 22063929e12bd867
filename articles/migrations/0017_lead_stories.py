"""Lead stories: up to three stories pinned above Newest, each until an optional time."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0016_video'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Pin',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('position', models.PositiveSmallIntegerField(choices=[(1, 1), (2, 2), (3, 3)], help_text='1 is the top story.', verbose_name='place')),
                ('until', models.DateTimeField(blank=True, help_text='Empty: until unpinned. At this time the story drops back by itself.', null=True, verbose_name='pinned until')),
                ('pinned_at', models.DateTimeField(default=django.utils.timezone.now, editable=False, verbose_name='pinned')),
                ('article', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='pin', to='articles.article', verbose_name='article')),
                ('pinned_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='pinned by')),
            ],
            options={
                'verbose_name': 'lead story',
                'verbose_name_plural': 'lead stories',
                'ordering': ['position'],
                'constraints': [models.UniqueConstraint(fields=('position',), name='pin_position_unique'), models.CheckConstraint(condition=models.Q(('position__gte', 1), ('position__lte', 3)), name='pin_position_valid')],
            },
        ),
    ]

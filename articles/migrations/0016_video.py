"""Videos placed in bodies, with the title and poster readers see before playing."""

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0015_articlephoto_in_body'),
    ]

    operations = [
        migrations.CreateModel(
            name='Video',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('provider', models.CharField(choices=[('youtube', 'YouTube'), ('vimeo', 'Vimeo')], max_length=10, verbose_name='site')),
                ('video_id', models.CharField(max_length=64, verbose_name='video id')),
                ('title', models.CharField(blank=True, max_length=300, verbose_name='title')),
                ('fetched_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='details fetched')),
                ('fetch_problem', models.CharField(blank=True, editable=False, max_length=300, verbose_name='fetch problem')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False, verbose_name='first used')),
                ('poster', models.ForeignKey(blank=True, help_text='Shown until the reader plays the video; fetched when possible.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='articles.photo', verbose_name='poster image')),
            ],
            options={
                'verbose_name': 'video',
                'verbose_name_plural': 'videos',
                'ordering': ['-created_at', '-id'],
                'constraints': [models.UniqueConstraint(fields=('provider', 'video_id'), name='video_unique'), models.CheckConstraint(condition=models.Q(('provider__in', ['youtube', 'vimeo'])), name='video_provider_valid')],
            },
        ),
    ]

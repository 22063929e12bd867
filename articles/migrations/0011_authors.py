"""Authors: our own writers, credited in order on the stories they wrote."""

import articles.models
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0010_import_models_moved_to_reprints'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Author',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=200, verbose_name='name')),
                ('slug', models.SlugField(help_text="The last part of the author's page address.", max_length=200, unique=True, verbose_name='slug')),
                ('role', models.CharField(blank=True, help_text='e.g. "Science correspondent"', max_length=120, verbose_name='role')),
                ('bio', models.TextField(blank=True, help_text="Plain text, two or three sentences, shown on the author's page.", max_length=1000, verbose_name='short bio')),
                ('links', models.TextField(blank=True, help_text='Web addresses, one per line: a personal site, social profiles.', validators=[articles.models.validate_link_lines], verbose_name='links')),
                ('photo', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='articles.photo', verbose_name='photo')),
                ('user', models.OneToOneField(blank=True, help_text='The account of this writer: their new articles start credited to them.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='author_profile', to=settings.AUTH_USER_MODEL, verbose_name='staff user')),
            ],
            options={
                'verbose_name': 'author',
                'verbose_name_plural': 'authors',
                'ordering': ['name', 'id'],
            },
        ),
        migrations.CreateModel(
            name='ArticleAuthor',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('position', models.PositiveSmallIntegerField(default=0, verbose_name='position')),
                ('article', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='article_authors', to='articles.article', verbose_name='article')),
                ('author', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='credits', to='articles.author', verbose_name='author')),
            ],
            options={
                'verbose_name': 'author credit',
                'verbose_name_plural': 'author credits',
                'ordering': ['position', 'id'],
            },
        ),
        migrations.AddField(
            model_name='article',
            name='authors',
            field=models.ManyToManyField(blank=True, related_name='articles', through='articles.ArticleAuthor', to='articles.author'),
        ),
        migrations.AddConstraint(
            model_name='articleauthor',
            constraint=models.UniqueConstraint(fields=('article', 'author'), name='article_author_unique'),
        ),
    ]

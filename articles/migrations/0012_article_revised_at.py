"""When an article changed after going public, for the "Updated" line readers see."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0011_authors"),
    ]

    operations = [
        migrations.AddField(
            model_name='article',
            name='revised_at',
            field=models.DateTimeField(blank=True, editable=False, help_text='The last save or correction after the article went public (“Updated”).', null=True, verbose_name='updated for readers'),
        ),
    ]

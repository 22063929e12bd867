"""Library photos placed in a body keep a placement row, marked as such."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0014_plain_text_bodies_as_paragraphs'),
    ]

    operations = [
        migrations.AddField(
            model_name='articlephoto',
            name='in_body',
            field=models.BooleanField(default=False, editable=False, help_text="Kept in step with the body's photos when the article is saved.", verbose_name='placed in the body'),
        ),
    ]

"""ImportRecord and PendingFigure now belong to the ``reprints`` app.

Only Django's record of the models moves here; the tables stay until
``reprints.0001_import_records_from_articles`` takes them over (and renames them).
"""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0009_article_language_original_date'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name='ImportRecord'),
                migrations.DeleteModel(name='PendingFigure'),
            ],
            database_operations=[],
        ),
    ]

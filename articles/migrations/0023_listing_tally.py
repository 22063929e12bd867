"""A tally of published articles per listing, kept by triggers (``articles.tally``).

The SQL lives in ``articles.tally`` beside ``tally.ensure``, which runs after every
``migrate`` and puts back triggers a SQLite table rebuild dropped: one definition for both.
"""

from django.db import migrations


def forwards(apps, schema_editor):
    from articles import tally

    tally.install(schema_editor.connection)


def backwards(apps, schema_editor):
    from articles import tally

    tally.uninstall(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("articles", "0022_video_permissions")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]

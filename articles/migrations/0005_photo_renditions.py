"""Photos keep their renditions (names and sizes) and a focal point for the social card.

Django no longer fills width/height from the file: ``Photo.save()`` stores them from the
normalised image. Photos uploaded before this migration get renditions with
``manage.py make_renditions`` (until then pages show their original file).
"""

import django.core.validators
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0004_import_records'),
    ]

    operations = [
        migrations.AddField(
            model_name='photo',
            name='file_size',
            field=models.PositiveIntegerField(default=0, editable=False, verbose_name='file size (bytes)'),
        ),
        migrations.AddField(
            model_name='photo',
            name='focal_x',
            field=models.PositiveSmallIntegerField(default=50, help_text='0 is the left edge, 100 the right. Click the picture to set it.', validators=[django.core.validators.MaxValueValidator(100)], verbose_name='focal point, across (%)'),
        ),
        migrations.AddField(
            model_name='photo',
            name='focal_y',
            field=models.PositiveSmallIntegerField(default=50, help_text='0 is the top edge, 100 the bottom.', validators=[django.core.validators.MaxValueValidator(100)], verbose_name='focal point, down (%)'),
        ),
        migrations.AddField(
            model_name='photo',
            name='renditions',
            field=models.JSONField(blank=True, default=dict, editable=False, verbose_name='renditions'),
        ),
        migrations.AlterField(
            model_name='photo',
            name='image',
            field=models.ImageField(help_text='JPEG, PNG, WebP or GIF. Uploading a new file replaces this one everywhere it is used.', max_length=300, upload_to='photos/%Y/%m/', verbose_name='image file'),
        ),
        migrations.AddConstraint(
            model_name='photo',
            constraint=models.CheckConstraint(condition=models.Q(('focal_x__lte', 100), ('focal_y__lte', 100)), name='photo_focal_point_in_picture'),
        ),
    ]

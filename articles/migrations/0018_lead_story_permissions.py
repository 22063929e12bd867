"""Lead stories are the editors' choice: only they pin, reorder and unpin."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORS = ["add_pin", "change_pin", "delete_pin", "view_pin"]


def forwards(apps, schema_editor):
    app_config = apps.get_app_config("articles")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Editors")
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="articles", codename__in=EDITORS)
    )


def backwards(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name="Editors"):
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="articles", codename__in=EDITORS)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0017_lead_stories"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]

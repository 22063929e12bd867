"""Who may do what with authors: writers credit them, editors keep the profiles."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

WRITERS = ["view_author", "view_articleauthor", "add_articleauthor", "change_articleauthor",
           "delete_articleauthor"]  # fmt: skip
EDITORS = [f"{action}_{model}" for model in ["author", "articleauthor"]
           for action in ["add", "change", "delete", "view"]]  # fmt: skip


def grant(apps, grants: dict[str, list[str]]) -> None:
    app_config = apps.get_app_config("articles")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in grants.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="articles", codename__in=codenames)
        )


def revoke(apps, grants: dict[str, list[str]]) -> None:
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in grants.items():
        for group in Group.objects.filter(name=name):
            group.permissions.remove(
                *Permission.objects.filter(
                    content_type__app_label="articles", codename__in=codenames
                )
            )


def forwards(apps, schema_editor):
    grant(apps, {"Writers": WRITERS, "Editors": EDITORS})


def backwards(apps, schema_editor):
    revoke(apps, {"Writers": WRITERS, "Editors": EDITORS})


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0012_article_revised_at"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]

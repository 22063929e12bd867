"""The newsroom's two staff roles, so a fresh database has them.

Writers draft and submit for review; editors also publish, schedule, unpublish and
withdraw (``articles.publish_article``) and manage sources, sections and photos.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

WRITERS = {
    "articles": ["add_article", "change_article", "view_article", "add_photo", "change_photo",
                 "view_photo", "view_section", "view_source", "view_disclaimer",
                 "view_correction", "view_articlephoto", "add_articlephoto",
                 "change_articlephoto", "delete_articlephoto", "view_articleevent"],
    "taggit": ["view_tag"],
}  # fmt: skip
EDITORS = {
    "articles": [
        f"{action}_{model}"
        for model in ["article", "photo", "section", "source", "disclaimer", "correction",
                      "articlephoto", "articleredirect"]
        for action in ["add", "change", "delete", "view"]
    ] + ["publish_article", "view_articleevent"],
    "taggit": ["add_tag", "change_tag", "delete_tag", "view_tag"],
    "pages": ["view_link", "add_link", "change_link", "delete_link", "view_contactmessage",
              "change_contactmessage", "view_sitesettings", "change_sitesettings"],
}  # fmt: skip


def permissions(apps, grants):
    Permission = apps.get_model("auth", "Permission")
    for app_label, codenames in grants.items():
        yield from Permission.objects.filter(
            content_type__app_label=app_label, codename__in=codenames
        )


def create_roles(apps, schema_editor):
    # Permissions are normally created after all migrations; these groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    for name, grants in (("Writers", WRITERS), ("Editors", EDITORS)):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*permissions(apps, grants))


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Writers", "Editors"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0002_editorial_workflow"),
        ("pages", "0001_initial"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]

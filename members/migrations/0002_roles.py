"""Create the consortium's role groups with their model permissions."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLES = {
    "City staff": [
        ("wagtailadmin", "access_admin"),
        ("members", "add_organization"),
        ("members", "change_organization"),
        ("members", "view_organization"),
        ("members", "add_membership"),
        ("members", "change_membership"),
        ("members", "delete_membership"),
        ("members", "view_membership"),
        ("members", "view_user"),
    ],
    "Dialogue moderators": [
        ("wagtailadmin", "access_admin"),
        ("members", "view_organization"),
    ],
    "Leadership": [],
}


def create_roles(apps, schema_editor):
    # Permissions are normally created after all migrations; make sure they exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        for app_label, codename in codenames:
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0001_initial"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]

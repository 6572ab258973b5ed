"""Helpers for the migrations that give role groups their permissions (policy is data).

Pure functions of the migration's historical `apps`, so that each app's migration grants
its own models' permissions to the role groups without importing the app's code.
"""

from __future__ import annotations

from django.contrib.auth.management import create_permissions


def ensure_permissions(apps) -> None:
    """Django creates model permissions after all migrations; a data migration needs them now."""
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None


def grant(apps, grants: dict[str, list[tuple[str, str]]]) -> None:
    """Add (app_label, codename) permissions to the named groups, creating missing groups."""
    ensure_permissions(apps)
    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    for name, codenames in grants.items():
        group, _created = group_model.objects.get_or_create(name=name)
        for app_label, codename in codenames:
            group.permissions.add(
                permission_model.objects.get(content_type__app_label=app_label, codename=codename)
            )


def revoke(apps, grants: dict[str, list[tuple[str, str]]]) -> None:
    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    for name, codenames in grants.items():
        group = group_model.objects.filter(name=name).first()
        if group is None:
            continue
        for app_label, codename in codenames:
            group.permissions.remove(
                *permission_model.objects.filter(
                    content_type__app_label=app_label, codename=codename
                )
            )

"""City staff edit and publish session reports: their group gets add, change and publish on
every report index (and so on the reports below it), as each index or translation is made.
Migration cms 0008 did the same for the indexes that existed before."""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission

from wagtail.models import GroupPagePermission, Page

from members import roles

KINDS = ("add", "change", "publish")


def attach_report_index(index: Page) -> None:
    group, _created = Group.objects.get_or_create(name=roles.CITY_STAFF)
    for kind in KINDS:
        permission = Permission.objects.get(
            content_type__app_label="wagtailcore", codename=f"{kind}_page"
        )
        GroupPagePermission.objects.get_or_create(group=group, page=index, permission=permission)


def report_index_saved(sender, instance, created: bool = False, raw: bool = False, **kwargs):
    if created and not raw:
        attach_report_index(instance)

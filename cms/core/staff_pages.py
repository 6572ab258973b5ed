"""City staff edit and publish the pages that are theirs to run: the report index (and the
session reports below it) and the proposal index. Their group gets add, change and publish
on each such index as it or its translation is made; migration cms 0008 did the same for the
indexes that existed before. (Not the home page: publish there would reach the pilot pages,
which go through the DX office's review.)"""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission

from wagtail.models import GroupPagePermission, Page

from members import roles

KINDS = ("add", "change", "publish")


def attach_staff_index(index: Page) -> None:
    group, _created = Group.objects.get_or_create(name=roles.CITY_STAFF)
    for kind in KINDS:
        permission = Permission.objects.get(
            content_type__app_label="wagtailcore", codename=f"{kind}_page"
        )
        GroupPagePermission.objects.get_or_create(group=group, page=index, permission=permission)


def staff_index_saved(sender, instance, created: bool = False, raw: bool = False, **kwargs):
    if created and not raw:
        attach_staff_index(instance)

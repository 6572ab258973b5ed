"""City staff edit and publish the site's pages: their group gets add, change and publish on
each language's home page (and so on everything below it) as it is made, and on the report
and proposal indexes; migration cms 0008 did the same for the pages that existed before.
Pilot pages still publish only through the DX office's review (cms/pilots/review.py)."""

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

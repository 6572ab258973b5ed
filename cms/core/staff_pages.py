"""City staff edit and publish the site's pages: their group gets add, change and publish on
each language's home page (and so on everything below it) as it is made, and on the report
and proposal indexes; migration cms 0008 did the same for the pages that existed before.
Pilot pages still publish only through the DX office's review (cms/pilots/review.py)."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import Group, Permission

from wagtail.models import GroupPagePermission, Page

from members import roles

KINDS = ("add", "change", "publish")


def grant_page_permissions(group: Group, page: Page, kinds: Iterable[str]) -> None:
    """Give the group these Wagtail page permissions ("add", "change", "publish", …) on the
    page and everything below it; idempotent."""
    for permission in Permission.objects.filter(
        content_type__app_label="wagtailcore", codename__in=[f"{kind}_page" for kind in kinds]
    ):
        GroupPagePermission.objects.get_or_create(group=group, page=page, permission=permission)


def attach_staff_index(index: Page) -> None:
    group, _created = Group.objects.get_or_create(name=roles.CITY_STAFF)
    grant_page_permissions(group, index, KINDS)


def staff_index_saved(sender, instance, created: bool = False, raw: bool = False, **kwargs):
    if created and not raw:
        attach_staff_index(instance)

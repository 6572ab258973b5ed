"""City staff edit and publish the site's pages: their group gets add, change and publish on
each language's home page (and so on everything below it: reports, the proposal index, the
organisation pages) as it is made; migration cms 0008 did the same for the home pages that
existed before. Pilot pages still publish only through the DX office's review
(cms/pilots/review.py). Also the one helper cms uses to grant page permissions."""

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


def attach_staff_home(home: Page) -> None:
    group, _created = Group.objects.get_or_create(name=roles.CITY_STAFF)
    grant_page_permissions(group, home, KINDS)


def home_saved(sender, instance, created: bool = False, raw: bool = False, **kwargs):
    if created and not raw:
        attach_staff_home(instance)

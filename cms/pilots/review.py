"""Pilot pages publish only through the DX office's review.

A page permission covers a whole subtree, so city staff's add/change/publish on the home
page (cms/core/staff_pages.py) would reach the pilots below it, and Wagtail offers Publish
to anyone who may publish. On pilot pages and the pilot index, publish therefore counts
only when it is granted inside the pilot index itself (the reviewers' grant, see
permissions.py); what is granted higher up still lets people add and edit, and submit to
the review workflow.
"""

from __future__ import annotations

from wagtail.models import PagePermissionTester


class ReviewedPagePermissionTester(PagePermissionTester):
    def __init__(self, user, page, index_path: str) -> None:
        super().__init__(user, page)
        if user.is_active and not user.is_superuser:
            inside = {
                grant.permission.codename.rsplit("_", maxsplit=1)[0]
                for grant in self.permission_policy.get_cached_permissions_for_user(user)
                if page.path.startswith(grant.page.path) and grant.page.path.startswith(index_path)
            }
            if "publish" not in inside:
                self.permissions.discard("publish")

"""A link from the Wagtail admin to the opinion maps, for the staff who make them."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem


class StaffMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("listening.add_opinionmap")


@hooks.register("register_admin_menu_item")
def opinion_maps_menu_item():
    return StaffMenuItem(_("Opinion maps"), reverse("listening:maps"), icon_name="view", order=900)

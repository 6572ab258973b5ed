"""City staff manage the list of organisations in the Wagtail admin (model permissions)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet

from .models import Organization


class OrganizationViewSet(ModelViewSet):
    model = Organization
    icon = "group"
    add_to_admin_menu = True
    menu_label = _("Organisations")
    menu_order = 250
    form_fields = [
        "name",
        "name_en",
        "name_reading",
        "slug",
        "kind",
        "description",
        "website",
        "member_since",
        "is_active",
    ]
    list_display = ["name", "name_en", "kind", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "name_en", "slug"]
    inspect_view_enabled = True

    def formfield_for_dbfield(self, db_field, **kwargs):
        if isinstance(db_field, models.URLField):
            kwargs.setdefault("assume_scheme", "https")
        return super().formfield_for_dbfield(db_field, **kwargs)


@hooks.register("register_admin_viewset")
def register_organization_viewset() -> OrganizationViewSet:
    return OrganizationViewSet("organizations")

"""City staff manage the list of organisations in the Wagtail admin (model permissions)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import BasePermissionPolicy

from . import roles
from .models import AuditEntry, Organization, PlaceName


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


class PlaceNameViewSet(ModelViewSet):
    """Readings of the city's place names, which the furigana uses instead of guessing."""

    model = PlaceName
    icon = "site"
    add_to_admin_menu = True
    menu_label = _("Place-name readings")
    menu_order = 255
    form_fields = ["name", "reading"]
    list_display = ["name", "reading"]
    search_fields = ["name", "reading"]
    copy_view_enabled = False


@hooks.register("register_admin_viewset")
def register_place_name_viewset() -> PlaceNameViewSet:
    return PlaceNameViewSet("place_names")


class AuditLogPolicy(BasePermissionPolicy):
    """Read-only for everyone, superusers included; readable by city staff
    (members.read_audit_log). Entries are written by the service functions only."""

    def user_has_permission(self, user, action: str) -> bool:
        return action == "view" and user.has_perm("members.read_audit_log")

    def users_with_any_permission(self, actions):
        users = get_user_model().objects.filter(is_active=True)
        if "view" not in actions:
            return users.none()
        return users.filter(models.Q(is_superuser=True) | models.Q(groups__name=roles.CITY_STAFF))


class AuditEntryViewSet(ModelViewSet):
    model = AuditEntry
    icon = "history"
    add_to_admin_menu = True
    menu_label = _("Audit log")
    menu_order = 260
    list_display = ["created_at", "actor", "organization", "action", "context", "target_id"]
    list_filter = ["action", "organization", "created_at"]
    inspect_view_enabled = True
    inspect_view_fields = [
        "created_at",
        "actor",
        "organization",
        "action",
        "target_type",
        "target_id",
        "context",
        "previous_text",
        "new_text",
        "reason",
    ]
    copy_view_enabled = False
    form_fields = ["reason"]  # never editable (AuditLogPolicy); a form must still exist

    @property
    def permission_policy(self) -> AuditLogPolicy:
        return AuditLogPolicy(self.model)

    def get_queryset(self, request):
        return AuditEntry.objects.select_related("actor", "organization", "target_type")


@hooks.register("register_admin_viewset")
def register_audit_viewset() -> AuditEntryViewSet:
    return AuditEntryViewSet("audit_log")

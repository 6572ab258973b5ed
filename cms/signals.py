"""Keep cached pages and pilot permissions in step with what is published."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save

from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished

from .models.cache import purge_page_cache


def _purge(**kwargs) -> None:
    purge_page_cache()


def _pilot_published(sender, instance, **kwargs) -> None:
    from .pilot_permissions import sync_pilot_editors

    sync_pilot_editors(instance)


def _page_deleted(sender, instance, **kwargs) -> None:
    if isinstance(instance, Page):
        purge_page_cache()


def _membership_changed(sender, instance, **kwargs) -> None:
    from members.models import Organization

    from .pilot_permissions import sync_organization_editors

    organization = Organization.objects.filter(pk=instance.organization_id).first()
    if organization is not None:
        sync_organization_editors(organization)


def connect() -> None:
    from members.models import Membership, Organization

    from .models import Indicator, Measurement, PilotPage, PilotTheme

    page_published.connect(_purge, dispatch_uid="cms_purge_published")
    page_unpublished.connect(_purge, dispatch_uid="cms_purge_unpublished")
    page_published.connect(_pilot_published, sender=PilotPage, dispatch_uid="cms_pilot_editors")
    post_delete.connect(_page_deleted, dispatch_uid="cms_purge_page_deleted")
    from wagtail.models import PageViewRestriction

    for model in (
        Indicator,
        Measurement,
        PilotTheme,
        Organization,
        Membership,
        PageViewRestriction,
    ):
        post_save.connect(_purge, sender=model, dispatch_uid=f"cms_purge_save_{model.__name__}")
        post_delete.connect(_purge, sender=model, dispatch_uid=f"cms_purge_delete_{model.__name__}")
    post_save.connect(_membership_changed, sender=Membership, dispatch_uid="cms_org_editors_s")
    post_delete.connect(_membership_changed, sender=Membership, dispatch_uid="cms_org_editors_d")

"""Keep cms in step with the rest: organisation spaces, cached pages, pilot permissions."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save, pre_delete
from django.dispatch import receiver

from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished

from members.models import Membership, Organization

from . import organizations
from .models.cache import purge_page_cache


@receiver(post_save, sender=Organization, dispatch_uid="cms_organization_space")
def organization_saved(sender, instance: Organization, raw: bool = False, **kwargs) -> None:
    if not raw:
        organizations.ensure_space(instance)


@receiver(pre_delete, sender=Organization, dispatch_uid="cms_organization_space_delete")
def organization_deleted(sender, instance: Organization, **kwargs) -> None:
    from .models import OrganizationSpace

    space = OrganizationSpace.objects.filter(organization=instance).first()
    if space is not None:
        group = space.editors
        space.delete()
        group.delete()


@receiver(post_save, sender=Membership, dispatch_uid="cms_membership_saved")
def membership_saved(sender, instance: Membership, raw: bool = False, **kwargs) -> None:
    if not raw:
        organizations.sync_membership(instance)


@receiver(post_delete, sender=Membership, dispatch_uid="cms_membership_deleted")
def membership_deleted(sender, instance: Membership, **kwargs) -> None:
    organizations.sync_membership(instance, deleted=True)


def _purge(**kwargs) -> None:
    purge_page_cache()


def _pilot_published(sender, instance, **kwargs) -> None:
    from .pilot_permissions import sync_pilot_editors

    sync_pilot_editors(instance)


def _page_deleted(sender, instance, **kwargs) -> None:
    if isinstance(instance, Page):
        purge_page_cache()


def _membership_changed(sender, instance, **kwargs) -> None:
    from .pilot_permissions import sync_organization_editors

    organization = Organization.objects.filter(pk=instance.organization_id).first()
    if organization is not None:
        sync_organization_editors(organization)


def connect() -> None:
    """Receivers that need the page models; the organisation ones above connect on import."""
    from .models import Indicator, Measurement, PilotPage, PilotTheme

    page_published.connect(_purge, dispatch_uid="cms_purge_published")
    page_unpublished.connect(_purge, dispatch_uid="cms_purge_unpublished")
    page_published.connect(_pilot_published, sender=PilotPage, dispatch_uid="cms_pilot_editors")
    post_delete.connect(_page_deleted, dispatch_uid="cms_purge_page_deleted")
    from wagtail.models import PageViewRestriction

    from dialogue.models import DialogueSession

    for model in (
        DialogueSession,
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

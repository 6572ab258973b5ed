"""Keep cms in step with the rest: organisation spaces, cached pages, pilot permissions."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save, pre_delete
from django.dispatch import receiver

from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished

from dialogue.models import DialogueSession
from members.models import Membership, Organization

from . import follows
from .core.page_cache import purge_page_cache
from .core.staff_pages import home_saved
from .home.models import HomePage
from .organizations import spaces
from .organizations.models import OrganizationPage, OrganizationSpace
from .pilots.indicators import Indicator, Measurement
from .pilots.pages import PilotIndexPage, PilotPage, PilotTheme
from .pilots.permissions import attach_pilot_index, sync_pilot_editors


@receiver(post_save, sender=Organization, dispatch_uid="cms_organization_space")
def organization_saved(sender, instance: Organization, raw: bool = False, **kwargs) -> None:
    if not raw:
        spaces.ensure_space(instance)


@receiver(pre_delete, sender=Organization, dispatch_uid="cms_organization_space_delete")
def organization_deleted(sender, instance: Organization, **kwargs) -> None:
    space = OrganizationSpace.objects.filter(organization=instance).first()
    if space is not None:
        group = space.editors
        space.delete()
        group.delete()


@receiver(post_save, sender=Membership, dispatch_uid="cms_membership_saved")
def membership_saved(sender, instance: Membership, raw: bool = False, **kwargs) -> None:
    if not raw:
        spaces.sync_membership(instance)


@receiver(post_delete, sender=Membership, dispatch_uid="cms_membership_deleted")
def membership_deleted(sender, instance: Membership, **kwargs) -> None:
    spaces.sync_membership(instance, deleted=True)


def _purge(**kwargs) -> None:
    purge_page_cache()


def _pilot_published(sender, instance, **kwargs) -> None:
    sync_pilot_editors(instance)


def _page_deleted(sender, instance, **kwargs) -> None:
    if isinstance(instance, Page):
        purge_page_cache()


def _pilot_index_saved(sender, instance, created: bool = False, raw: bool = False, **kwargs):
    """A new pilot index (or its translation) goes through the review workflow."""
    if created and not raw:
        attach_pilot_index(instance)


def connect() -> None:
    """Receivers connected by sender; the organisation ones above connect on import."""
    page_published.connect(_purge, dispatch_uid="cms_purge_published")
    page_unpublished.connect(_purge, dispatch_uid="cms_purge_unpublished")
    page_published.connect(_pilot_published, sender=PilotPage, dispatch_uid="cms_pilot_editors")
    page_published.connect(
        follows.pilot_published, sender=PilotPage, dispatch_uid="cms_pilot_followers"
    )
    page_published.connect(
        follows.organization_page_published,
        sender=OrganizationPage,
        dispatch_uid="cms_organization_followers",
    )
    follows.register()
    post_delete.connect(_page_deleted, dispatch_uid="cms_purge_page_deleted")
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
    post_save.connect(_pilot_index_saved, sender=PilotIndexPage, dispatch_uid="cms_pilot_index")
    post_save.connect(home_saved, sender=HomePage, dispatch_uid="cms_staff_home")

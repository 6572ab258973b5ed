"""Keep organisation spaces in step with members' organisations and memberships."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save, pre_delete
from django.dispatch import receiver

from members.models import Membership, Organization

from . import organizations


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

"""Glue between allauth's sign-up and invitations."""

from __future__ import annotations

from allauth.account.signals import user_signed_up

from django.contrib import messages
from django.contrib.auth.models import Group
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django.utils.translation import gettext as _

from . import generations, services
from .models import Membership, Organization, User

SESSION_KEY = "members_invitation_token"


@receiver(user_signed_up, dispatch_uid="members_accept_invitation_on_signup")
def accept_invitation_on_signup(sender, request, user, **kwargs) -> None:
    """Someone who came through an invitation link becomes a member as they sign up."""
    if request is None or not hasattr(request, "session"):
        return
    token = request.session.pop(SESSION_KEY, None)
    if not token:
        return
    try:
        membership = services.accept_invitation(token, user)
    except services.Refused as refusal:
        messages.error(request, refusal.message)
        return
    messages.success(
        request,
        _("Welcome! You are now a member of %(organization)s.")
        % {"organization": membership.organization.localized_name()},
    )


def _roles_changed(sender, action: str = "", **kwargs) -> None:
    if action in {"", "post_add", "post_remove", "post_clear"}:
        generations.bump(generations.ROLES)


for _through in (User.groups.through, User.user_permissions.through, Group.permissions.through):
    m2m_changed.connect(_roles_changed, sender=_through, dispatch_uid=f"roles_{_through.__name__}")
post_delete.connect(_roles_changed, sender=Group, dispatch_uid="roles_group_deleted")
# Memberships and organisations decide who speaks for whom (members.rules._standing).
for _model in (Membership, Organization):
    post_save.connect(_roles_changed, sender=_model, dispatch_uid=f"roles_{_model.__name__}_saved")
    post_delete.connect(_roles_changed, sender=_model, dispatch_uid=f"roles_{_model.__name__}_gone")

"""Glue between allauth's sign-up and invitations."""

from __future__ import annotations

from allauth.account.signals import user_signed_up

from django.contrib import messages
from django.dispatch import receiver
from django.utils.translation import gettext as _

from . import services

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

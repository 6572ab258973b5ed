"""Accepting an invitation to join an organisation, signed in or not."""

from __future__ import annotations

from urllib.parse import urlencode

from allauth.account.adapter import get_adapter

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from .. import services
from ..models import Invitation
from ..signals import SESSION_KEY
from .refusals import refused


def invitation(request: HttpRequest, token: str) -> HttpResponse:
    already = (
        Invitation.objects.select_related("organization")
        .filter(token=token, accepted_by__isnull=False)
        .first()
        if request.user.is_authenticated and len(token) <= 64
        else None
    )
    if already is not None and already.accepted_by_id == request.user.pk:
        return render(request, "members/invitation_accepted.html", {"invitation": already})
    try:
        found = services.find_invitation(token)
        if request.user.is_authenticated:
            services.check_addressee(found, request.user)
    except services.Refused as refusal:
        return refused(request, refusal.message, refusal.status)

    here = request.get_full_path()
    if not request.user.is_authenticated:
        # The link reached this mailbox, so the address counts as verified at sign-up.
        get_adapter(request).stash_verified_email(request, found.email)
        request.session[SESSION_KEY] = token
        context = {
            "invitation": found,
            "signup_url": reverse("account_signup")
            + "?"
            + urlencode({"next": here, "email": found.email}),
            "login_url": reverse("account_login") + "?" + urlencode({"next": here}),
        }
        return render(request, "members/invitation.html", context)

    if request.method == "POST":
        try:
            membership = services.accept_invitation(token, request.user)
        except services.Refused as refusal:
            return refused(request, refusal.message, refusal.status)
        messages.success(
            request,
            _("Welcome! You are now a member of %(organization)s.")
            % {"organization": membership.organization.localized_name()},
        )
        return redirect("members:invitation", token=token)
    return render(request, "members/invitation.html", {"invitation": found})

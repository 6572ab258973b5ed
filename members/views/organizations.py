"""Managing an organisation: its members, invitations, speakers and audit log, for its
representatives and city staff."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import audit, services
from ..forms import InviteForm, RoleForm, SpeakersForm
from ..models import AuditEntry, Invitation, Membership, Organization
from ..rules import managed_organizations
from .refusals import refused


def _manageable(
    request: HttpRequest, slug: str, permission: str = "members.manage_organization"
) -> Organization | HttpResponse:
    organization = get_object_or_404(Organization, slug=slug)
    if not request.user.has_perm(permission, organization):
        return refused(
            request,
            _(
                "Only the representatives of this organisation and city staff can manage "
                "its members."
            ),
            403,
        )
    return organization


@login_required
def organization_list(request: HttpRequest) -> HttpResponse:
    organizations = managed_organizations(request.user)
    return render(
        request, "members/organization_list.html", {"organizations": organizations.order_by("name")}
    )


@login_required
def organization_manage(request: HttpRequest, slug: str) -> HttpResponse:
    organization = _manageable(request, slug)
    if isinstance(organization, HttpResponse):
        return organization
    form = InviteForm(request.POST or None)
    status = 200
    may_invite = request.user.has_perm("members.invite_member", organization)
    if request.method == "POST" and not may_invite:
        return refused(request, _("You cannot invite people to this organisation."), 403)
    if request.method == "POST":
        if form.is_valid():
            try:
                invitation = services.invite(
                    organization=organization,
                    email=form.cleaned_data["email"],
                    role=form.cleaned_data["role"],
                    invited_by=request.user,
                )
            except services.Refused as refusal:
                form.add_error("email", refusal.message)
            else:
                accept_url = request.build_absolute_uri(
                    reverse("members:invitation", args=[invitation.token])
                )
                services.send_invitation_email(
                    invitation, accept_url, translation.get_language() or "ja"
                )
                messages.success(
                    request,
                    _("Invitation sent to %(email)s.") % {"email": invitation.email},
                )
                return redirect("members:organization_manage", slug=organization.slug)
        status = 400
    memberships = (
        organization.memberships.filter(status=Membership.Status.ACTIVE)
        .select_related("user")
        .order_by("role", "user__display_name")
    )
    invitations = organization.invitations.pending().select_related("invited_by")
    context = {
        "organization": organization,
        "memberships": memberships,
        "invitations": invitations,
        "form": form,
        "roles": Membership.Role.choices,
        "speakers_form": (
            SpeakersForm(organization=organization)
            if request.user.has_perm("members.delegate_organization", organization)
            else None
        ),
        "can_read_log": request.user.has_perm("members.read_organization_log", organization),
    }
    return render(request, "members/organization_manage.html", context, status=status)


def _membership_of(organization: Organization, pk: int) -> Membership:
    return get_object_or_404(
        Membership.objects.select_related("user"), pk=pk, organization=organization
    )


def _change_and_return(request: HttpRequest, slug: str, change: Callable[[], str]) -> HttpResponse:
    """Make one change to an organisation's people and go back to its page, telling what
    `change` says was done, or why the services refused."""
    try:
        done = change()
    except services.Refused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, done)
    return redirect("members:organization_manage", slug=slug)


@login_required
@require_POST
def membership_role(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    organization = _manageable(request, slug, "members.change_membership")
    if isinstance(organization, HttpResponse):
        return organization
    membership = _membership_of(organization, pk)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose one of the roles offered."))
        return redirect("members:organization_manage", slug=slug)

    def change() -> str:
        services.change_role(membership, form.cleaned_data["role"])
        return _("%(name)s is now %(role)s.") % {
            "name": membership.user.public_name,
            "role": membership.get_role_display(),
        }

    return _change_and_return(request, slug, change)


@login_required
@require_POST
def membership_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    organization = _manageable(request, slug, "members.change_membership")
    if isinstance(organization, HttpResponse):
        return organization
    membership = _membership_of(organization, pk)

    def change() -> str:
        services.remove_member(membership)
        return _("%(name)s is no longer a member.") % {"name": membership.user.public_name}

    return _change_and_return(request, slug, change)


@login_required
@require_POST
def invitation_revoke(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    organization = _manageable(request, slug, "members.revoke_invitation")
    if isinstance(organization, HttpResponse):
        return organization
    invitation = get_object_or_404(Invitation, pk=pk, organization=organization)

    def change() -> str:
        services.revoke_invitation(invitation)
        return _("The invitation to %(email)s has been withdrawn.") % {"email": invitation.email}

    return _change_and_return(request, slug, change)


@login_required
@require_POST
def organization_speakers(request: HttpRequest, slug: str) -> HttpResponse:
    """Representatives choose who may speak on the organisation's behalf."""
    organization = get_object_or_404(Organization, slug=slug)
    if not request.user.has_perm("members.delegate_organization", organization):
        return refused(
            request,
            _(
                "Only the representatives of this organisation and city staff can choose "
                "who speaks on its behalf."
            ),
            403,
        )
    form = SpeakersForm(request.POST, organization=organization)
    if not form.is_valid():
        messages.error(request, _("The choice of speakers could not be read. Please try again."))
        return redirect("members:organization_manage", slug=slug)
    changed = services.set_speakers(
        organization, set(form.cleaned_data["speakers"]), actor=request.user
    )
    if changed:
        messages.success(request, _("Who may speak for the organisation has been saved."))
    else:
        messages.info(request, _("Nothing changed."))
    return redirect("members:organization_manage", slug=slug)


LOG_PAGE_SIZE = 50


@login_required
def organization_log(request: HttpRequest, slug: str) -> HttpResponse:
    """The organisation's audit log, for its representatives (and city staff)."""
    organization = get_object_or_404(Organization, slug=slug)
    if not request.user.has_perm("members.read_organization_log", organization):
        return refused(
            request,
            _("Only the representatives of this organisation and city staff can read its log."),
            403,
        )
    entries = audit.for_organization(organization)
    action = request.GET.get("action", "")
    if action in AuditEntry.Action.values:
        entries = entries.filter(action=action)
    else:
        action = ""
    page = Paginator(entries, LOG_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "organization": organization,
        "page": page,
        "action": action,
        "actions": AuditEntry.Action.choices,
    }
    return render(request, "members/organization_log.html", context)

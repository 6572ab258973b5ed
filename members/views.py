"""Front-end pages for people and organisations: no Wagtail admin rights needed."""

from __future__ import annotations

import json
from urllib.parse import urlencode

from allauth.account.adapter import get_adapter

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, translate_url
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import audit, exports, services
from .forms import DeleteAccountForm, InviteForm, ProfileForm, RoleForm, SpeakersForm
from .models import AuditEntry, Invitation, Membership, Organization
from .rules import managed_organizations
from .signals import SESSION_KEY


def _refused(request: HttpRequest, message: str, status: int) -> HttpResponse:
    return render(request, "members/refused.html", {"message": message}, status=status)


def _manageable(
    request: HttpRequest, slug: str, permission: str = "members.manage_organization"
) -> Organization | HttpResponse:
    organization = get_object_or_404(Organization, slug=slug)
    if not request.user.has_perm(permission, organization):
        return _refused(
            request,
            _(
                "Only the representatives of this organisation and city staff can manage "
                "its members."
            ),
            403,
        )
    return organization


# --- Organisations -----------------------------------------------------------------------


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
        return _refused(request, _("You cannot invite people to this organisation."), 403)
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
    try:
        services.change_role(membership, form.cleaned_data["role"])
    except services.Refused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(
            request,
            _("%(name)s is now %(role)s.")
            % {"name": membership.user.public_name, "role": membership.get_role_display()},
        )
    return redirect("members:organization_manage", slug=slug)


@login_required
@require_POST
def membership_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    organization = _manageable(request, slug, "members.change_membership")
    if isinstance(organization, HttpResponse):
        return organization
    membership = _membership_of(organization, pk)
    try:
        services.remove_member(membership)
    except services.Refused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(
            request,
            _("%(name)s is no longer a member.") % {"name": membership.user.public_name},
        )
    return redirect("members:organization_manage", slug=slug)


@login_required
@require_POST
def invitation_revoke(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    organization = _manageable(request, slug, "members.revoke_invitation")
    if isinstance(organization, HttpResponse):
        return organization
    invitation = get_object_or_404(Invitation, pk=pk, organization=organization)
    try:
        services.revoke_invitation(invitation)
    except services.Refused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(
            request,
            _("The invitation to %(email)s has been withdrawn.") % {"email": invitation.email},
        )
    return redirect("members:organization_manage", slug=slug)


@login_required
@require_POST
def organization_speakers(request: HttpRequest, slug: str) -> HttpResponse:
    """Representatives choose who may speak on the organisation's behalf."""
    organization = get_object_or_404(Organization, slug=slug)
    if not request.user.has_perm("members.delegate_organization", organization):
        return _refused(
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
        return _refused(
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


# --- Accepting an invitation -------------------------------------------------------------


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
        return _refused(request, refusal.message, refusal.status)

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
            return _refused(request, refusal.message, refusal.status)
        messages.success(
            request,
            _("Welcome! You are now a member of %(organization)s.")
            % {"organization": membership.organization.localized_name()},
        )
        return redirect("members:invitation", token=token)
    return render(request, "members/invitation.html", {"invitation": found})


# --- Profile -----------------------------------------------------------------------------


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST":
        if form.is_valid():
            user = form.save()
            messages.success(request, _("Your profile has been saved."))
            response = HttpResponseRedirect(
                translate_url(reverse("members:profile"), user.preferred_language)
            )
            response.set_cookie(
                "django_language",
                user.preferred_language,
                max_age=365 * 24 * 60 * 60,
                samesite="Lax",
                secure=request.is_secure(),
            )
            return response
        return render(request, "members/profile.html", _profile_context(request, form), status=400)
    return render(request, "members/profile.html", _profile_context(request, form))


def _profile_context(request: HttpRequest, form: ProfileForm) -> dict:
    memberships = (
        request.user.memberships.filter(status=Membership.Status.ACTIVE)
        .select_related("organization")
        .order_by("organization__name")
    )
    return {
        "form": form,
        "manages_every_organization": request.user.has_perm("members.manage_organization"),
        "memberships": [
            (m, request.user.has_perm("members.manage_organization", m.organization))
            for m in memberships
        ],
    }


@login_required
@require_POST
def membership_listing(request: HttpRequest, pk: int) -> HttpResponse:
    """A person decides alone whether their name appears on an organisation's page."""
    membership = get_object_or_404(
        Membership, pk=pk, user=request.user, status=Membership.Status.ACTIVE
    )
    membership.is_listed = request.POST.get("is_listed") == "on"
    membership.save(update_fields=["is_listed"])
    if membership.is_listed:
        message = _("Your name is now shown on the page of %(organization)s.")
    else:
        message = _("Your name is no longer shown on the page of %(organization)s.")
    messages.success(request, message % {"organization": membership.organization.localized_name()})
    return redirect("members:profile")


@login_required
def profile_data(request: HttpRequest) -> HttpResponse:
    data = {
        "exported_at": timezone.now(),
        "format": "consortium-personal-data/1",
        **exports.collect(request.user),
    }
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="my-consortium-data.json"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
def profile_delete(request: HttpRequest) -> HttpResponse:
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST":
        if form.is_valid():
            user = request.user
            logout(request)
            services.delete_account(
                user, erase_texts=form.cleaned_data["texts"] == DeleteAccountForm.ERASE
            )
            messages.success(
                request, _("Your account has been deleted. Thank you for taking part.")
            )
            return redirect("/")
        return render(request, "members/profile_delete.html", {"form": form}, status=400)
    return render(request, "members/profile_delete.html", {"form": form})

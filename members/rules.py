"""Who may do what: the one place role checks live.

Other apps ask `user.has_perm("members.<verb>_<model>", obj)` (views, consumers, templates
with `{% has_perm %}`), and build their own permissions from the predicates here; nobody
re-derives a role inline (no group names, `is_staff` or membership queries elsewhere).
Loaded by rules' autodiscovery.

A role counts only while everything it rests on is active: the account, the membership and
the organisation. Deactivating any of them removes the rights everywhere at once.
"""

from __future__ import annotations

import rules
from allauth.mfa.models import Authenticator

from . import generations, roles
from .models import Membership, Organization


def _signed_in(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


@rules.predicate
def is_city_staff(user) -> bool:
    return _in_group(user, roles.CITY_STAFF)


@rules.predicate
def is_moderator(user) -> bool:
    return _in_group(user, roles.MODERATORS) or _in_group(user, roles.CITY_STAFF)


@rules.predicate
def is_leadership(user) -> bool:
    return _in_group(user, roles.LEADERSHIP)


@rules.predicate
def is_reviewer(user) -> bool:
    return _in_group(user, roles.REVIEWERS)


@rules.predicate
def must_use_two_step(user) -> bool:
    """City staff, moderators, leadership, reviewers and superusers: power over others'
    content or over what the city publishes."""
    return bool(is_moderator(user) or is_leadership(user) or is_reviewer(user))


@rules.predicate
def has_two_step(user) -> bool:
    """Has an authenticator (TOTP or security key), cached on the user for the request."""
    if not _signed_in(user):
        return False
    cached = getattr(user, "_has_two_step", None)
    if cached is None:
        cached = Authenticator.objects.filter(
            user=user, type__in=[Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]
        ).exists()
        user._has_two_step = cached
    return cached


@rules.predicate
def two_step_satisfied(user) -> bool:
    """Either the role does not need two-step verification, or it is set up."""
    return not must_use_two_step(user) or bool(has_two_step(user))


@rules.predicate
def is_consortium_member(user) -> bool:
    """Belongs to an active organisation of the consortium, or works for the city."""
    if not _signed_in(user):
        return False
    return bool(user.is_superuser or is_city_staff(user) or active_organizations(user))


@rules.predicate
def is_representative_of(user, organization: Organization | None) -> bool:
    return _has_role(user, organization, {Membership.Role.REPRESENTATIVE})


@rules.predicate
def is_editor_of(user, organization: Organization | None) -> bool:
    return _has_role(user, organization, {Membership.Role.REPRESENTATIVE, Membership.Role.EDITOR})


@rules.predicate
def is_member_of(user, organization: Organization | None) -> bool:
    return _has_role(user, organization, set(Membership.Role))


@rules.predicate
def may_speak_for(user, organization: Organization | None) -> bool:
    """Chosen by the organisation's representatives (default: representatives and editors)."""
    if organization is None or not getattr(user, "is_authenticated", False):
        return False
    return any(org.pk == organization.pk for org in speaking_organizations(user))


def speaking_organizations(user) -> list[Organization]:
    """The active organisations a person may speak on behalf of, cached for the request."""
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_speaking_organizations", None)
    if cached is None:
        cached = user._speaking_organizations = _standing(user, "speaking", _speaking_for)
    return cached


def _speaking_for(user) -> list[Organization]:
    memberships = (
        Membership.objects.filter(
            Membership.speaking_q(),
            user=user,
            status=Membership.Status.ACTIVE,
            organization__is_active=True,
        )
        .select_related("organization")
        .order_by("organization__name")
    )
    return [m.organization for m in memberships]


def speaking_organization(user, slug: str) -> Organization | None:
    """The organisation `slug` if the person may speak for it now: asked afresh, never
    cached, so a right withdrawn a moment ago is already gone."""
    if not getattr(user, "is_authenticated", False):
        return None
    membership = (
        Membership.objects.filter(
            Membership.speaking_q(),
            user=user,
            status=Membership.Status.ACTIVE,
            organization__is_active=True,
            organization__slug=slug,
        )
        .select_related("organization")
        .first()
    )
    return membership.organization if membership else None


def active_organizations(user) -> list[Organization]:
    """The organisations a person may speak for, cached on the user object for the request."""
    if not _signed_in(user):
        return []
    cached = getattr(user, "_active_organizations", None)
    if cached is None:
        cached = list(
            Organization.objects.filter(
                is_active=True,
                memberships__user=user,
                memberships__status=Membership.Status.ACTIVE,
            ).order_by("name")
        )
        user._active_organizations = cached
    return cached


def managed_organizations(user):
    """The query form of `members.manage_organization`, for listings."""
    if not _signed_in(user):
        return Organization.objects.none()
    if is_city_staff(user):
        return Organization.objects.filter(is_active=True)
    return Organization.objects.filter(
        is_active=True,
        memberships__user=user,
        memberships__status=Membership.Status.ACTIVE,
        memberships__role=Membership.Role.REPRESENTATIVE,
    ).distinct()


def forget(user) -> None:
    """Drop what the predicates cached on this user object (after a role change)."""
    for attr in (
        "_group_names",
        "_active_organizations",
        "_speaking_organizations",
        "_has_two_step",
        "_roles_in",
    ):
        if hasattr(user, attr):
            delattr(user, attr)


def _in_group(user, name: str) -> bool:
    if not _signed_in(user):
        return False
    if user.is_superuser:
        return True
    cached = getattr(user, "_group_names", None)
    if cached is None:
        cached = user._group_names = _standing(user, "groups", _group_names)
    return name in cached


def _group_names(user) -> set[str]:
    return set(user.groups.values_list("name", flat=True))


def _standing(user, name: str, compute):
    """A person's groups or the organisations they speak for, shared by their requests
    until the roles generation moves: changes to groups, memberships and organisations
    bump it (members.signals), so a change shows at once."""
    return generations.remembered(
        generations.ROLES, f"members:{name}:{user.pk}", lambda: compute(user)
    )


def _has_role(user, organization: Organization | None, allowed: set[str]) -> bool:
    if organization is None or not _signed_in(user) or not organization.is_active:
        return False
    cached = getattr(user, "_roles_in", None)
    if cached is None:
        cached = user._roles_in = {}
    if organization.pk not in cached:
        cached[organization.pk] = set(
            Membership.objects.filter(
                user=user,
                organization=organization,
                status=Membership.Status.ACTIVE,
                organization__is_active=True,
            ).values_list("role", flat=True)
        )
    return bool(cached[organization.pk] & allowed)


# Object permissions take an Organization. Without one, the question is "any organisation",
# which only city staff may answer yes to.
rules.add_perm("members.view_organization", rules.always_allow)
rules.add_perm("members.manage_organization", is_city_staff | is_representative_of)
rules.add_perm("members.invite_member", is_city_staff | is_representative_of)
rules.add_perm("members.change_membership", is_city_staff | is_representative_of)
rules.add_perm("members.revoke_invitation", is_city_staff | is_representative_of)
rules.add_perm("members.edit_organization_page", is_city_staff | is_editor_of)
rules.add_perm("members.speak_for_organization", may_speak_for)
rules.add_perm("members.require_authenticator", must_use_two_step)
rules.add_perm("members.delegate_organization", is_city_staff | is_representative_of)
rules.add_perm("members.read_organization_log", is_city_staff | is_representative_of)
rules.add_perm("members.read_audit_log", is_city_staff)

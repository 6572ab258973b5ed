"""Who may do what: the one place role checks live.

Other apps ask `user.has_perm("members.<verb>_<model>", obj)` (views, consumers, templates
with `{% has_perm %}`) or call the predicates here; nobody re-derives a role inline.
Loaded by rules' autodiscovery.
"""

from __future__ import annotations

import rules

from . import roles
from .models import Membership, Organization


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
def must_use_two_step(user) -> bool:
    """City staff, moderators, leadership and superusers: power over others' content."""
    return bool(is_moderator(user) or is_leadership(user))


@rules.predicate
def is_consortium_member(user) -> bool:
    """Belongs to an organisation of the consortium, or works for the city."""
    if not getattr(user, "is_authenticated", False):
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
        cached = [m.organization for m in memberships]
        user._speaking_organizations = cached
    return cached


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
    if not getattr(user, "is_authenticated", False):
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


def _in_group(user, name: str) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    cached = getattr(user, "_group_names", None)
    if cached is None:
        cached = set(user.groups.values_list("name", flat=True))
        user._group_names = cached
    return name in cached


def _has_role(user, organization: Organization | None, allowed: set[str]) -> bool:
    if organization is None or not getattr(user, "is_authenticated", False):
        return False
    return Membership.objects.filter(
        user=user,
        organization=organization,
        status=Membership.Status.ACTIVE,
        role__in=allowed,
    ).exists()


rules.add_perm("members.view_organization", rules.always_allow)
rules.add_perm("members.manage_organization", is_city_staff | is_representative_of)
rules.add_perm("members.invite_member", is_city_staff | is_representative_of)
rules.add_perm("members.edit_organization_page", is_city_staff | is_editor_of)
rules.add_perm("members.speak_for_organization", may_speak_for)
rules.add_perm("members.delegate_organization", is_city_staff | is_representative_of)
rules.add_perm("members.read_organization_log", is_city_staff | is_representative_of)
rules.add_perm("members.read_audit_log", is_city_staff)
rules.add_perm("members.acknowledge", is_leadership)
rules.add_perm("members.moderate", is_moderator)

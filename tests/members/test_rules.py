"""One test per permission of members/rules.py, and the conditions every role rests on."""

from __future__ import annotations

import pytest

from django.contrib.auth.models import AnonymousUser, Group

from members import roles
from members.models import Membership
from members.rules import forget

from .factories import MembershipFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db


def in_role(name: str, **kwargs):
    user = UserFactory(**kwargs)
    user.groups.add(Group.objects.get_or_create(name=name)[0])
    return user


@pytest.fixture
def org():
    return OrganizationFactory(slug="home")


@pytest.fixture
def other():
    return OrganizationFactory(slug="other")


def member(org, role=Membership.Role.MEMBER):
    return MembershipFactory(organization=org, role=role).user


def test_view_organization_is_open_to_everyone(org) -> None:
    assert AnonymousUser().has_perm("members.view_organization", org)
    assert UserFactory().has_perm("members.view_organization", org)


@pytest.mark.parametrize(
    "permission",
    ["members.manage_organization", "members.change_membership", "members.revoke_invitation"],
)
def test_managing_is_for_representatives_of_that_organisation_and_staff(
    permission, org, other
) -> None:
    representative = member(org, Membership.Role.REPRESENTATIVE)
    assert representative.has_perm(permission, org)
    assert not representative.has_perm(permission, other)
    assert not representative.has_perm(permission)  # "any organisation": staff only
    assert not member(org, Membership.Role.EDITOR).has_perm(permission, org)
    assert not member(org).has_perm(permission, org)
    staff = in_role(roles.CITY_STAFF)
    assert staff.has_perm(permission, org) and staff.has_perm(permission)
    assert not in_role(roles.MODERATORS).has_perm(permission, org)
    assert not AnonymousUser().has_perm(permission, org)


def test_invite_member(org, other) -> None:
    representative = member(org, Membership.Role.REPRESENTATIVE)
    assert representative.has_perm("members.invite_member", org)
    assert not representative.has_perm("members.invite_member", other)
    assert not member(org, Membership.Role.EDITOR).has_perm("members.invite_member", org)
    assert in_role(roles.CITY_STAFF).has_perm("members.invite_member", other)


def test_edit_organization_page(org, other) -> None:
    editor = member(org, Membership.Role.EDITOR)
    assert editor.has_perm("members.edit_organization_page", org)
    assert not editor.has_perm("members.edit_organization_page", other)
    assert member(org, Membership.Role.REPRESENTATIVE).has_perm(
        "members.edit_organization_page", org
    )
    assert not member(org).has_perm("members.edit_organization_page", org)
    assert in_role(roles.CITY_STAFF).has_perm("members.edit_organization_page", org)
    assert not in_role(roles.LEADERSHIP).has_perm("members.edit_organization_page", org)


def test_speak_for_organization(org, other) -> None:
    """By default representatives and editors speak for their organisation; members do not
    until the representatives choose them (tests/members/test_speakers.py)."""
    for role in (Membership.Role.REPRESENTATIVE, Membership.Role.EDITOR):
        person = member(org, role)
        assert person.has_perm("members.speak_for_organization", org)
        assert not person.has_perm("members.speak_for_organization", other)
    assert not member(org).has_perm("members.speak_for_organization", org)
    assert not in_role(roles.CITY_STAFF).has_perm("members.speak_for_organization", org)


@pytest.mark.parametrize(
    ("role", "needs"),
    [
        (roles.CITY_STAFF, True),
        (roles.MODERATORS, True),
        (roles.LEADERSHIP, True),
        (roles.REVIEWERS, True),
        (None, False),
    ],
)
def test_require_authenticator(role, needs) -> None:
    user = in_role(role) if role else UserFactory()
    assert user.has_perm("members.require_authenticator") is needs


def test_a_deactivated_organisation_gives_no_rights(org) -> None:
    representative = member(org, Membership.Role.REPRESENTATIVE)
    org.is_active = False
    org.save()
    forget(representative)
    for permission in (
        "members.manage_organization",
        "members.invite_member",
        "members.edit_organization_page",
        "members.speak_for_organization",
    ):
        assert not representative.has_perm(permission, org), permission


def test_a_membership_that_ended_gives_no_rights(org) -> None:
    membership = MembershipFactory(organization=org, role=Membership.Role.REPRESENTATIVE)
    membership.status = Membership.Status.LEFT
    membership.save()
    assert not membership.user.has_perm("members.manage_organization", org)
    assert not membership.user.has_perm("members.speak_for_organization", org)


def test_a_deactivated_account_loses_its_roles(org) -> None:
    staff = in_role(roles.CITY_STAFF)
    staff.is_active = False
    staff.save()
    forget(staff)
    assert not staff.has_perm("members.manage_organization", org)
    assert not staff.has_perm("members.require_authenticator")

"""Every members URL that takes an id, tried with another organisation's or person's id by
every role without the right: nothing changes, the answer is 403, 404 or a sign-in redirect,
and nothing about the other organisation's people is revealed."""

from __future__ import annotations

import pytest

from django.contrib.auth.models import Group
from django.test import Client

from members import roles
from members.models import Invitation, Membership

from .factories import InvitationFactory, MembershipFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "resident",
    "member",
    "editor",
    "representative",
    "moderator",
    "leadership",
    "reviewer",
]


@pytest.fixture
def world():
    mine = OrganizationFactory(slug="mine", name="自分の団体")
    theirs = OrganizationFactory(slug="theirs", name="他の団体")
    target = MembershipFactory(
        organization=theirs,
        role=Membership.Role.EDITOR,
        user=UserFactory(email="secret-person@example.jp", display_name="秘密 太郎"),
    )
    MembershipFactory(organization=theirs, role=Membership.Role.REPRESENTATIVE)
    invitation = InvitationFactory(organization=theirs, email="secret-invitee@example.jp")
    people = {"anonymous": None, "resident": UserFactory()}
    for role in ("member", "editor", "representative"):
        people[role] = MembershipFactory(organization=mine, role=role).user
    for role, group in (
        ("moderator", roles.MODERATORS),
        ("leadership", roles.LEADERSHIP),
        ("reviewer", roles.REVIEWERS),
    ):
        user = UserFactory(two_step=True)
        user.groups.add(Group.objects.get_or_create(name=group)[0])
        people[role] = user
    return {"mine": mine, "theirs": theirs, "target": target, "invitation": invitation, **people}


def _snapshot() -> tuple:
    return (
        list(Invitation.objects.order_by("pk").values()),
        list(Membership.objects.order_by("pk").values()),
        sorted(Group.objects.values_list("name", flat=True)),
    )


def _attempts(world):
    target, invitation = world["target"], world["invitation"]
    for slug in ("theirs", "mine"):
        base = f"/ja/members/organizations/{slug}"
        yield "post", f"{base}/members/{target.pk}/role/", {"role": "representative"}
        yield "post", f"{base}/members/{target.pk}/remove/", {}
        yield "post", f"{base}/invitations/{invitation.pk}/revoke/", {}
    yield "get", "/ja/members/organizations/theirs/", {}
    yield (
        "post",
        "/ja/members/organizations/theirs/",
        {"email": "planted@example.jp", "role": "representative"},
    )
    yield "post", f"/ja/members/profile/memberships/{target.pk}/listing/", {"is_listed": "on"}


@pytest.mark.parametrize("role", ROLES)
def test_other_organisations_ids_change_and_reveal_nothing(world, role) -> None:
    client = Client()
    if world[role] is not None:
        client.force_login(world[role])
    before = _snapshot()
    for method, url, data in _attempts(world):
        response = getattr(client, method)(url, data)
        if world[role] is None:
            assert response.status_code == 302, url
            assert response["Location"].startswith("/ja/accounts/login/"), url
        else:
            assert response.status_code in (403, 404), (url, response.status_code)
        body = response.content.decode()
        assert "secret-person" not in body and "秘密 太郎" not in body, url
        assert "secret-invitee" not in body, url
    assert _snapshot() == before


def test_a_representative_cannot_reach_another_organisations_membership_through_their_own(
    world,
) -> None:
    """The id of someone in another organisation, under one's own organisation's URL: 404."""
    client = Client()
    client.force_login(world["representative"])
    target = world["target"]
    response = client.post(
        f"/ja/members/organizations/mine/members/{target.pk}/role/", {"role": "member"}
    )
    assert response.status_code == 404
    target.refresh_from_db()
    assert target.role == Membership.Role.EDITOR


def test_staff_can_do_what_the_others_were_refused(world) -> None:
    """The same requests succeed for the role that has the right: the refusals were real."""
    staff = UserFactory(two_step=True)
    staff.groups.add(Group.objects.get(name=roles.CITY_STAFF))
    client = Client()
    client.force_login(staff)
    target, invitation = world["target"], world["invitation"]
    base = "/ja/members/organizations/theirs"
    assert client.post(f"{base}/members/{target.pk}/role/", {"role": "member"}).status_code == 302
    assert client.post(f"{base}/invitations/{invitation.pk}/revoke/").status_code == 302
    target.refresh_from_db()
    invitation.refresh_from_db()
    assert target.role == Membership.Role.MEMBER
    assert invitation.revoked_at is not None


def test_a_deactivated_organisations_representative_manages_nothing(world) -> None:
    representative = MembershipFactory(
        organization=world["theirs"], role=Membership.Role.REPRESENTATIVE
    ).user
    world["theirs"].is_active = False
    world["theirs"].save()
    client = Client()
    client.force_login(representative)
    before = _snapshot()
    target = world["target"]
    response = client.post(
        f"/ja/members/organizations/theirs/members/{target.pk}/role/", {"role": "member"}
    )
    assert response.status_code == 403
    assert client.get("/ja/members/organizations/").content.decode().count("他の団体") == 0
    assert _snapshot() == before

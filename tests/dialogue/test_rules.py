"""One test per permission of dialogue/rules.py (the matrix test crosses them all)."""

from __future__ import annotations

import pytest

from django.contrib.auth.models import AnonymousUser, Group

from dialogue.models import DialogueSession, Visibility
from members import roles
from members.models import Membership
from tests.members.factories import MembershipFactory, OrganizationFactory, UserFactory

from .factories import DialogueSessionFactory, MessageFactory, RoomFactory

pytestmark = pytest.mark.django_db


def in_role(name: str, two_step: bool = True):
    user = UserFactory(two_step=two_step)
    user.groups.add(Group.objects.get_or_create(name=name)[0])
    return user


@pytest.fixture
def rooms():
    org = OrganizationFactory()
    private = DialogueSessionFactory(organiser=org, visibility=Visibility.PRIVATE)
    return {
        "org": org,
        "public": RoomFactory(),
        "members": RoomFactory(visibility=Visibility.MEMBERS),
        "private": RoomFactory(session=private),
        "session": private,
        "participant": MembershipFactory(organization=org).user,
        "outsider_member": MembershipFactory().user,
    }


def test_read_room(rooms) -> None:
    anonymous, resident = AnonymousUser(), UserFactory()
    assert anonymous.has_perm("dialogue.read_room", rooms["public"])
    assert not anonymous.has_perm("dialogue.read_room", rooms["members"])
    assert not resident.has_perm("dialogue.read_room", rooms["members"])
    assert rooms["outsider_member"].has_perm("dialogue.read_room", rooms["members"])
    assert not rooms["outsider_member"].has_perm("dialogue.read_room", rooms["private"])
    assert rooms["participant"].has_perm("dialogue.read_room", rooms["private"])
    assert in_role(roles.MODERATORS).has_perm("dialogue.read_room", rooms["private"])


def test_read_room_follows_the_session_not_the_rooms_own_setting(rooms) -> None:
    room = rooms["private"]
    type(room).objects.filter(pk=room.pk).update(visibility=Visibility.PUBLIC)
    room.refresh_from_db()
    assert room.visibility == Visibility.PUBLIC  # a stale or tampered copy ...
    assert not AnonymousUser().has_perm("dialogue.read_room", room)  # ... never counts
    room.visibility = Visibility.PUBLIC
    room.save()
    assert room.visibility == Visibility.PRIVATE
    assert room.summary()["visibility"] == "private"


def test_a_session_change_reaches_its_room(rooms) -> None:
    session = rooms["session"]
    session.status = DialogueSession.Status.CLOSED
    session.visibility = Visibility.MEMBERS
    session.save()
    room = type(rooms["private"]).objects.get(pk=rooms["private"].pk)
    assert (room.visibility, room.read_only, room.is_read_only) == ("members", True, True)
    session.status = DialogueSession.Status.LIVE
    session.save()
    room.refresh_from_db()
    assert room.is_read_only is False


def test_a_standing_room_keeps_its_own_read_only_flag() -> None:
    assert RoomFactory(read_only=True).is_read_only
    assert not RoomFactory().is_read_only


def test_see_session(rooms) -> None:
    assert not AnonymousUser().has_perm("dialogue.see_session", rooms["session"])
    assert rooms["participant"].has_perm("dialogue.see_session", rooms["session"])
    assert not rooms["outsider_member"].has_perm("dialogue.see_session", rooms["session"])


@pytest.mark.parametrize("permission", ["dialogue.post_in_room", "dialogue.react_in_room"])
def test_post_and_react_need_an_active_account_that_can_read(rooms, permission) -> None:
    assert not AnonymousUser().has_perm(permission, rooms["public"])
    resident = UserFactory()
    assert resident.has_perm(permission, rooms["public"])
    assert not resident.has_perm(permission, rooms["members"])
    resident.is_active = False
    assert not resident.has_perm(permission, rooms["public"])


def test_moderate_room_is_the_role_without_two_step(rooms) -> None:
    assert in_role(roles.MODERATORS, two_step=False).has_perm(
        "dialogue.moderate_room", rooms["private"]
    )
    assert in_role(roles.CITY_STAFF).has_perm("dialogue.moderate_room", rooms["public"])
    assert not in_role(roles.LEADERSHIP).has_perm("dialogue.moderate_room", rooms["public"])
    assert not rooms["participant"].has_perm("dialogue.moderate_room", rooms["private"])


@pytest.mark.parametrize(
    "permission", ["dialogue.hide_message", "dialogue.unhide_message", "dialogue.remove_message"]
)
def test_moderation_powers_need_two_step(rooms, permission) -> None:
    room = rooms["public"]
    assert in_role(roles.MODERATORS).has_perm(permission, room)
    assert in_role(roles.CITY_STAFF).has_perm(permission, room)
    assert not in_role(roles.MODERATORS, two_step=False).has_perm(permission, room)
    assert not in_role(roles.CITY_STAFF, two_step=False).has_perm(permission, room)
    assert not in_role(roles.LEADERSHIP).has_perm(permission, room)
    assert not UserFactory(two_step=True).has_perm(permission, room)
    # A message stands for its room.
    assert in_role(roles.MODERATORS).has_perm(permission, MessageFactory(room=room))


def test_acknowledge_in_room_is_the_role(rooms) -> None:
    assert in_role(roles.LEADERSHIP, two_step=False).has_perm(
        "dialogue.acknowledge_in_room", rooms["public"]
    )
    assert not in_role(roles.MODERATORS).has_perm("dialogue.acknowledge_in_room", rooms["public"])


def test_acknowledge_message_needs_two_step(rooms) -> None:
    room = rooms["members"]
    mayor = in_role(roles.LEADERSHIP)
    MembershipFactory(user=mayor, title="市長", role=Membership.Role.MEMBER)
    assert mayor.has_perm("dialogue.acknowledge_message", room)
    assert not in_role(roles.LEADERSHIP, two_step=False).has_perm(
        "dialogue.acknowledge_message", room
    )
    assert not in_role(roles.CITY_STAFF).has_perm("dialogue.acknowledge_message", room)
    # Leadership reads private sessions only when invited, and acknowledges only there.
    assert not mayor.has_perm("dialogue.acknowledge_message", rooms["private"])


def test_schedule_session() -> None:
    assert in_role(roles.CITY_STAFF).has_perm("dialogue.schedule_session")
    assert not in_role(roles.MODERATORS).has_perm("dialogue.schedule_session")
    assert not in_role(roles.LEADERSHIP).has_perm("dialogue.schedule_session")
    assert not UserFactory().has_perm("dialogue.schedule_session")

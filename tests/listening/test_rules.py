"""Who may read and change maps: one test per permission, then the matrix of roles."""

from __future__ import annotations

import pytest

from django.contrib.auth.models import AnonymousUser

from listening import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def maps(people):
    return {
        "public_room": services.create_map(
            title="公開", source_kind="room", room=people.public_room, published=True
        ),
        "private_room": services.create_map(
            title="非公開", source_kind="room", room=people.private_room, published=True
        ),
        "private_session": services.create_map(
            title="セッション", source_kind="session", session=people.session, published=True
        ),
        "unpublished": services.create_map(
            title="下書き", source_kind="room", room=people.public_room, published=False
        ),
        "csv": services.create_map(title="パブコメ", source_kind="csv", published=True),
    }


def who(people, role):
    return AnonymousUser() if role == "anonymous" else getattr(people, role)


VIEW = {
    # role:          public_room, private_room, private_session, unpublished, csv
    "staff": (True, True, True, True, True),
    "participant": (True, True, True, False, True),
    "moderator": (True, True, True, False, True),  # moderators read every room already
    "other_member": (True, False, False, False, True),
    "outsider": (True, False, False, False, True),
    "anonymous": (True, False, False, False, True),
}


@pytest.mark.parametrize("role", list(VIEW))
def test_view_matrix(people, maps, role):
    user = who(people, role)
    got = tuple(
        user.has_perm("listening.view_opinionmap", maps[k])
        for k in ("public_room", "private_room", "private_session", "unpublished", "csv")
    )
    assert got == VIEW[role]


@pytest.mark.parametrize("role", list(VIEW))
def test_only_staff_create_and_change(people, maps, role):
    user = who(people, role)
    expected = role == "staff"
    assert user.has_perm("listening.add_opinionmap") is expected
    assert user.has_perm("listening.change_opinionmap", maps["csv"]) is expected
    assert user.has_perm("listening.change_group", maps["csv"]) is expected


def test_view_of_nothing_is_refused(people):
    assert not people.staff.has_perm("listening.view_opinionmap", None)


def test_an_inactive_participant_loses_the_private_map(people, maps):
    people.participant.is_active = False
    people.participant.save()
    assert not people.participant.has_perm("listening.view_opinionmap", maps["private_room"])


def test_invited_person_reads_the_private_session_map(people, maps):
    from tests.members.factories import UserFactory

    guest = UserFactory()
    people.session.invited.add(guest)
    assert guest.has_perm("listening.view_opinionmap", maps["private_session"])
    assert guest.has_perm("listening.view_opinionmap", maps["private_room"])


def test_a_map_of_an_unregistered_source_is_hidden(people, maps):
    m = maps["csv"]
    m.source_kind = "gone"
    assert not people.outsider.has_perm("listening.view_opinionmap", m)
    assert people.staff.has_perm("listening.view_opinionmap", m)

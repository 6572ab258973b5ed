"""Mentions and replies notify exactly the people who can read the room, in a fixed number
of queries however many are told."""

from __future__ import annotations

import itertools

import pytest

from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext

from dialogue import reading, services
from dialogue.notify import MAX_MENTIONS
from members.models import User
from notifications.models import Notification
from tests.dialogue.factories import MessageFactory
from tests.members.factories import UserFactory

pytestmark = pytest.mark.django_db


_ids = itertools.count()


def post(room, user, body, **kwargs):
    message, _ = services.post_message(
        room, user, services.access_for(user, room), client_id=f"c{next(_ids)}", body=body, **kwargs
    )
    return message


def told(kind="mention"):
    return set(Notification.objects.filter(kind=kind).values_list("recipient__email", flat=True))


def test_a_mention_notifies_the_person_named(world) -> None:
    MessageFactory(room=world.public, author=world.outsider)
    message = post(world.public, world.member, "@部外 者 さん、どう思いますか")
    note = Notification.objects.get(kind="mention")
    assert note.recipient == world.outsider
    assert note.actor == world.member
    assert note.url == f"/dialogue/rooms/open-forum/#msg-{message.pk}"
    assert "どう思いますか" in note.excerpt


def test_a_picked_person_who_never_wrote_can_be_mentioned(world) -> None:
    post(world.public, world.member, "@部外 者 さん", mentions=[world.outsider.pk])
    assert told() == {world.outsider.email}


@pytest.mark.parametrize("mentions", [[True], ["1"], [-1], [2**60], list(range(1, 60)), "1,2"])
def test_hostile_mentions_are_refused(world, mentions) -> None:
    with pytest.raises(services.DialogueError) as refused:
        post(world.public, world.member, "@x", mentions=mentions)
    assert refused.value.code == "invalid"
    assert not Notification.objects.filter(kind="mention").exists()


@pytest.mark.parametrize("room_name", ["members", "private"])
def test_nobody_hears_of_a_room_they_cannot_read(world, room_name) -> None:
    room = getattr(world, room_name)
    # The outsider is named (picked) but may not read a members-only or private room.
    post(
        room,
        world.moderator,
        "@部外 者 @山田 花子",
        mentions=[world.outsider.pk, world.member.pk],
    )
    assert world.outsider.email not in told()
    assert world.member.email in told()


def test_the_private_room_s_invited_guest_is_told(world) -> None:
    post(world.private, world.member, "@招待 さん", mentions=[world.invited.pk])
    assert told() == {world.invited.email}


def test_mentioning_yourself_or_an_inactive_account_tells_nobody(world) -> None:
    gone = UserFactory(display_name="退会 者", is_active=False)
    post(world.public, world.member, "@山田 花子 @退会 者", mentions=[world.member.pk, gone.pk])
    assert told() == set()


def test_a_mass_mention_is_capped(world) -> None:
    people = [UserFactory(display_name=f"人{i:02d}") for i in range(MAX_MENTIONS + 5)]
    body = " ".join(f"@人{i:02d}" for i in range(len(people)))
    post(world.public, world.member, body, mentions=[p.pk for p in people])
    assert len(told()) == MAX_MENTIONS


def test_a_reply_tells_the_author_of_the_original(world) -> None:
    parent = MessageFactory(room=world.public, author=world.outsider)
    post(world.public, world.member, "同感です", reply_to=parent.pk)
    assert told("reply") == {world.outsider.email}
    post(world.public, world.outsider, "ありがとう", reply_to=parent.pk)  # own message: no one
    assert Notification.objects.filter(kind="reply").count() == 1


def test_plain_messages_cost_no_notification_query(world, django_assert_num_queries) -> None:
    access = services.access_for(world.member, world.public)
    services.speaking_orgs(world.member)
    reading.ruby_html("<p>漢字</p>")  # furigana's glossary of names: read once per process
    with django_assert_num_queries(6):
        services.post_message(world.public, world.member, access, client_id="q", body="ただの話")


def test_a_fan_out_to_500_costs_what_a_fan_out_to_5_costs(
    world, django_capture_on_commit_callbacks
) -> None:
    """Stored, counted for the live bell and e-mailed (the immediate task backend runs the
    mail task in the same thread), all in the same number of queries. The people are members
    of an organisation and the room is members-only, so the readers' filter is exercised."""
    from dialogue import notify
    from notifications import kinds
    from notifications.services import notify as tell
    from tests.members.factories import MembershipFactory, OrganizationFactory

    results = {}
    for n in (5, 500):
        org = OrganizationFactory()
        ids = [MembershipFactory(organization=org).user.pk for _ in range(n)]
        outsiders = [UserFactory().pk for _ in range(3)]  # cannot read the room
        message = MessageFactory(room=world.members, author=world.moderator, body="全員へ")
        with (
            CaptureQueriesContext(connection) as queries,
            django_capture_on_commit_callbacks(execute=True),
        ):
            tell(
                kinds.MENTION.slug,
                User.objects.filter(Q(memberships__organization=org) | Q(pk__in=outsiders)),
                title=world.members.title,
                url=notify.message_url(message),
                actor=world.moderator,
                target=message,
                visible_to=notify._room_audience(world.members),
            )
        results[n] = len(queries.captured_queries)
        assert Notification.objects.filter(kind="mention", recipient__in=ids).count() == n
        assert not Notification.objects.filter(recipient__in=outsiders).exists()
        assert Notification.objects.filter(recipient__in=ids, emailed_at__isnull=False).count() == n
    assert results[5] == results[500], results


def test_the_readers_filter_agrees_with_read_room_for_every_role_and_room(world) -> None:
    """dialogue.rules.readers_of_room is the query form of dialogue.read_room: checked for
    every person of the world (each role) in every kind of room, plus a superuser and city
    staff; a deactivated member is never a reader."""
    from django.contrib.auth.models import Group

    from dialogue.rules import readers_of_room
    from members import roles
    from members.rules import forget
    from tests.members.factories import MembershipFactory

    staff = UserFactory()
    staff.groups.add(Group.objects.get_or_create(name=roles.CITY_STAFF)[0])
    inactive = MembershipFactory(organization=world.org).user
    inactive.is_active = False
    inactive.save()
    people = [
        world.member,
        world.outsider,
        world.other_member,
        world.moderator,
        world.mayor,
        world.invited,
        staff,
        UserFactory(is_superuser=True),
    ]
    rooms = [world.public, world.members, world.private, world.closed, world.other_public]
    for room in rooms:
        readers = set(User.objects.filter(readers_of_room(room)).values_list("pk", flat=True))
        # Stricter than the permission: a deactivated account (who cannot sign in) is never told.
        assert inactive.pk not in readers
        for person in people:
            forget(person)
            assert (person.pk in readers) == person.has_perm("dialogue.read_room", room), (
                room.slug,
                person.public_name,
            )

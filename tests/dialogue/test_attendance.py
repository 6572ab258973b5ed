"""Attendance recorded from the room: first join, and time present counted once however
many tabs a person has open (dialogue/attendance.py, called from the consumer)."""

from __future__ import annotations

import datetime as dt

import pytest
from asgiref.sync import sync_to_async

from django.utils import timezone

from dialogue import attendance
from dialogue.models import Attendance, DialogueSession
from tests.dialogue.conftest import open_socket
from tests.dialogue.factories import DialogueSessionFactory, RoomFactory

pytestmark = pytest.mark.django_db(transaction=True)

T0 = dt.datetime(2026, 10, 20, 5, 0, tzinfo=dt.UTC)


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def at(self, seconds: int) -> None:
        self.now = T0 + dt.timedelta(seconds=seconds)


@pytest.fixture
def clock(monkeypatch) -> Clock:
    clock = Clock()
    monkeypatch.setattr(attendance, "_now", lambda: clock.now)
    return clock


@sync_to_async
def live_room(slug: str = "live-session", **fields):
    fields.setdefault("status", DialogueSession.Status.LIVE)
    session = DialogueSessionFactory(**fields)
    RoomFactory(slug=slug, session=session)
    return session


@sync_to_async
def record(session, user) -> Attendance | None:
    return Attendance.objects.filter(session=session, user=user).first()


async def test_two_tabs_and_a_reconnect_count_the_time_once(world, join, clock) -> None:
    session = await live_room()
    first, _ = await join("live-session", world.member)
    clock.at(60)
    second, _ = await join("live-session", world.member)
    stored = await record(session, world.member)
    assert stored.first_joined_at == T0
    assert stored.open_connections == 2
    clock.at(120)
    await first.close()
    stored = await record(session, world.member)
    assert (stored.open_connections, stored.seconds_present) == (1, 0)
    clock.at(300)
    await second.close()
    stored = await record(session, world.member)
    assert (stored.open_connections, stored.seconds_present) == (0, 300)
    # Back later: the gap is not counted, the first join stays.
    clock.at(600)
    again, _ = await join("live-session", world.member)
    clock.at(660)
    await again.close()
    stored = await record(session, world.member)
    assert (stored.seconds_present, stored.first_joined_at) == (360, T0)
    assert await sync_to_async(Attendance.objects.count)() == 1


async def test_anonymous_readers_and_other_rooms_record_nothing(world, join, clock) -> None:
    await live_room()
    anonymous, _ = await join("live-session")
    standing, _ = await join("open-forum", world.member)  # no session
    transcript, _ = await join("closed-room", world.member)  # a closed session's transcript
    scheduled = await sync_to_async(DialogueSessionFactory)()  # starts in three days
    await sync_to_async(RoomFactory)(slug="later", session=scheduled)
    early, _ = await join("later", world.member)
    for conn in (anonymous, standing, transcript, early):
        await conn.close()
    assert await sync_to_async(Attendance.objects.count)() == 0


async def test_joining_shortly_before_a_scheduled_start_counts(world, join, clock) -> None:
    soon = timezone.now() + dt.timedelta(minutes=10)
    session = await live_room(
        slug="soon",
        status=DialogueSession.Status.SCHEDULED,
        starts_at=soon,
        ends_at=soon + dt.timedelta(hours=1),
    )
    conn, _ = await join("soon", world.member)
    await conn.close()
    assert (await record(session, world.member)).first_joined_at == T0


async def test_a_refused_socket_records_nothing(world, clock) -> None:
    session = await live_room(slug="private-live", visibility="private")
    communicator, connected, _ = await open_socket("private-live", world.outsider)
    assert connected
    assert (await communicator.receive_output(timeout=3))["code"] == 4403
    await communicator.wait(timeout=1)
    assert await record(session, world.outsider) is None


async def test_in_person_first_then_online_keeps_both(world, join, clock) -> None:
    session = await live_room()
    await sync_to_async(attendance.add_in_person)(session, world.member, world.moderator)
    conn, _ = await join("live-session", world.member)
    clock.at(90)
    await conn.close()
    stored = await record(session, world.member)
    assert (stored.in_person, stored.first_joined_at, stored.seconds_present) == (True, T0, 90)
    assert stored.added_by_id == world.moderator.pk


def test_a_leave_without_a_join_changes_nothing(world) -> None:
    session = DialogueSessionFactory(status=DialogueSession.Status.LIVE)
    attendance.left(session.pk, world.member.pk)
    attendance.add_in_person(session, world.member, world.moderator)
    attendance.left(session.pk, world.member.pk)
    stored = Attendance.objects.get()
    assert (stored.open_connections, stored.seconds_present) == (0, 0)

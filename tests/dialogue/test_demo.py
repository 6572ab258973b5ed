"""The demo data: the rooms the other tests and the benchmark rely on, idempotent."""

from __future__ import annotations

import pytest

from dialogue import demo
from dialogue.models import Acknowledgement, Attendance, DialogueSession, Message, Reaction, Room
from members import demo as members_demo

pytestmark = pytest.mark.django_db


def test_seed_twice_gives_the_same_rooms_and_transcript() -> None:
    members_demo.seed("pw-for-tests-only", lambda _: None)
    demo.seed(lambda _: None)
    counts = (Room.objects.count(), Message.objects.count(), Reaction.objects.count())
    demo.seed(lambda _: None)
    assert (Room.objects.count(), Message.objects.count(), Reaction.objects.count()) == counts

    forum = Room.objects.get(slug="open-forum")
    assert forum.visibility == "public"
    assert forum.session.status == DialogueSession.Status.LIVE
    assert not forum.is_read_only
    assert Room.objects.get(slug="wg-agri-data").visibility == "members"
    closed = Room.objects.get(session__status=DialogueSession.Status.CLOSED)
    assert closed.is_read_only
    transcript = closed.messages.all()
    assert transcript.filter(reply_to__isnull=False).exists()
    assert transcript.filter(as_org__isnull=False).exists()
    assert Reaction.objects.filter(message__room=closed).exists()
    ack = Acknowledgement.objects.get(
        user__email="mayor@example.jp", message__author__email="resident@example.jp"
    )
    assert ack.title == "市長"
    assert DialogueSession.objects.filter(status=DialogueSession.Status.SCHEDULED).exists()
    assert all("<script" not in m.html for m in Message.objects.all())


def test_the_demo_accounts_find_notifications_waiting_and_reseeding_adds_none(
    django_capture_on_commit_callbacks,
) -> None:
    from django.core import mail

    from notifications.models import Notification

    members_demo.seed("pw-for-tests-only", lambda _: None)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        demo.seed(lambda _: None)
    assert callbacks  # the mail tasks ran, and found nothing to send
    resident = set(
        Notification.objects.filter(recipient__email="resident@example.jp").values_list(
            "kind", flat=True
        )
    )
    assert {"reply", "session_invitation"} <= resident
    assert Notification.objects.filter(kind="mention").exists()
    assert mail.outbox == []  # loading the demo e-mails nobody
    count = Notification.objects.count()
    demo.seed(lambda _: None)
    assert Notification.objects.count() == count


def test_the_closed_session_has_its_attendance() -> None:
    members_demo.seed("pw-for-tests-only", lambda _: None)
    demo.seed(lambda _: None)
    demo.seed(lambda _: None)
    closed = DialogueSession.objects.get(status=DialogueSession.Status.CLOSED)
    records = Attendance.objects.filter(session=closed)
    speakers = set(Message.objects.filter(room__session=closed).values_list("author", flat=True))
    assert set(records.values_list("user", flat=True)) == speakers
    mayor = records.get(user__email="mayor@example.jp")
    assert mayor.in_person and mayor.added_by.email == "staff@example.jp"
    assert records.filter(in_person=False, seconds_present__gt=0).count() == len(speakers) - 1
    assert all(r.open_connections == 0 for r in records)

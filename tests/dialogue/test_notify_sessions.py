"""Invitations (with the .ics), reminders half an hour before, and proposal news: each told
only to people who may see the session or proposal."""

from __future__ import annotations

import datetime as dt

import pytest

from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from dialogue.models import DialogueSession, Visibility
from notifications.models import Notification
from tests.dialogue.factories import DialogueSessionFactory
from tests.members.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_an_invitation_is_mailed_with_the_session_s_ics(django_capture_on_commit_callbacks):
    start = timezone.now() + dt.timedelta(days=3)
    session = DialogueSessionFactory(
        title="第7回 対話", starts_at=start, ends_at=start + dt.timedelta(hours=1)
    )
    guest = UserFactory(preferred_language="en")
    with django_capture_on_commit_callbacks(execute=True):
        session.invited.add(guest)
    note = Notification.objects.get(recipient=guest)
    assert note.kind == "session_invitation" and note.url == f"/dialogue/sessions/{session.pk}/"
    message = mail.outbox[-1]
    assert message.subject == "You are invited to the session “第7回 対話”"
    (name, content, mimetype) = message.attachments[0]
    assert name == f"session-{session.pk}.ics" and mimetype == "text/calendar"
    content = content.decode() if isinstance(content, bytes) else content
    assert "BEGIN:VEVENT" in content and "第7回 対話" in content
    # Added again (the admin saves the whole list): not told twice.
    with django_capture_on_commit_callbacks(execute=True):
        session.invited.remove(guest)
        session.invited.add(guest)
    assert Notification.objects.filter(recipient=guest).count() == 1


def test_nobody_is_invited_to_a_session_that_is_over() -> None:
    session = DialogueSessionFactory(status=DialogueSession.Status.CLOSED)
    session.invited.add(UserFactory())
    assert not Notification.objects.exists()


def test_reminders_go_to_participants_once_half_an_hour_before(world) -> None:
    soon = timezone.now() + dt.timedelta(minutes=20)
    session = DialogueSessionFactory(
        organiser=world.org,
        visibility=Visibility.PRIVATE,
        starts_at=soon,
        ends_at=soon + dt.timedelta(hours=1),
    )
    session.organisations.add(world.other_org)
    session.invited.add(world.invited)
    later = timezone.now() + dt.timedelta(hours=3)
    DialogueSessionFactory(organiser=world.org, starts_at=later, ends_at=later)
    Notification.objects.all().delete()
    call_command("session_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("session_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115
    told = set(
        Notification.objects.filter(kind="session_reminder").values_list("recipient", flat=True)
    )
    assert told == {world.member.pk, world.other_member.pk, world.invited.pk}
    assert world.outsider.pk not in told

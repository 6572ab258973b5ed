"""Every notification kind, told through the code path that really tells it, follows each
person's per-kind choice: "immediately" e-mails it once now and never again in a digest,
"daily" e-mails nothing now and puts it in the next digest, "never" e-mails nothing. The
in-app notification exists whatever the choice."""

from __future__ import annotations

import datetime as dt
import itertools
from types import SimpleNamespace

import pytest

from django.core import mail
from django.utils import timezone

from cms.models import PilotIndexPage, ReportIndexPage, SessionReportPage
from dialogue import notify as telling
from dialogue import services as dialogue_services
from dialogue.models import Attendance, DialogueSession, Outcome, Visibility
from dialogue.models import ProposalStatus as S
from dialogue.proposals import services as proposal_services
from members import roles
from members.models import Membership
from notifications import kinds
from notifications import mail as notification_mail
from notifications.models import Follow, Notification, Preference
from tests.cms.pilots.factories import PilotPageFactory
from tests.dialogue.factories import DialogueSessionFactory, MessageFactory, RoomFactory
from tests.dialogue.proposals.factories import ProposalFactory
from tests.members.factories import MembershipFactory, OrganizationFactory, UserFactory, in_group

pytestmark = pytest.mark.django_db

_ids = itertools.count()


@pytest.fixture
def cast(db):
    org = OrganizationFactory(slug="chamber", name="商工会")
    return SimpleNamespace(
        org=org,
        person=MembershipFactory(
            organization=org,
            user=UserFactory(display_name="受け 取る人", preferred_language="en"),
            role=Membership.Role.REPRESENTATIVE,
        ).user,
        actor=UserFactory(display_name="山田 花子"),
        moderator=in_group(UserFactory(display_name="佐藤 健一", two_step=True), roles.MODERATORS),
        room=RoomFactory(slug="open-forum", title="公開ルーム", visibility=Visibility.PUBLIC),
    )


def _post(cast, **kwargs):
    room = cast.room
    message, _created = dialogue_services.post_message(
        room,
        cast.actor,
        dialogue_services.access_for(cast.actor, room),
        client_id=f"c{next(_ids)}",
        **kwargs,
    )
    return message


def mention(cast, request) -> None:
    _post(cast, body="@受け 取る人 さん、どう思いますか", mentions=[cast.person.pk])


def reply(cast, request) -> None:
    parent = MessageFactory(room=cast.room, author=cast.person)
    _post(cast, body="賛成です", reply_to=parent.pk)


def proposal_status(cast, request) -> None:
    proposal = ProposalFactory(author=cast.person, status=S.SUBMITTED, published_at=None)
    proposal_services.publish_proposal(proposal, cast.moderator)


def proposal_comment(cast, request) -> None:
    proposal = ProposalFactory(author=cast.person)
    proposal_services.post_comment(proposal, cast.actor, body="良い提案ですね")


def followed_update(cast, request) -> None:
    proposal = ProposalFactory(author=cast.actor)
    Follow.objects.create(user=cast.person, target=f"proposal:{proposal.pk}")
    proposal_services.post_comment(proposal, cast.moderator, body="検討します")


def pilot_update(cast, request) -> None:
    home = request.getfixturevalue("home_pages")
    index = home.add_child(instance=PilotIndexPage(title="実証実験", slug="pilots"))
    index.save_revision().publish()
    pilot = PilotPageFactory(parent=index)
    Follow.objects.create(user=cast.person, target=f"pilot:{pilot.translation_key}")
    pilot.summary = "結果を公開しました。"
    pilot.save_revision().publish()


def session_invitation(cast, request) -> None:
    session = DialogueSessionFactory(organiser=OrganizationFactory())
    session.invited.add(cast.person)


def session_reminder(cast, request) -> None:
    starts = timezone.now() + dt.timedelta(minutes=20)
    DialogueSessionFactory(
        organiser=cast.org, starts_at=starts, ends_at=starts + dt.timedelta(hours=1)
    )
    assert telling.remind_upcoming() == 1


def report_published(cast, request) -> None:
    home = request.getfixturevalue("home_pages")
    index = home.add_child(instance=ReportIndexPage(title="報告書", slug="reports"))
    index.save_revision().publish()
    session = DialogueSessionFactory(
        organiser=cast.org, status=DialogueSession.Status.CLOSED, visibility=Visibility.PUBLIC
    )
    Attendance.objects.create(session=session, user=cast.person, seconds_present=600)
    page = index.add_child(
        instance=SessionReportPage(
            title="報告: 第3回",
            slug="session-report",
            session=session,
            held_on=dt.date.today(),
            live=False,
        )
    )
    page.save_revision().publish()


def action_due(cast, request) -> None:
    session = DialogueSessionFactory(organiser=cast.org, visibility=Visibility.PUBLIC)
    Outcome.objects.create(
        session=session,
        kind="action",
        text="候補の店舗を一覧にする",
        owner=cast.org,
        due_on=timezone.localdate() + dt.timedelta(days=2),
    )
    assert telling.remind_due_actions() == 1


TRIGGERS = {
    f.__name__: f
    for f in (
        mention,
        reply,
        proposal_status,
        proposal_comment,
        followed_update,
        pilot_update,
        session_invitation,
        session_reminder,
        report_published,
        action_due,
    )
}


def test_every_registered_kind_is_audited() -> None:
    assert set(TRIGGERS) == {kind.slug for kind in kinds.all_kinds()}


def _mails_to(person) -> list:
    return [m for m in mail.outbox if m.to == [person.email]]


@pytest.mark.parametrize("delivery", [kinds.IMMEDIATELY, kinds.DAILY, kinds.NEVER])
@pytest.mark.parametrize("kind", sorted(TRIGGERS))
def test_each_kind_follows_the_person_s_choice(
    cast, kind, delivery, request, django_capture_on_commit_callbacks
) -> None:
    Preference.objects.create(user=cast.person, kind=kind, delivery=delivery)
    with django_capture_on_commit_callbacks(execute=True):
        TRIGGERS[kind](cast, request)

    told = Notification.objects.get(recipient=cast.person)  # in the centre, whatever the choice
    assert told.kind == kind
    now = _mails_to(cast.person)
    if delivery == kinds.IMMEDIATELY:
        assert len(now) == 1, [m.subject for m in now]
        assert told.emailed_at is not None and not told.email_pending
        headers = now[0].extra_headers
        assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert "/notifications/unsubscribe/" in headers["List-Unsubscribe"]
        attached = [name for name, _content, _type in now[0].attachments]
        assert attached == (
            [f"session-{told.target_id}.ics"] if kind == "session_invitation" else []
        )
    else:
        assert now == []

    mail.outbox.clear()
    notification_mail.send_digests()
    digests = _mails_to(cast.person)
    if delivery == kinds.DAILY:
        assert len(digests) == 1
        assert f"/notifications/{told.pk}/" in digests[0].body
        assert "1 new notification" in digests[0].subject  # in the person's language
    else:
        assert digests == []  # never repeats what was e-mailed now; never means never

    # A second run sends nothing again.
    mail.outbox.clear()
    notification_mail.send_digests()
    assert _mails_to(cast.person) == []


def test_a_status_mail_the_server_refused_is_retried_and_not_repeated(
    cast, request, settings, django_capture_on_commit_callbacks
) -> None:
    """The proposal's own status e-mail is the kind's immediate e-mail; when the mail server
    fails, the ordinary retries send it (once), and no digest repeats it."""
    from django.core.management import call_command

    Preference.objects.create(user=cast.person, kind="proposal_status", delivery="immediately")
    settings.EMAIL_BACKEND = "tests.notifications.test_mail.FailingBackend"
    with django_capture_on_commit_callbacks(execute=True):
        proposal_status(cast, request)
    told = Notification.objects.get(recipient=cast.person)
    assert told.email_pending and told.emailed_at is None  # in the centre, waiting to be sent

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("send_notifications", stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("send_notifications", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert len(_mails_to(cast.person)) == 1
    told.refresh_from_db()
    assert told.emailed_at is not None and not told.email_pending
    mail.outbox.clear()
    notification_mail.send_digests()
    assert _mails_to(cast.person) == []

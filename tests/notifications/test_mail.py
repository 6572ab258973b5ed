"""E-mail by preference: at once, in a daily digest or never; in the recipient's language,
text and HTML, with RFC 8058 one-click unsubscribe; a failing mail server retried."""

from __future__ import annotations

import smtplib

import pytest

from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command

from notifications import mail as notification_mail
from notifications import tokens
from notifications.models import Notification, Preference
from notifications.services import notify
from tests.members.factories import UserFactory

pytestmark = pytest.mark.django_db


class FailingBackend(BaseEmailBackend):
    def send_messages(self, messages):
        raise smtplib.SMTPServerDisconnected("the mail server went away")


def tell(kind, people, **kwargs):
    return notify(
        kind,
        [p.pk for p in people],
        title=kwargs.pop("title", "公開ルーム"),
        url=kwargs.pop("url", "/dialogue/rooms/open-forum/"),
        **kwargs,
    )


@pytest.fixture
def people():
    return (
        UserFactory(display_name="日本 語子", preferred_language="ja"),
        UserFactory(display_name="Eng Lish", preferred_language="en"),
    )


def test_an_immediate_kind_is_mailed_once_in_each_recipient_s_language(
    people, django_capture_on_commit_callbacks
) -> None:
    actor = UserFactory(display_name="山田 花子")
    with django_capture_on_commit_callbacks(execute=True):
        tell("mention", people, actor=actor, excerpt="ご意見をください")
    assert len(mail.outbox) == 2
    by_to = {m.to[0]: m for m in mail.outbox}
    ja, en = by_to[people[0].email], by_to[people[1].email]
    assert ja.subject == "山田 花子 さんが「公開ルーム」であなたをメンションしました"
    assert en.subject == "山田 花子 mentioned you in 公開ルーム"
    for message in (ja, en):
        html = message.alternatives[0][0]
        assert message.alternatives[0][1] == "text/html"
        assert "ご意見をください" in message.body and "ご意見をください" in html
        assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        link = message.extra_headers["List-Unsubscribe"].strip("<>")
        assert link.startswith("http") and "/notifications/unsubscribe/" in link
        assert message.to[0] not in link  # the token is opaque: no address in it
    assert not Notification.objects.filter(email_pending=True).exists()
    assert Notification.objects.filter(emailed_at__isnull=False).count() == 2


def test_never_and_daily_send_nothing_now(people, django_capture_on_commit_callbacks) -> None:
    Preference.objects.create(user=people[0], kind="mention", delivery="never")
    Preference.objects.create(user=people[1], kind="mention", delivery="daily")
    with django_capture_on_commit_callbacks(execute=True):
        tell("mention", people)
    assert mail.outbox == []
    assert Notification.objects.count() == 2  # both still in the centre


def test_a_digest_holds_exactly_the_unread_items_never_mailed(
    people, django_capture_on_commit_callbacks
) -> None:
    ja, en = people
    Preference.objects.create(user=ja, kind="proposal_comment", delivery="daily")
    Preference.objects.create(user=ja, kind="reply", delivery="never")
    with django_capture_on_commit_callbacks(execute=True):
        tell("mention", [ja], title="即時の件")  # immediate: mailed now
        tell("proposal_comment", [ja], title="日次その一")  # daily
        tell("pilot_update", [ja], title="日次その二")  # daily by default
        tell("pilot_update", [ja], title="既読の件")  # daily but read
        tell("reply", [ja], title="受け取らない件")  # never
    Notification.objects.filter(title="既読の件").update(read_at="2026-11-01T00:00:00Z")
    mail.outbox.clear()

    call_command("send_digests", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert len(mail.outbox) == 1
    digest = mail.outbox[0]
    assert digest.to == [ja.email]
    assert "日次その一" in digest.body and "日次その二" in digest.body
    for absent in ("即時の件", "既読の件", "受け取らない件"):
        assert absent not in digest.body
    assert digest.subject == "新しい通知 2 件"
    assert digest.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    mail.outbox.clear()
    call_command("send_digests", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert mail.outbox == []


def test_a_failing_mail_server_keeps_the_notification_and_is_retried(
    people, settings, django_capture_on_commit_callbacks
) -> None:
    settings.EMAIL_BACKEND = "tests.notifications.test_mail.FailingBackend"
    with django_capture_on_commit_callbacks(execute=True):
        tell("mention", people[:1])
    note = Notification.objects.get()
    assert (note.email_pending, note.email_attempts, note.emailed_at) == (True, 1, None)
    # Not in a digest while waiting for its own e-mail.
    assert not notification_mail.digest_items().exists()

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("send_notifications", stdout=open("/dev/null", "w"))  # noqa: SIM115
    note.refresh_from_db()
    assert len(mail.outbox) == 1
    assert note.email_pending is False and note.emailed_at is not None
    call_command("send_notifications", stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("send_digests", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert len(mail.outbox) == 1  # never repeated, neither alone nor in a digest


def test_retries_stop_after_a_few_attempts(people, settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "tests.notifications.test_mail.FailingBackend"
    with django_capture_on_commit_callbacks(execute=True):
        tell("mention", people[:1])
    for _ in range(notification_mail.MAX_ATTEMPTS):
        call_command("send_notifications", stdout=open("/dev/null", "w"))  # noqa: SIM115
    note = Notification.objects.get()
    assert note.email_pending is False and note.emailed_at is None
    assert note.email_attempts == notification_mail.MAX_ATTEMPTS


# --- RFC 8058 ----------------------------------------------------------------------------


def url(token: str) -> str:
    return f"/notifications/unsubscribe/{token}/"


def test_get_only_asks_and_a_bare_post_unsubscribes(client, people) -> None:
    person = people[1]
    token = tokens.make(person.pk, "mention")
    page = client.get(url(token))
    assert page.status_code == 200
    assert "Mentioned in a room" in page.content.decode()  # in the person's language
    assert not Preference.objects.exists()
    # The mail client's one click: no cookie, no CSRF token, just this body.
    response = client.post(url(token), "List-Unsubscribe=One-Click", content_type="text/plain")
    assert response.status_code == 200
    assert Preference.objects.get(user=person, kind="mention").delivery == "never"


def test_the_digest_unsubscribe_stops_every_daily_kind(client, people) -> None:
    person = people[0]
    Preference.objects.create(user=person, kind="mention", delivery="daily")
    client.post(url(tokens.make(person.pk, notification_mail.DIGEST)))
    chosen = dict(Preference.objects.filter(user=person).values_list("kind", "delivery"))
    assert chosen["mention"] == chosen["pilot_update"] == "never"
    assert "reply" not in chosen  # immediate kinds are left alone


@pytest.mark.parametrize(
    "make",
    [
        lambda p: tokens.make(p.pk, "mention")[:-2] + "xx",  # signature changed
        lambda p: tokens.make(p.pk + 1000, "mention"),  # no such person
        lambda p: tokens.make(p.pk, "no-such-kind"),
        lambda p: "not-a-token",
        lambda p: "%27%20OR%201%3D1--",
        lambda p: "<script>",
        lambda p: "x" * 2000,
        lambda p: __import__("django.core.signing").core.signing.dumps(
            [p.pk, "mention"], salt="another.purpose"
        ),
    ],
)
def test_a_tampered_link_is_refused_without_revealing_anything(client, people, make) -> None:
    person = people[1]
    token = make(person)
    for response in (client.get(url(token)), client.post(url(token))):
        assert response.status_code in {400, 404}
        body = response.content.decode()
        assert person.email not in body and person.public_name not in body
        assert "Mentioned in a room" not in body
    assert not Preference.objects.exists()

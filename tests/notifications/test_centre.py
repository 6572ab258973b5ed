"""The notification centre: the bell, the list, marking read; only one's own, in both languages."""

from __future__ import annotations

import re

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from notifications import services
from notifications.models import Notification
from tests.members.factories import UserFactory
from tests.notifications.factories import NotificationFactory

pytestmark = pytest.mark.django_db

HOSTILE = '<script>alert(1)</script>"><img src=x onerror=alert(1)> \u202e OR 1=1; --'


@pytest.fixture
def person():
    return UserFactory(display_name="受信 者")


def signed_in(client, user):
    client.force_login(user)
    return client


def test_the_bell_shows_the_unread_count(client, person) -> None:
    NotificationFactory.create_batch(3, recipient=person)
    NotificationFactory(recipient=person, read_at="2026-11-01T00:00:00Z")
    page = signed_in(client, person).get("/ja/notifications/").content.decode()
    bell = re.search(r'<a class="notification-bell".*?</a>', page, re.S)[0]
    assert '<span aria-hidden="true">3</span>' in bell
    assert "未読 3 件" in bell
    assert 'aria-live="polite"' in page


def test_anonymous_visitors_get_no_bell_and_are_sent_to_sign_in(client) -> None:
    page = client.get("/ja/dialogue/sessions/").content.decode()
    assert "data-notification-bell" not in page
    assert client.get("/ja/notifications/").status_code == 302


def test_the_list_escapes_what_others_wrote_and_pages(client, person) -> None:
    NotificationFactory.create_batch(30, recipient=person)
    actor = UserFactory(display_name=HOSTILE)
    NotificationFactory(recipient=person, actor=actor, title=HOSTILE, excerpt=HOSTILE)
    first = signed_in(client, person).get("/ja/notifications/").content.decode()
    assert "<script>alert" not in first and "<img src=x" not in first
    assert "&lt;script&gt;" in first
    assert first.count('class="notification ') + first.count('class="notification"') == 25
    assert 'rel="next"' in first
    second = client.get("/ja/notifications/?page=2").content.decode()
    assert 'rel="prev"' in second
    assert client.get("/ja/notifications/?page=' OR 1=1").status_code == 200


def test_opening_marks_read_and_goes_to_the_thing_in_the_reader_s_language(client, person):
    note = NotificationFactory(recipient=person, url="/dialogue/rooms/open-forum/#msg-3")
    response = signed_in(client, person).get(f"/en/notifications/{note.pk}/")
    assert response.status_code == 302
    assert response["Location"] == "/en/dialogue/rooms/open-forum/#msg-3"
    note.refresh_from_db()
    assert note.read_at is not None


def test_someone_else_s_notification_is_not_found_and_untouched(client, person) -> None:
    theirs = NotificationFactory()
    signed_in(client, person)
    for response in (
        client.get(f"/ja/notifications/{theirs.pk}/"),
        client.post(f"/ja/notifications/{theirs.pk}/read/"),
        client.get("/ja/notifications/999999/"),
    ):
        assert response.status_code == 404
        assert theirs.title not in response.content.decode()
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_mark_one_and_all_read(client, person) -> None:
    notes = NotificationFactory.create_batch(3, recipient=person)
    other = NotificationFactory()
    signed_in(client, person)
    response = client.post(
        f"/ja/notifications/{notes[0].pk}/read/", {"next": "https://evil.example/"}
    )
    assert response["Location"] == "/ja/notifications/"
    assert Notification.objects.filter(recipient=person, read_at__isnull=True).count() == 2
    client.post("/ja/notifications/read-all/", {"next": "/ja/notifications/?page=1"})
    assert not Notification.objects.filter(recipient=person, read_at__isnull=True).exists()
    other.refresh_from_db()
    assert other.read_at is None
    assert client.get("/ja/notifications/read-all/").status_code == 405


def test_the_centre_reads_in_english_too(client, person) -> None:
    NotificationFactory(recipient=person, kind="mention", actor=UserFactory(display_name="Ann"))
    page = signed_in(client, person).get("/en/notifications/").content.decode()
    assert "Ann mentioned you in" in page
    page = client.get("/ja/notifications/").content.decode()
    assert "Ann さんが「公開ルーム」であなたをメンションしました" in page


def test_preferences_save_and_refuse_hostile_values(client, person) -> None:
    signed_in(client, person)
    page = client.get("/ja/notifications/preferences/").content.decode()
    assert 'name="mention"' in page and 'name="report_published"' in page
    assert client.post("/ja/notifications/preferences/", {"mention": "never"}).status_code == 200
    assert person.notification_preferences.get(kind="mention").delivery == "never"
    response = client.post(
        "/ja/notifications/preferences/", {"reply": HOSTILE, "nonsense-kind": "never"}
    )
    assert response.status_code == 400
    assert not person.notification_preferences.filter(kind="reply").exists()
    assert not person.notification_preferences.filter(kind="nonsense-kind").exists()


def _bell(client) -> str:
    page = client.get("/ja/dialogue/sessions/").content.decode()
    return re.search(r'<a class="notification-bell".*?</a>', page, re.S)[0]


def test_the_bell_is_counted_once_per_change_and_follows_every_change_at_once(
    client, person, django_capture_on_commit_callbacks
) -> None:
    """The count is kept in the cache until anyone's unread notifications change
    (notifications.services.UNREAD_GENERATION), bumped after commit."""
    notes = NotificationFactory.create_batch(2, recipient=person)
    signed_in(client, person)
    assert '<span aria-hidden="true">2</span>' in _bell(client)
    with CaptureQueriesContext(connection) as queries:
        assert '<span aria-hidden="true">2</span>' in _bell(client)
    assert not [q for q in queries.captured_queries if "notifications_notification" in q["sql"]]

    with django_capture_on_commit_callbacks(execute=True):
        services.notify("mention", [person.pk], title="新しい通知", url="/ja/")
    assert '<span aria-hidden="true">3</span>' in _bell(client)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/ja/notifications/{notes[0].pk}/read/")
    assert '<span aria-hidden="true">2</span>' in _bell(client)
    with django_capture_on_commit_callbacks(execute=True):
        NotificationFactory(recipient=person)  # as the admin would add one
    assert '<span aria-hidden="true">3</span>' in _bell(client)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/ja/notifications/read-all/")
    bell = _bell(client)
    assert '<span aria-hidden="true">0</span>' in bell and "data-notification-count hidden" in bell

"""Sessions calendar, session pages, iCalendar and the room page."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from icalendar import Calendar

from django.test import Client
from django.utils import timezone

from dialogue.models import DialogueSession, Visibility
from tests.dialogue.factories import DialogueSessionFactory, MessageFactory, RoomFactory
from tests.members.factories import MembershipFactory, UserFactory
from tests.support.clients import as_user

pytestmark = pytest.mark.django_db


def initial(response) -> dict:
    match = re.search(
        r'<script id="room-initial" type="application/json">(.*?)</script>',
        response.content.decode(),
        re.S,
    )
    assert match, "room-initial missing"
    return json.loads(match.group(1))


def test_calendar_lists_upcoming_and_past_sessions_the_visitor_may_see(world, home_pages) -> None:
    past = DialogueSessionFactory(
        title="終わった会",
        starts_at=timezone.now() - dt.timedelta(days=30),
        ends_at=timezone.now() - dt.timedelta(days=30) + dt.timedelta(hours=1),
        status=DialogueSession.Status.CLOSED,
    )
    DialogueSessionFactory(title="会員の会", visibility=Visibility.MEMBERS)
    html = Client().get("/ja/dialogue/").content.decode()
    assert "対話セッション" in html
    assert past.title in html
    assert "会員の会" not in html
    assert world.session.title not in html  # private
    member_html = as_user(world.other_member).get("/ja/dialogue/").content.decode()
    assert "会員の会" in member_html
    assert world.session.title not in member_html
    assert world.session.title in as_user(world.invited).get("/ja/dialogue/").content.decode()
    assert 'href="/ja/dialogue/sessions.ics"' in html
    assert 'href="/ja/dialogue/rooms/open-forum/"' in html  # a standing room


def test_past_sessions_are_paginated(world, home_pages) -> None:
    start = timezone.now() - dt.timedelta(days=400)
    for n in range(23):
        DialogueSessionFactory(
            title=f"過去{n:02d}",
            starts_at=start + dt.timedelta(days=n),
            ends_at=start + dt.timedelta(days=n, hours=1),
            status=DialogueSession.Status.CLOSED,
        )
    client = Client()
    first = client.get("/ja/dialogue/").content.decode()
    assert "過去22" in first
    assert "過去05" not in first
    third = client.get("/ja/dialogue/?page=3").content.decode()
    assert "過去00" in third
    for bad in ("abc", "-1", "99999", "1%00"):
        assert client.get(f"/ja/dialogue/?page={bad}").status_code == 200


def test_session_page_groups_participants_by_organisation(world, home_pages) -> None:
    session = world.session
    session.organisations.add(world.other_org)
    colleague = MembershipFactory(organization=world.other_org, title="会長").user
    session.invited.add(colleague)
    html = as_user(world.invited).get(f"/ja/dialogue/sessions/{session.pk}/").content.decode()
    assert session.title in html
    assert "開会" in html  # agenda
    org_at = html.index("観光協会")
    other_at = html.index("商工会")
    assert org_at < other_at < html.index(colleague.public_name)
    assert "会長" in html
    assert "個人" in html and "招待 さん" in html
    assert f'href="/ja/dialogue/rooms/{world.private.slug}/"' in html
    assert f'href="/ja/dialogue/sessions/{session.pk}.ics"' in html


def test_private_session_and_room_pages_are_refused(world, home_pages) -> None:
    for url in (f"/ja/dialogue/sessions/{world.session.pk}/", "/ja/dialogue/rooms/private-room/"):
        anonymous = Client().get(url)
        assert anonymous.status_code == 302
        assert "/accounts/login/" in anonymous.headers["Location"]
        assert as_user(world.outsider).get(url).status_code == 403
    assert Client().get(f"/ja/dialogue/sessions/{world.session.pk}.ics").status_code == 404
    assert Client().get("/ja/dialogue/sessions/999999/").status_code == 404
    assert Client().get("/ja/dialogue/rooms/no-such-room/").status_code == 404


def test_room_page_embeds_the_initial_state_and_readable_history(world, home_pages) -> None:
    MessageFactory(
        room=world.public, author=world.outsider, body="最初の発言", html="<p>最初の発言</p>"
    )
    MessageFactory(
        room=world.public,
        body="</script><script>alert(1)</script>",
        html="<p>&lt;/script&gt;</p>",
    )
    response = as_user(world.member).get("/ja/dialogue/rooms/open-forum/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<div id="room-app">' in html
    assert '<script type="module" src="/static/dialogue/room.js"></script>' in html
    assert "最初の発言" in html  # readable without JavaScript
    assert "<script>alert(1)" not in html
    data = initial(response)
    assert set(data) >= {
        "room",
        "me",
        "can_post",
        "can_moderate",
        "can_acknowledge",
        "latest_id",
        "messages",
        "presence",
        "ws_url",
        "allowed_emoji",
        "orgs",
    }
    assert data["room"]["slug"] == "open-forum"
    assert data["me"]["id"] == world.member.pk
    assert data["can_post"] is True
    assert data["orgs"] == [{"slug": "tourism-association", "name": "観光協会", "kind": "tourism"}]
    assert data["ws_url"] == "ws://testserver/ws/rooms/open-forum/"
    assert [m["body"] for m in data["messages"]] == [
        "最初の発言",
        "</script><script>alert(1)</script>",
    ]
    assert data["latest_id"] == data["messages"][-1]["id"]


def test_room_page_for_an_anonymous_reader_and_a_closed_room(world, home_pages) -> None:
    data = initial(Client().get("/en/dialogue/rooms/closed-room/"))
    assert data["me"] is None
    assert data["can_post"] is False
    assert data["room"]["read_only"] is True
    assert data["orgs"] == []


def test_icalendar_for_one_session_and_the_feed(world, home_pages) -> None:
    public = DialogueSessionFactory(title="公開の会", theme="観光")
    response = Client().get(f"/ja/dialogue/sessions/{public.pk}.ics")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/calendar")
    event = Calendar.from_ical(response.content).walk("VEVENT")[0]
    assert str(event["SUMMARY"]) == "公開の会"
    assert event.decoded("DTSTART") == public.starts_at.replace(microsecond=0)
    assert str(event["URL"]).endswith(f"/ja/dialogue/sessions/{public.pk}/")
    feed = Calendar.from_ical(Client().get("/ja/dialogue/sessions.ics").content)
    titles = {str(e["SUMMARY"]) for e in feed.walk("VEVENT")}
    assert "公開の会" in titles
    assert world.session.title not in titles


def test_header_links_to_the_sessions(home_pages) -> None:
    html = Client().get("/ja/").content.decode()
    assert 'href="/ja/dialogue/"' in html
    assert "セッション" in html


def test_staff_manage_sessions_and_rooms_in_the_wagtail_admin(
    world, home_pages, django_capture_on_commit_callbacks
) -> None:
    admin = UserFactory(is_staff=True, is_superuser=True, two_step=True)
    client = as_user(admin)
    for url in (
        "/admin/snippets/dialogue/dialoguesession/",
        "/admin/snippets/dialogue/dialoguesession/add/",
        "/admin/snippets/dialogue/room/",
        "/admin/snippets/dialogue/message/",
    ):
        assert client.get(url).status_code == 200, url
    assert as_user(world.member).get("/admin/snippets/dialogue/room/").status_code in {302, 403}
    # Messages are moderated there, never written there.
    assert client.get("/admin/snippets/dialogue/message/add/").status_code in {302, 403}
    message = MessageFactory(room=world.public, body="管理画面で非表示")
    with django_capture_on_commit_callbacks() as broadcasts:
        response = client.post(
            f"/admin/snippets/dialogue/message/edit/{message.pk}/",
            {"hidden": "on", "hidden_reason": "スパム"},
        )
    assert response.status_code == 302
    assert len(broadcasts) == 1  # open rooms hear about it
    message.refresh_from_db()
    assert (message.hidden, message.hidden_reason, message.body) == (
        True,
        "スパム",
        "管理画面で非表示",
    )


def test_room_without_a_room_record_for_its_session(world, home_pages) -> None:
    session = DialogueSessionFactory()
    html = Client().get(f"/ja/dialogue/sessions/{session.pk}/").content.decode()
    assert "ライブルームへ" not in html
    RoomFactory(slug="later", session=session)
    html = Client().get(f"/ja/dialogue/sessions/{session.pk}/").content.decode()
    assert "ライブルームへ" in html

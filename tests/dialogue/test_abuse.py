"""Ids from another room, session or person, over HTTP and the socket: nothing changes, the
answer is 403 or 404 (or `not_found`/`forbidden`), and nothing of the other room is revealed."""

from __future__ import annotations

import json

import pytest
from asgiref.sync import sync_to_async

from django.contrib.auth.models import Group
from django.test import Client

from dialogue.models import Acknowledgement, DialogueSession, Message, Reaction, Visibility
from members import roles
from tests.members.factories import MembershipFactory, OrganizationFactory, UserFactory

from .factories import DialogueSessionFactory, MessageFactory, RoomFactory

ROLES = ["anonymous", "resident", "member", "moderator", "leadership", "staff"]
SECRET = "非公開の発言-秘密"


def _world():
    org = OrganizationFactory()
    people = {"anonymous": None, "resident": UserFactory()}
    people["member"] = MembershipFactory().user  # of another organisation
    for role, group in (
        ("moderator", roles.MODERATORS),
        ("leadership", roles.LEADERSHIP),
        ("staff", roles.CITY_STAFF),
    ):
        user = UserFactory(two_step=True)
        user.groups.add(Group.objects.get_or_create(name=group)[0])
        people[role] = user
    session = DialogueSessionFactory(organiser=org, visibility=Visibility.PRIVATE)
    private = RoomFactory(slug="secret-room", session=session)
    public = RoomFactory(slug="open-room")
    insider = MembershipFactory(organization=org).user
    return {
        "people": people,
        "session": session,
        "public": public,
        "secret": MessageFactory(room=private, author=insider, body=SECRET),
        "own": {  # each person's own message in the public room
            role: MessageFactory(room=public, author=user) for role, user in people.items() if user
        },
        "someone_elses": MessageFactory(room=public, author=insider),
    }


def _state() -> tuple:
    return (
        list(Message.objects.order_by("pk").values()),
        list(Reaction.objects.order_by("pk").values()),
        list(Acknowledgement.objects.order_by("pk").values()),
    )


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_http_with_another_rooms_message_id(role) -> None:
    world = _world()
    user = world["people"][role]
    client = Client()
    if user:
        client.force_login(user)
    secret = world["secret"].pk
    before = _state()
    for action, fields in (
        ("edit", {"body": "書き換え"}),
        ("delete", {}),
        ("hide", {"reason": "x"}),
        ("unhide", {}),
        ("acknowledge", {}),
        ("react", {"emoji": "👍"}),
    ):
        response = client.post(
            f"/api/dialogue/rooms/open-room/messages/{secret}/{action}/",
            data=json.dumps(fields),
            content_type="application/json",
        )
        assert response.status_code in (403, 404), (action, response.status_code)
        assert SECRET not in response.content.decode()
    # A reply to a message of another room, a message on behalf of an organisation one
    # does not belong to, someone else's message edited.
    for fields in (
        {"client_id": "r1", "body": "返信", "reply_to": secret},
        {"client_id": "r2", "body": "代理", "as_org": world["session"].organiser.slug},
    ):
        response = client.post(
            "/api/dialogue/rooms/open-room/send/",
            data=json.dumps(fields),
            content_type="application/json",
        )
        assert response.status_code in (403, 404), response.content
        assert SECRET not in response.content.decode()
    response = client.post(
        f"/api/dialogue/rooms/open-room/messages/{world['someone_elses'].pk}/edit/",
        data=json.dumps({"body": "乗っ取り"}),
        content_type="application/json",
    )
    assert response.status_code == 403
    assert _state() == before


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["anonymous", "resident", "member", "leadership"])
def test_private_session_and_room_by_id(role) -> None:
    world = _world()
    user = world["people"][role]
    client = Client()
    if user:
        client.force_login(user)
    session = world["session"]
    for url in (
        f"/ja/dialogue/sessions/{session.pk}/",
        f"/ja/dialogue/sessions/{session.pk}.ics",
        "/ja/dialogue/rooms/secret-room/",
        "/api/dialogue/rooms/secret-room/messages/",
        f"/api/dialogue/rooms/secret-room/messages/?after={world['secret'].pk - 1}",
    ):
        response = client.get(url)
        assert response.status_code in (302, 403, 404), (url, response.status_code)
        assert SECRET not in response.content.decode()
        assert session.title not in response.content.decode()
    listing = client.get("/api/dialogue/rooms/").json()["rooms"]
    assert "secret-room" not in [r["slug"] for r in listing]


@pytest.mark.django_db
def test_admin_edits_cannot_publish_a_private_sessions_room() -> None:
    world = _world()
    staff = world["people"]["staff"]
    client = Client()
    client.force_login(staff)
    room = world["secret"].room
    response = client.post(
        f"/admin/snippets/dialogue/room/edit/{room.pk}/",
        {
            "title": room.title,
            "slug": room.slug,
            "visibility": "public",
            "session": room.session_id,
        },
    )
    assert response.status_code in (200, 302)
    room.refresh_from_db()
    assert room.visibility == Visibility.PRIVATE
    assert Client().get("/api/dialogue/rooms/secret-room/messages/").status_code == 403
    # Making the session itself public is the one way, and it says so.
    session = world["session"]
    session.visibility = Visibility.PUBLIC
    session.save()
    assert Client().get("/api/dialogue/rooms/secret-room/messages/").status_code == 200
    assert DialogueSession.objects.get(pk=session.pk).room.visibility == Visibility.PUBLIC


@pytest.mark.django_db
def test_moderators_and_leadership_cannot_schedule_or_edit_rooms_in_the_admin() -> None:
    world = _world()
    for role in ("moderator", "leadership"):
        client = Client()
        client.force_login(world["people"][role])
        for url in (
            "/admin/snippets/dialogue/dialoguesession/add/",
            f"/admin/snippets/dialogue/room/edit/{world['public'].pk}/",
        ):
            response = client.get(url)
            assert response.status_code in (302, 403), (role, url, response.status_code)
            if response.status_code == 302:
                assert not response["Location"].startswith("/admin/snippets/dialogue/")


@pytest.mark.django_db(transaction=True)
async def test_socket_with_another_rooms_message_id(join) -> None:
    world = await sync_to_async(_world)()
    moderator = world["people"]["moderator"]
    secret = world["secret"].pk
    before = await sync_to_async(_state)()
    conn, _hello = await join("open-room", moderator)
    for frame in (
        {"type": "message.hide", "id": secret, "reason": "x"},
        {"type": "message.unhide", "id": secret},
        {"type": "message.delete", "id": secret},
        {"type": "reaction.toggle", "id": secret, "emoji": "👍"},
        {"type": "message.edit", "id": secret, "body": "x"},
        {"type": "message.send", "client_id": "r", "body": "x", "reply_to": secret},
    ):
        error = await conn.ask(frame)
        assert error["code"] in ("not_found", "forbidden"), error
        assert SECRET not in json.dumps(error, ensure_ascii=False)
    assert await sync_to_async(_state)() == before

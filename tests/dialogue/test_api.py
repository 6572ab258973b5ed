"""GET /api/dialogue/rooms/ and /api/dialogue/rooms/<slug>/messages/."""

from __future__ import annotations

import json

import pytest

from django.test import Client

from dialogue.models import Message
from tests.dialogue.factories import MessageFactory
from tests.support.clients import as_user

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("who", "slugs"),
    [
        (None, ["closed-room", "open-forum", "second-forum"]),
        ("outsider", ["closed-room", "open-forum", "second-forum"]),
        ("other_member", ["closed-room", "members-room", "open-forum", "second-forum"]),
        (
            "invited",
            ["closed-room", "open-forum", "private-room", "second-forum"],
        ),
        (
            "moderator",
            ["closed-room", "members-room", "open-forum", "private-room", "second-forum"],
        ),
    ],
)
def test_room_list_shows_only_what_the_requester_may_read(world, who, slugs) -> None:
    response = as_user(getattr(world, who) if who else None).get("/api/dialogue/rooms/")
    assert response.status_code == 200
    rooms = response.json()["rooms"]
    assert sorted(r["slug"] for r in rooms) == slugs
    forum = next(r for r in rooms if r["slug"] == "open-forum")
    assert forum == {
        "slug": "open-forum",
        "title": "公開ルーム",
        "visibility": "public",
        "read_only": False,
        "url": "/ja/dialogue/rooms/open-forum/",
        "ws_url": "ws://testserver/ws/rooms/open-forum/",
        "session": None,
    }
    closed = next(r for r in rooms if r["slug"] == "closed-room")
    assert closed["read_only"] is True
    assert closed["session"]["status"] == "closed"


def test_history_pages_both_ways(world) -> None:
    ids = [MessageFactory(room=world.public).pk for _ in range(60)]
    MessageFactory(room=world.other_public)
    client = Client()
    latest = client.get("/api/dialogue/rooms/open-forum/messages/").json()
    assert [m["id"] for m in latest["messages"]] == ids[10:]
    assert latest["complete"] is False
    after = client.get(f"/api/dialogue/rooms/open-forum/messages/?after={ids[49]}").json()
    assert [m["id"] for m in after["messages"]] == ids[50:]
    assert after["complete"] is True
    before = client.get(f"/api/dialogue/rooms/open-forum/messages/?before={ids[5]}&limit=3")
    assert [m["id"] for m in before.json()["messages"]] == ids[2:5]
    assert before.json()["complete"] is False
    everything = client.get("/api/dialogue/rooms/open-forum/messages/?after=0&limit=100000")
    assert len(everything.json()["messages"]) == 60
    assert everything.json()["complete"] is True


def test_limit_is_at_most_500(world) -> None:
    author = MessageFactory(room=world.public).author
    Message.objects.bulk_create(
        Message(room=world.public, author=author, client_id=f"n{n}", body="x") for n in range(520)
    )
    answer = Client().get("/api/dialogue/rooms/open-forum/messages/?after=0&limit=600").json()
    assert len(answer["messages"]) == 500
    assert answer["complete"] is False


def test_history_uses_the_same_message_object_as_the_socket(world) -> None:
    message = MessageFactory(room=world.public, body="<script>x</script>")
    data = Client().get("/api/dialogue/rooms/open-forum/messages/").json()["messages"][0]
    assert set(data) >= {
        "id",
        "client_id",
        "room",
        "author",
        "as_org",
        "body",
        "html",
        "reply_to",
        "created_at",
        "edited_at",
        "deleted",
        "reactions",
        "acknowledged_by",
    }
    assert data["id"] == message.pk
    assert data["body"] == "<script>x</script>"


@pytest.mark.parametrize(
    ("slug", "who", "status"),
    [
        ("no-such-room", None, 404),
        ("members-room", None, 403),
        ("members-room", "outsider", 403),
        ("private-room", None, 403),
        ("private-room", "outsider", 403),
        ("private-room", "other_member", 403),
        ("private-room", "invited", 200),
        ("members-room", "other_member", 200),
    ],
)
def test_history_refuses_what_the_requester_may_not_read(world, slug, who, status) -> None:
    MessageFactory(room=world.private, body="秘密の議題")
    MessageFactory(room=world.members, body="会員向けの連絡")
    response = as_user(getattr(world, who) if who else None).get(
        f"/api/dialogue/rooms/{slug}/messages/?after=0"
    )
    assert response.status_code == status
    if status != 200:
        text = response.content.decode()
        assert "秘密" not in text
        assert "会員向け" not in text
        assert response.json()["error"]["code"] in {"forbidden", "not_found"}


@pytest.mark.parametrize(
    "query",
    [
        "after=abc",
        "after=-1",
        "after=1.5",
        "after=%EF%BC%91",  # a full-width digit
        "before=1e9",
        "after=1&before=2",
        "limit=0",
        "limit=-5",
        "limit=ten",
        "after=99999999999999999999",
        "after=1%27%20OR%201=1--",
    ],
)
def test_bad_parameters_are_refused_with_400(world, query) -> None:
    response = Client().get(f"/api/dialogue/rooms/open-forum/messages/?{query}")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid"


def test_hidden_messages_only_reach_moderators(world) -> None:
    MessageFactory(room=world.public, body="見える")
    MessageFactory(room=world.public, body="隠された", hidden=True, hidden_reason="理由")
    public = Client().get("/api/dialogue/rooms/open-forum/messages/").json()["messages"]
    assert [m["body"] for m in public] == ["見える"]
    moderated = as_user(world.moderator).get("/api/dialogue/rooms/open-forum/messages/").json()
    assert [m["body"] for m in moderated["messages"]] == ["見える", "隠された"]
    assert moderated["messages"][1]["hidden_reason"] == "理由"


def test_errors_speak_the_requesters_language(world) -> None:
    response = Client().get("/api/dialogue/rooms/members-room/messages/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.json()["error"]["detail"] == "You are not allowed to do this here."
    response = Client().get("/api/dialogue/rooms/members-room/messages/")
    assert response.json()["error"]["detail"] == "この操作はここでは許可されていません。"


def test_only_get_is_allowed(world) -> None:
    assert Client().post("/api/dialogue/rooms/open-forum/messages/").status_code == 405
    assert json.loads(Client().get("/api/dialogue/rooms/").content)["rooms"]

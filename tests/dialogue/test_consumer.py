"""The live room socket, frame by frame, through consortium.asgi's whole stack."""

from __future__ import annotations

import json
from html.parser import HTMLParser

import pytest
from asgiref.sync import sync_to_async

from dialogue.models import Acknowledgement, Message, Reaction
from tests.dialogue.conftest import RENDERER_TAGS, open_socket
from tests.dialogue.factories import MessageFactory

pytestmark = pytest.mark.django_db(transaction=True)

count = sync_to_async(lambda **kw: Message.objects.filter(**kw).count())
make = sync_to_async(MessageFactory)


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs) -> None:
        self.found.append((tag, dict(attrs)))


def assert_harmless(markup: str) -> None:
    """Only the renderer's own tags and attributes; links only to http(s) and mailto."""
    parser = _Elements()
    parser.feed(markup)
    allowed = RENDERER_TAGS
    for tag, attrs in parser.found:
        assert tag in allowed, tag
        assert set(attrs) <= allowed[tag], (tag, attrs)
        if tag == "a":
            assert attrs["href"].startswith(("http://", "https://", "mailto:")), attrs
            assert attrs["rel"] == "nofollow noopener noreferrer"


def send(body: str, client_id: str = "c1", **extra) -> dict:
    return {"type": "message.send", "client_id": client_id, "body": body, **extra}


# --- connecting ---------------------------------------------------------------------------


async def test_hello_for_an_anonymous_reader_of_a_public_room(world, join) -> None:
    for n in range(55):
        await make(room=world.public, body=f"発言 {n}")
    conn, hello = await join("open-forum")
    assert hello["room"] == {
        "slug": "open-forum",
        "title": "公開ルーム",
        "visibility": "public",
        "read_only": False,
    }
    assert hello["me"] is None
    assert (hello["can_post"], hello["can_moderate"], hello["can_acknowledge"]) == (
        False,
        False,
        False,
    )
    bodies = [m["body"] for m in hello["messages"]]
    assert bodies == [f"発言 {n}" for n in range(5, 55)]
    assert hello["latest_id"] == hello["messages"][-1]["id"]
    assert hello["presence"] == []
    assert "👍" in hello["allowed_emoji"]


async def test_hello_for_a_member_lists_the_orgs_they_speak_for(world, join) -> None:
    _conn, hello = await join("open-forum", world.member)
    assert hello["me"] == {
        "id": world.member.pk,
        "name": "山田 花子",
        "orgs": [{"slug": "tourism-association", "name": "観光協会", "kind": "tourism"}],
    }
    assert hello["can_post"] is True
    assert hello["presence"] == [
        {
            "id": world.member.pk,
            "name": "山田 花子",
            "org": {"slug": "tourism-association", "name": "観光協会", "kind": "tourism"},
        }
    ]


@pytest.mark.parametrize(
    ("slug", "who", "code"),
    [
        ("no-such-room", None, 4404),
        ("members-room", None, 4403),
        ("members-room", "outsider", 4403),
        ("private-room", None, 4403),
        ("private-room", "outsider", 4403),
        ("private-room", "other_member", 4403),
    ],
)
async def test_rooms_closed_to_the_requester_close_with_a_code(world, slug, who, code) -> None:
    communicator, connected, _ = await open_socket(slug, getattr(world, who) if who else None)
    assert connected
    closing = await communicator.receive_output(timeout=3)
    assert closing == {"type": "websocket.close", "code": code}
    await communicator.wait(timeout=0.1)


@pytest.mark.parametrize("who", ["member", "invited", "moderator"])
async def test_private_room_opens_for_participants_organiser_and_staff(world, join, who) -> None:
    _conn, hello = await join("private-room", getattr(world, who))
    assert hello["room"]["visibility"] == "private"


async def test_members_room_opens_for_any_member(world, join) -> None:
    _conn, hello = await join("members-room", world.other_member)
    assert hello["can_post"] is True


async def test_foreign_origin_is_refused(world) -> None:
    communicator, connected, _ = await open_socket(
        "open-forum", world.member, origin="https://evil.example"
    )
    assert not connected
    communicator, connected, _ = await open_socket("open-forum", world.member, origin=None)
    assert not connected


# --- sending ------------------------------------------------------------------------------


async def test_a_message_reaches_everyone_in_the_room_sender_included(world, join) -> None:
    alice, _ = await join("open-forum", world.member)
    reader, _ = await join("open-forum")
    elsewhere, _ = await join("second-forum", world.outsider)
    await alice.send(send("こんにちは **みなさん**", as_org="tourism-association"))
    mine = (await alice.recv_type("message.new"))["message"]
    theirs = (await reader.recv_type("message.new"))["message"]
    assert mine == theirs
    assert mine["body"] == "こんにちは **みなさん**"
    assert mine["html"] == '<p dir="auto">こんにちは <strong>みなさん</strong></p>'
    assert mine["as_org"] == {"slug": "tourism-association", "name": "観光協会", "kind": "tourism"}
    assert mine["author"] == {"id": world.member.pk, "name": "山田 花子"}
    assert mine["room"] == "open-forum"
    assert mine["created_at"].endswith("+09:00")
    assert (mine["reply_to"], mine["deleted"], mine["reactions"], mine["acknowledged_by"]) == (
        None,
        False,
        {},
        [],
    )
    await elsewhere.quiet()
    assert await count() == 1


async def test_same_client_id_is_stored_once_and_answered_to_the_author_only(world, join) -> None:
    alice, _ = await join("open-forum", world.member)
    bob, _ = await join("open-forum", world.outsider)
    await alice.send(send("一度だけ", client_id="retry-me"))
    first = (await alice.recv_type("message.new"))["message"]
    await bob.recv_type("message.new")
    await alice.send(send("一度だけ", client_id="retry-me"))
    again = (await alice.recv_type("message.new"))["message"]
    assert again["id"] == first["id"]
    await bob.quiet()
    assert await count() == 1
    # The same client_id from someone else is their own message.
    await bob.send(send("別人", client_id="retry-me"))
    assert (await bob.recv_type("message.new"))["message"]["author"]["id"] == world.outsider.pk
    assert await count() == 2


async def test_bad_frames_get_errors_and_the_connection_keeps_working(world, join) -> None:
    conn, _ = await join("open-forum", world.member)
    cases = [
        ("{not json", "invalid", {}),
        ("[1, 2]", "invalid", {}),
        ('"just a string"', "invalid", {}),
        ("42", "invalid", {}),
        ("null", "invalid", {}),
        ("[" * 20000 + "]" * 20000, "invalid", {}),
        (b"\x00binary", "invalid", {}),
        ({"no": "type"}, "invalid", {}),
        ({"type": 5}, "invalid", {}),
        ({"type": "message.explode"}, "invalid", {}),
        ({"type": "message.send", "body": "x"}, "invalid", {}),
        ({"type": "message.send", "client_id": "a"}, "invalid", {"client_id": "a"}),
        ({"type": "message.send", "client_id": 5, "body": "x"}, "invalid", {}),
        ({"type": "message.send", "client_id": "b", "body": ["x"]}, "invalid", {"client_id": "b"}),
        (send("x", client_id="c", reply_to="1"), "invalid", {"client_id": "c"}),
        (send("x", client_id="d", reply_to=True), "invalid", {"client_id": "d"}),
        (send("x", client_id="e", reply_to=-1), "invalid", {"client_id": "e"}),
        (send("x", client_id="f", reply_to=10**30), "invalid", {"client_id": "f"}),
        (send("x", client_id="g", as_org=7), "invalid", {"client_id": "g"}),
        (send("", client_id="h"), "invalid", {"client_id": "h"}),
        (send(" \n\t\u3000 ", client_id="i"), "invalid", {"client_id": "i"}),
        (send("\x00\x01\x02", client_id="j"), "invalid", {"client_id": "j"}),
        (send("あ" * 4001, client_id="k"), "too_long", {"client_id": "k"}),
        (send("x", client_id=""), "invalid", {"client_id": ""}),
        (send("x", client_id="x" * 65), "invalid", {}),
        (send("x", client_id="tab\there"), "invalid", {"client_id": "tab\there"}),
        (json.dumps(send("x" * 70 * 1024, client_id="big")), "too_long", {}),
        ({"type": "message.edit", "id": "1", "body": "x"}, "invalid", {}),
        ({"type": "message.edit", "id": 1}, "invalid", {"id": 1}),
        ({"type": "message.delete"}, "invalid", {}),
        ({"type": "message.hide", "id": 1, "reason": 5}, "invalid", {"id": 1}),
        ({"type": "message.acknowledge", "id": None}, "invalid", {}),
        ({"type": "reaction.toggle", "id": 1}, "invalid", {"id": 1}),
        ({"type": "reaction.toggle", "id": 1, "emoji": ["👍"]}, "invalid", {"id": 1}),
        ({"type": "resume"}, "invalid", {}),
        ({"type": "resume", "after": 1.5}, "invalid", {}),
        ({"type": "history", "before": 10, "limit": 0}, "invalid", {}),
        ({"type": "history", "before": 10, "limit": 501}, "invalid", {}),
        ({"type": "ping", "nonce": {"a": 1}}, "invalid", {}),
        ({"type": "ping", "nonce": "n" * 129}, "invalid", {}),
    ]
    for frame, code, echoed in cases:
        error = await conn.ask(frame)
        assert error["code"] == code, (frame if len(str(frame)) < 200 else code, error)
        assert isinstance(error["detail"], str)
        assert error["detail"]
        for key, value in echoed.items():
            assert error[key] == value
    assert await count() == 0
    pong = await conn.ask({"type": "ping", "nonce": "still-here"}, "pong")
    assert pong == {"type": "pong", "nonce": "still-here"}
    exact = await conn.ask(send("あ" * 4000, client_id="exact"), "message.new")
    assert len(exact["message"]["body"]) == 4000


async def test_error_detail_is_in_the_users_language(world, join) -> None:
    world.member.preferred_language = "en"
    await sync_to_async(world.member.save)()
    english, _ = await join("open-forum", world.member)
    japanese, _ = await join("open-forum", world.outsider)
    assert (await english.ask(send("")))["detail"] == "The message is empty."
    assert (await japanese.ask(send("")))["detail"] == "メッセージが空です。"


async def test_body_is_trimmed_and_control_characters_dropped(world, join) -> None:
    conn, _ = await join("open-forum", world.member)
    body = "  前\x00後\x07\r\n次の行\tタブ\u200b\u202eرسالة\u202c  \n"
    message = (await conn.ask(send(body), "message.new"))["message"]
    assert message["body"] == "前後\n次の行\tタブ\u200b\u202eرسالة\u202c"
    assert message["html"] == '<p dir="auto">前後<br>次の行\tタブ\u200b\u202eرسالة\u202c</p>'
    stored = await sync_to_async(Message.objects.get)()
    assert "\x00" not in stored.body
    assert "\x00" not in stored.html


@pytest.mark.parametrize(
    "payload",
    [
        "<script>alert('x')</script>",
        '<img src=x onerror="alert(1)">',
        "[click me](javascript:alert(1))",
        "javascript:alert(1)",
        '<a href="javascript:alert(1)">x</a>',
        '"><svg onload=alert(1)>',
        "**<b onmouseover=alert(1)>bold</b>**",
        '[x](https://ok.example/"onmouseover="alert(1))',
        "'; DROP TABLE dialogue_message; --",
    ],
)
async def test_hostile_markup_is_stored_as_text_and_rendered_harmless(world, join, payload) -> None:
    conn, _ = await join("open-forum", world.member)
    message = (await conn.ask(send(payload), "message.new"))["message"]
    assert message["body"] == payload
    assert_harmless(message["html"])
    assert await count() == 1


async def test_links_open_safely(world, join) -> None:
    conn, _ = await join("open-forum", world.member)
    message = (await conn.ask(send("資料 [報告書](https://example.jp/r?a=1&b=2)"), "message.new"))[
        "message"
    ]
    assert message["html"] == (
        '<p dir="auto">資料 <a href="https://example.jp/r?a=1&amp;b=2" target="_blank" '
        'rel="nofollow noopener noreferrer">報告書</a></p>'
    )


# --- replies, organisations ---------------------------------------------------------------


async def test_reply_to_must_be_in_the_same_room(world, join) -> None:
    secret = await make(room=world.private, body="非公開の内容")
    elsewhere = await make(room=world.other_public, body="別のルーム")
    conn, _ = await join("open-forum", world.member)
    for target in (secret.pk, elsewhere.pk, 999999):
        error = await conn.ask(send("返信", client_id=f"r{target}", reply_to=target))
        assert error["code"] == "not_found"
        assert "非公開" not in json.dumps(error, ensure_ascii=False)
    assert await count(room=world.public) == 0
    parent = await make(room=world.public, body="元の発言 " + "長" * 200)
    reply = (await conn.ask(send("返信です", reply_to=parent.pk), "message.new"))["message"]
    assert reply["reply_to"] == parent.pk
    assert reply["quote"]["id"] == parent.pk
    assert reply["quote"]["excerpt"].startswith("元の発言")
    assert len(reply["quote"]["excerpt"]) <= 140


async def test_as_org_must_be_one_of_the_authors_organisations(world, join) -> None:
    conn, _ = await join("open-forum", world.member)
    error = await conn.ask(send("商工会として", as_org="chamber"))
    assert error["code"] == "forbidden"
    assert error["client_id"] == "c1"
    error = await conn.ask(send("存在しない", client_id="c2", as_org="no-such-org"))
    assert error["code"] == "forbidden"
    assert await count() == 0
    ok = await conn.ask(send("個人として", client_id="c3", as_org=None), "message.new")
    assert ok["message"]["as_org"] is None


# --- edit, delete, hide, acknowledge, react ----------------------------------------------


async def test_only_the_author_edits(world, join) -> None:
    theirs = await make(room=world.public, author=world.outsider, body="他人の発言")
    conn, _ = await join("open-forum", world.member)
    error = await conn.ask({"type": "message.edit", "id": theirs.pk, "body": "乗っ取り"})
    assert (error["code"], error["id"]) == ("forbidden", theirs.pk)
    mine = (await conn.ask(send("誤字あり"), "message.new"))["message"]
    updated = await conn.ask(
        {"type": "message.edit", "id": mine["id"], "body": "誤字なし *修正*"}, "message.updated"
    )
    assert updated["message"]["body"] == "誤字なし *修正*"
    assert updated["message"]["html"] == '<p dir="auto">誤字なし <em>修正</em></p>'
    assert updated["message"]["edited_at"] is not None
    too_long = await conn.ask({"type": "message.edit", "id": mine["id"], "body": "x" * 4001})
    assert too_long["code"] == "too_long"
    missing = await conn.ask({"type": "message.edit", "id": 999999, "body": "x"})
    assert missing["code"] == "not_found"
    assert (await sync_to_async(Message.objects.get)(pk=theirs.pk)).body == "他人の発言"


async def test_delete_by_author_or_moderator(world, join) -> None:
    theirs = await make(room=world.public, author=world.outsider, body="消したい")
    conn, _ = await join("open-forum", world.member)
    moderator, _ = await join("open-forum", world.moderator)
    error = await conn.ask({"type": "message.delete", "id": theirs.pk})
    assert error["code"] == "forbidden"
    mine = (await conn.ask(send("取り消します"), "message.new"))["message"]
    await moderator.recv_type("message.new")
    deleted = await conn.ask({"type": "message.delete", "id": mine["id"]}, "message.updated")
    assert deleted["message"]["deleted"] is True
    assert (deleted["message"]["id"], deleted["message"]["body"], deleted["message"]["html"]) == (
        mine["id"],
        "",
        "",
    )
    assert (await moderator.recv_type("message.updated"))["message"]["deleted"] is True
    by_mod = await moderator.ask({"type": "message.delete", "id": theirs.pk}, "message.updated")
    assert by_mod["message"]["deleted"] is True


async def test_hide_is_for_moderators_and_hides_from_everyone_else(world, join) -> None:
    reader, _ = await join("open-forum", world.member)
    moderator, _ = await join("open-forum", world.moderator)
    message = (await reader.ask(send("不適切な発言"), "message.new"))["message"]
    await moderator.recv_type("message.new")
    error = await reader.ask({"type": "message.hide", "id": message["id"], "reason": "x"})
    assert error["code"] == "forbidden"
    await moderator.send({"type": "message.hide", "id": message["id"], "reason": "個人情報"})
    seen_by_mod = (await moderator.recv_type("message.updated"))["message"]
    seen_by_reader = (await reader.recv_type("message.updated"))["message"]
    assert seen_by_mod["hidden"] is True
    assert seen_by_mod["body"] == "不適切な発言"
    assert seen_by_mod["hidden_reason"] == "個人情報"
    assert seen_by_reader["hidden"] is True
    assert seen_by_reader["body"] == seen_by_reader["html"] == ""
    assert "hidden_reason" not in seen_by_reader
    assert "不適切" not in json.dumps(seen_by_reader, ensure_ascii=False)
    history = await reader.ask({"type": "resume", "after": 0}, "history")
    assert history["messages"] == []
    mod_history = await moderator.ask({"type": "resume", "after": 0}, "history")
    assert [m["id"] for m in mod_history["messages"]] == [message["id"]]
    gone = await reader.ask({"type": "reaction.toggle", "id": message["id"], "emoji": "👍"})
    assert gone["code"] == "not_found"


async def test_acknowledgement_is_for_leadership_and_toggles(world, join) -> None:
    target = await make(room=world.public, author=world.member, body="提案です")
    member, _ = await join("open-forum", world.member)
    mayor, hello = await join("open-forum", world.mayor)
    assert hello["can_acknowledge"] is True
    error = await member.ask({"type": "message.acknowledge", "id": target.pk})
    assert error["code"] == "forbidden"
    acked = await mayor.ask({"type": "message.acknowledge", "id": target.pk}, "message.updated")
    assert acked["message"]["acknowledged_by"] == [
        {"id": world.mayor.pk, "name": "高橋 誠", "title": "市長"}
    ]
    assert (await member.recv_type("message.updated"))["message"]["acknowledged_by"][0][
        "title"
    ] == "市長"
    undone = await mayor.ask({"type": "message.acknowledge", "id": target.pk}, "message.updated")
    assert undone["message"]["acknowledged_by"] == []
    assert await sync_to_async(Acknowledgement.objects.count)() == 0


async def test_reactions_toggle_from_the_allowed_set(world, join) -> None:
    target = await make(room=world.public, body="いいね")
    alice, _ = await join("open-forum", world.member)
    bob, _ = await join("open-forum", world.outsider)
    for emoji in ("💩", "<script>", "👍👍", ""):
        error = await alice.ask({"type": "reaction.toggle", "id": target.pk, "emoji": emoji})
        assert error["code"] == "invalid"
    on = await alice.ask(
        {"type": "reaction.toggle", "id": target.pk, "emoji": "👍"}, "reaction.updated"
    )
    assert (on["id"], on["reactions"], on["active"]) == (target.pk, {"👍": 1}, True)
    await bob.recv_type("reaction.updated")
    both = await bob.ask(
        {"type": "reaction.toggle", "id": target.pk, "emoji": "👍"}, "reaction.updated"
    )
    assert both["reactions"] == {"👍": 2}
    await alice.recv_type("reaction.updated")
    off = await alice.ask(
        {"type": "reaction.toggle", "id": target.pk, "emoji": "👍"}, "reaction.updated"
    )
    assert off["reactions"] == {"👍": 1}
    assert off["active"] is False
    assert await sync_to_async(Reaction.objects.count)() == 1


# --- who may write ------------------------------------------------------------------------


async def test_read_only_room_refuses_writes(world, join) -> None:
    old = await make(room=world.closed, body="記録")
    conn, hello = await join("closed-room", world.member)
    assert hello["room"]["read_only"] is True
    assert hello["can_post"] is False
    assert (await conn.ask(send("遅れて発言")))["code"] == "read_only"
    toggle = {"type": "reaction.toggle", "id": old.pk, "emoji": "👍"}
    assert (await conn.ask(toggle))["code"] == "read_only"
    assert (await conn.ask({"type": "message.edit", "id": old.pk, "body": "x"}))["code"] in {
        "read_only",
        "forbidden",
    }
    assert await count(room=world.closed) == 1


async def test_anonymous_readers_may_not_write(world, join) -> None:
    target = await make(room=world.public)
    conn, _ = await join("open-forum")
    frames = [
        send("匿名"),
        {"type": "message.edit", "id": target.pk, "body": "x"},
        {"type": "message.delete", "id": target.pk},
        {"type": "message.hide", "id": target.pk, "reason": "x"},
        {"type": "message.acknowledge", "id": target.pk},
        {"type": "reaction.toggle", "id": target.pk, "emoji": "👍"},
        {"type": "typing"},
    ]
    for frame in frames:
        assert (await conn.ask(frame))["code"] == "forbidden", frame
    history = await conn.ask({"type": "resume", "after": 0}, "history")
    assert [m["id"] for m in history["messages"]] == [target.pk]
    assert await count() == 1


async def test_more_than_ten_sends_in_ten_seconds_are_rate_limited(world, join) -> None:
    conn, _ = await join("open-forum", world.member)
    for n in range(10):
        await conn.ask(send(f"連投 {n}", client_id=f"burst-{n}"), "message.new")
    error = await conn.ask(send("11通目", client_id="burst-10"))
    assert (error["code"], error["client_id"]) == ("rate_limited", "burst-10")
    assert await count() == 10
    # Another room has its own budget, and the connection still answers.
    await conn.ask({"type": "ping", "nonce": 1}, "pong")


# --- typing, ping, history ----------------------------------------------------------------


async def test_typing_goes_to_others_at_most_every_three_seconds(world, join) -> None:
    typist, _ = await join("open-forum", world.member)
    other, _ = await join("open-forum", world.outsider)
    await typist.send({"type": "typing"})
    assert (await other.recv_type("typing"))["user"] == {"id": world.member.pk, "name": "山田 花子"}
    await typist.send({"type": "typing"})
    await typist.quiet()  # the second typing frame has been handled
    await other.quiet()


async def test_ping_answers_pong_with_the_nonce(world, join) -> None:
    conn, _ = await join("open-forum")
    for nonce in ("abc", 17, None):
        assert await conn.ask({"type": "ping", "nonce": nonce}, "pong") == {
            "type": "pong",
            "nonce": nonce,
        }


async def test_resume_pages_through_everything_after_an_id(world, join) -> None:
    def bulk():
        from tests.members.factories import UserFactory

        author = UserFactory()
        Message.objects.bulk_create(
            Message(room=world.public, author=author, client_id=f"b{n}", body=f"m{n}", html="")
            for n in range(501)
        )
        return list(Message.objects.order_by("pk").values_list("pk", flat=True))

    ids = await sync_to_async(bulk)()
    conn, _ = await join("open-forum", world.member)
    first = await conn.ask({"type": "resume", "after": 0}, "history")
    assert [m["id"] for m in first["messages"]] == ids[:500]
    assert first["complete"] is False
    rest = await conn.ask({"type": "resume", "after": ids[499]}, "history")
    assert [m["id"] for m in rest["messages"]] == ids[500:]
    assert rest["complete"] is True
    older = await conn.ask({"type": "history", "before": ids[100], "limit": 30}, "history")
    assert [m["id"] for m in older["messages"]] == ids[70:100]
    assert older["complete"] is False
    oldest = await conn.ask({"type": "history", "before": ids[10]}, "history")
    assert [m["id"] for m in oldest["messages"]] == ids[:10]
    assert oldest["complete"] is True


async def test_losing_access_ends_history_over_the_socket(world, join) -> None:
    await make(room=world.private, body="秘密")
    conn, _ = await join("private-room", world.invited)
    await sync_to_async(world.session.invited.remove)(world.invited)
    error = await conn.ask({"type": "resume", "after": 0})
    assert error["code"] == "forbidden"
    closing = await conn.ws.receive_output(timeout=3)
    assert closing == {"type": "websocket.close", "code": 4403}


async def test_presence_and_broadcasts_stay_inside_their_room(world, join) -> None:
    insider, _ = await join("private-room", world.invited)
    public, hello = await join("open-forum", world.outsider)
    assert [p["id"] for p in hello["presence"]] == [world.outsider.pk]
    await insider.send(send("内緒の話"))
    await insider.recv_type("message.new")
    await insider.send({"type": "typing"})
    await insider.quiet()
    await public.quiet()
    assert world.invited.pk not in [p["id"] for p in hello["presence"]]


async def test_presence_follows_joins_and_leaves(world, join) -> None:
    first, _ = await join("open-forum", world.member)
    second, _ = await join("open-forum", world.outsider)
    while True:
        frame = await first.recv_type("presence")
        if len(frame["present"]) == 2:
            break
    assert {p["id"] for p in frame["present"]} == {world.member.pk, world.outsider.pk}
    await second.close()
    while True:
        frame = await first.recv_type("presence")
        if len(frame["present"]) == 1:
            break
    assert frame["present"][0]["id"] == world.member.pk


async def test_a_hub_that_lost_broadcasts_catches_its_connections_up(world, join) -> None:
    from dialogue.hub import hub_for

    first = await make(room=world.public, body="接続前")
    conn, hello = await join("open-forum", world.member)
    moderator, _ = await join("open-forum", world.moderator)
    assert hello["latest_id"] == first.pk
    # Committed without a broadcast reaching the hub, as when Redis times out.
    missed = await make(room=world.public, body="届かなかった")
    hidden = await make(room=world.public, body="非表示", hidden=True)
    await hub_for(world.public.pk)._resync()
    frame = await conn.recv_type("history")
    assert [m["id"] for m in frame["messages"]] == [missed.pk]
    assert frame["complete"] is True
    mod_frame = await moderator.recv_type("history")
    assert [m["id"] for m in mod_frame["messages"]] == [missed.pk, hidden.pk]
    await hub_for(world.public.pk)._resync()
    assert (await conn.recv_type("history"))["messages"] == []


async def test_hello_history_is_shared_but_never_stale_after_a_change(world, join) -> None:
    first, hello = await join("open-forum", world.member)
    assert hello["messages"] == []
    sent = (await first.ask(send("共有キャッシュ"), "message.new"))["message"]
    _second, later = await join("open-forum", world.outsider)
    assert [m["id"] for m in later["messages"]] == [sent["id"]]
    await first.ask({"type": "message.edit", "id": sent["id"], "body": "編集後"}, "message.updated")
    _third, latest = await join("open-forum")
    assert latest["messages"][0]["body"] == "編集後"


async def test_one_broken_listener_does_not_cost_the_others_their_copy(world, join) -> None:
    from dialogue.hub import hub_for

    class Broken:
        user_id = None
        moderator = False
        ready = True
        last_id = 0

        async def deliver(self, text, message_id=None):
            raise ConnectionResetError("gone")

        def presence_entry(self):
            return None

    sender, _ = await join("open-forum", world.member)
    hub = hub_for(world.public.pk)
    broken = Broken()
    hub.listeners = {broken: None, **hub.listeners}
    reader, _ = await join("open-forum")
    await sender.send(send("届きますか"))
    assert (await reader.recv_type("message.new"))["message"]["body"] == "届きますか"
    assert (await sender.recv_type("message.new"))["message"]["body"] == "届きますか"
    await hub.leave(broken)

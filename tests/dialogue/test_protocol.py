"""docs/dialogue-protocol.md and its JSON Schema describe what the code sends and accepts.

The frames themselves are checked where tests receive them (tests/dialogue/protocol.py);
these tests make sure no frame type exists in the code without the documentation, and that
the check can fail.
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from tests.dialogue.protocol import (
    DOC_PATH,
    ROOT,
    client_types,
    schema,
    server_frame,
    server_types,
    validator,
)

APP = ROOT / "dialogue"
# Channel-layer events between processes (broadcast.py, hub.py): never sent to a client.
INTERNAL = re.compile(r"^hub\.")


def _modules() -> list[Path]:
    return sorted(p for p in APP.rglob("*.py") if "migrations" not in p.parts)


def frame_types_in_code() -> set[str]:
    """Every "type" of a dict literal in the dialogue app: the frames it builds."""
    found = set()
    for path in _modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Dict):
                continue
            for key, value in zip(node.keys, node.values, strict=True):
                if (
                    isinstance(key, ast.Constant)
                    and key.value == "type"
                    and isinstance(value, ast.Constant)
                    and isinstance(value.value, str)
                ):
                    found.add(value.value)
    return {kind for kind in found if not INTERNAL.match(kind)}


def accepted_types_in_code() -> set[str]:
    """The keys of the consumer's SCHEMAS: the frame types a client may send."""
    for path in _modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets = (
                [node.target]
                if isinstance(node, ast.AnnAssign)
                else node.targets
                if isinstance(node, ast.Assign)
                else []
            )
            if any(isinstance(t, ast.Name) and t.id == "SCHEMAS" for t in targets):
                return {k.value for k in node.value.keys if isinstance(k, ast.Constant)}
    raise AssertionError("no SCHEMAS in the dialogue app")


def documented_types(section: str) -> set[str]:
    """The first column of the doc's frame table under `## <section>`."""
    text = DOC_PATH.read_text(encoding="utf-8")
    part = text.split(f"## {section}", 1)[1].split("\n## ", 1)[0]
    return set(re.findall(r"^\| `([a-z.]+)` \|", part, re.M))


def test_the_schema_is_a_valid_json_schema() -> None:
    Draft202012Validator.check_schema(schema())


def test_every_frame_type_the_server_builds_is_in_the_schema_and_the_doc() -> None:
    in_code = frame_types_in_code()
    assert {"hello", "message.new", "error", "pong"} <= in_code  # the scan sees frames
    assert in_code == server_types()
    assert documented_types("Server → client") == server_types()


def test_every_frame_type_the_server_accepts_is_in_the_schema_and_the_doc() -> None:
    accepted = accepted_types_in_code()
    assert {"message.send", "ping"} <= accepted
    assert accepted == client_types()
    assert documented_types("Client → server") == client_types()


def test_the_schema_names_every_error_code_the_server_has() -> None:
    from dialogue.services import DEFAULT_DETAILS

    assert set(DEFAULT_DETAILS) == set(schema()["$defs"]["error_code"]["enum"])


def test_the_limits_in_hello_are_the_documented_ones() -> None:
    from dialogue import conf

    hello = schema()["$defs"]["server"]["hello"]["properties"]["limits"]
    assert set(conf.limits()) == set(hello["required"]) == set(hello["properties"])


HELLO = {
    "type": "hello",
    "room": {"slug": "r", "title": "R", "visibility": "public", "read_only": False},
    "me": None,
    "can_post": False,
    "can_moderate": False,
    "can_acknowledge": False,
    "latest_id": 0,
    "messages": [],
    "presence": [],
    "allowed_emoji": ["👍"],
    "limits": {"body": 4000, "client_id": 64, "frame_bytes": 65536},
}


@pytest.mark.parametrize(
    ("frame", "complaint"),
    [
        ({"type": "message.created", "message": {}}, "not in docs"),
        ({"type": "pong"}, "'nonce' is a required property"),
        ({**HELLO, "secret": 1}, "Additional properties"),
        ({**HELLO, "limits": {"body": "4000", "client_id": 64, "frame_bytes": 1}}, "limits/body"),
        ({"type": "error", "code": "oops", "detail": "x"}, "code"),
        ([], "JSON object"),
        ("null", "JSON object"),
    ],
)
def test_frames_outside_the_protocol_fail_the_test_that_receives_them(frame, complaint) -> None:
    with pytest.raises(AssertionError, match="outside the protocol") as failure:
        server_frame(frame)
    assert complaint in str(failure.value)


def test_a_documented_frame_passes() -> None:
    assert server_frame(HELLO) == HELLO
    assert server_frame('{"type": "pong", "nonce": "1"}') == {"type": "pong", "nonce": "1"}


@pytest.mark.django_db
def test_the_http_history_and_the_room_page_carry_the_same_documented_m(world) -> None:
    """Every kind of message (organisation, reply, edited, deleted, hidden, acknowledged,
    reacted) as the HTTP history gives it to a moderator and to an anonymous reader."""
    from django.test import Client

    from dialogue import services

    room = world.public
    member = services.access_for(world.member, room)
    first, _ = services.post_message(
        room, world.member, member, client_id="p-1", body="**最初**", as_org=world.org.slug
    )
    reply, _ = services.post_message(
        room,
        world.outsider,
        services.access_for(world.outsider, room),
        client_id="p-2",
        body="返信です",
        reply_to=first.pk,
    )
    services.edit_message(room, world.member, member, message_id=first.pk, body="編集後")
    services.toggle_reaction(room, world.member, member, message_id=reply.pk, emoji="👍")
    services.toggle_acknowledgement(
        room, world.mayor, services.access_for(world.mayor, room), message_id=first.pk
    )
    gone, _ = services.post_message(room, world.member, member, client_id="p-3", body="消す")
    services.delete_message(room, world.member, member, message_id=gone.pk)
    hidden, _ = services.post_message(room, world.member, member, client_id="p-4", body="隠す")
    services.hide_message(
        room,
        world.moderator,
        services.access_for(world.moderator, room),
        message_id=hidden.pk,
        reason="理由",
    )
    url = f"/api/dialogue/rooms/{room.slug}/messages/?after=0"
    moderator = Client()
    moderator.force_login(world.moderator)
    for client, count in ((moderator, 4), (Client(), 3)):
        messages = client.get(url).json()["messages"]
        assert len(messages) == count
        validate = validator("server", "message.new")
        for m in messages:
            assert list(validate.iter_errors({"type": "message.new", "message": m})) == []
    page = moderator.get(f"/ja/dialogue/rooms/{room.slug}/").content.decode()
    initial = json.loads(re.search(r'id="room-initial"[^>]*>(.*?)</script>', page, re.S)[1])
    hello_fields = {
        k: initial[k] for k in schema()["$defs"]["server"]["hello"]["required"] if k != "type"
    }
    assert server_frame({"type": "hello", **hello_fields})

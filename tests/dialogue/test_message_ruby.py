"""Furigana on room messages: the `ruby` variant of M, computed once per message written.

docs/dialogue-protocol.md, "The message object M". Frames pass the protocol's schema
(tests/dialogue/conftest.py), which allows `ruby` only as null or a string.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest
from asgiref.sync import sync_to_async

from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.utils import translation

from dialogue import reading
from dialogue.models import Message
from tests.dialogue.conftest import RENDERER_TAGS
from tests.dialogue.test_consumer import send

pytestmark = pytest.mark.django_db(transaction=True)


class _Parts(HTMLParser):
    """Tags seen, and the text a reader sees with the readings (<rt>) left out."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []
        self.in_rt = 0

    def handle_starttag(self, tag, attrs) -> None:
        self.tags.append((tag, dict(attrs)))
        self.in_rt += tag == "rt"

    def handle_endtag(self, tag) -> None:
        self.in_rt -= tag == "rt"

    def handle_data(self, data) -> None:
        if not self.in_rt:
            self.text.append(data)


def parts(markup: str) -> _Parts:
    parser = _Parts()
    parser.feed(markup)
    parser.close()
    return parser


ALLOWED = {**RENDERER_TAGS, "ruby": set(), "rt": set()}


def assert_same_text_with_readings(m: dict) -> None:
    """`ruby` is `html` with readings added: the same tags plus ruby/rt, the same text."""
    ruby, plain = parts(m["ruby"]), parts(m["html"])
    for tag, attrs in ruby.tags:
        assert tag in ALLOWED and set(attrs) <= ALLOWED[tag], (tag, attrs)
    assert [t for t in ruby.tags if t[0] not in {"ruby", "rt"}] == plain.tags
    assert "".join(ruby.text) == "".join(plain.text)


async def test_a_japanese_message_carries_readings_computed_once(world, join, monkeypatch) -> None:
    calls: list[str] = []
    annotate = reading._annotate

    def counting(html: str) -> str:
        calls.append(html)
        return annotate(html)

    monkeypatch.setattr(reading, "_annotate", counting)
    writer, _ = await join("open-forum", world.member)
    readers = [(await join("open-forum", user))[0] for user in (world.outsider, None, None)]
    await writer.send(send("観光の案内板を駅前に作りましょう。"))
    frames = [await conn.recv_type("message.new") for conn in (writer, *readers)]
    m = frames[0]["message"]
    assert "<ruby>観光<rt>かんこう</rt></ruby>" in m["ruby"]
    assert "<ruby>駅前<rt>えきまえ</rt></ruby>" in m["ruby"]
    assert "<ruby>" not in m["html"]
    assert_same_text_with_readings(m)
    # Every reader gets the same frame; the analyser ran once for four readers.
    assert all(frame == frames[0] for frame in frames)
    assert len(calls) == 1
    # Later readers (hello, history) get the stored copy: no analysis per reader.
    _late, hello = await join("open-forum", world.other_member)
    assert hello["messages"][-1]["ruby"] == m["ruby"]
    history = await readers[0].ask({"type": "resume", "after": 0}, "history")
    assert history["messages"][-1]["ruby"] == m["ruby"]
    assert len(calls) == 1


async def test_text_without_kanji_has_no_ruby_variant(world, join) -> None:
    writer, _ = await join("open-forum", world.member)
    for n, body in enumerate(
        ("Let's meet at the station.", "ありがとうございます！", "😀🎉", "12345")
    ):
        await writer.send(send(body, client_id=f"k{n}"))
        m = (await writer.recv_type("message.new"))["message"]
        assert m["ruby"] is None, body


HOSTILE = (
    "<script>alert('漢字')</script> &lt;b&gt;既に&amp;エスケープ "
    "<ruby>漢<rt>かん</rt></ruby> 絵文字😀👍🏽 と 𠮷野家 "
    + "長" * 300
    + " supercalifragilistic" * 10
    + ' <img src=x onerror="alert(1)"> [リンク](javascript:alert(1)) **強調**'
)


async def test_hostile_text_stays_inert_and_is_not_escaped_twice(world, join) -> None:
    writer, _ = await join("open-forum", world.member)
    await writer.send(send(HOSTILE))
    m = (await writer.recv_type("message.new"))["message"]
    ruby = m["ruby"]
    assert ruby
    assert_same_text_with_readings(m)
    seen = "".join(parts(ruby).text)
    # What was written reads as written: the typed markup is text, shown once, unescaped once.
    assert "<script>alert('漢字')</script>" in seen
    assert "<ruby>漢<rt>かん</rt></ruby>" in seen
    assert "&lt;b&gt;既に&amp;エスケープ" in seen
    assert "😀👍🏽" in seen and "𠮷" in seen and "長" * 300 in seen
    assert not re.search(r"<(script|img)\b", ruby)
    assert 'href="javascript' not in ruby.lower()
    # Readings are added to what was written: 強調 inside <strong> gets one.
    assert re.search(r"<strong>[^<]*<ruby>強調<rt>きょうちょう</rt></ruby>", ruby)


async def test_edit_renews_the_readings_and_delete_blanks_them(world, join) -> None:
    writer, _ = await join("open-forum", world.member)
    await writer.send(send("会議は明日です"))
    m = (await writer.recv_type("message.new"))["message"]
    assert "<rt>かいぎ</rt>" in m["ruby"]
    await writer.send({"type": "message.edit", "id": m["id"], "body": "会議は来週です"})
    edited = (await writer.recv_type("message.updated"))["message"]
    assert "<rt>らいしゅう</rt>" in edited["ruby"] and "<rt>あした</rt>" not in edited["ruby"]
    await writer.send({"type": "message.edit", "id": m["id"], "body": "See you next week"})
    assert (await writer.recv_type("message.updated"))["message"]["ruby"] is None
    await writer.send({"type": "message.delete", "id": m["id"]})
    deleted = (await writer.recv_type("message.updated"))["message"]
    assert (deleted["deleted"], deleted["html"], deleted["ruby"]) == (True, "", None)
    stored = await sync_to_async(Message.objects.get)(pk=m["id"])
    assert (stored.html, stored.ruby) == ("", "")


async def test_names_use_the_readings_stored_for_them(world, join) -> None:
    world.org.name_reading = "かんこうきょうかい"
    await sync_to_async(world.org.save)()
    writer, _ = await join("open-forum", world.member)
    await writer.send(send("観光協会から報告します"))
    m = (await writer.recv_type("message.new"))["message"]
    assert "<ruby>観光協会<rt>かんこうきょうかい</rt></ruby>" in m["ruby"]


def _initial(response) -> dict:
    found = re.search(
        r'<script id="room-initial" type="application/json">(.*?)</script>',
        response.content.decode(),
        re.S,
    )
    assert found
    return json.loads(found.group(1))


@pytest.mark.django_db  # not transactional: the page tree from the migrations stays
@pytest.mark.parametrize(
    ("path", "cookie", "expected"),
    [
        ("/ja/dialogue/rooms/open-forum/", "on", True),
        ("/ja/dialogue/rooms/open-forum/", "off", False),
        ("/ja/dialogue/rooms/open-forum/", None, False),
        ("/en/dialogue/rooms/open-forum/", "on", False),  # readings are for Japanese pages
    ],
)
def test_the_room_page_tells_its_script_whether_to_show_readings(
    world, home_pages, path, cookie, expected
) -> None:
    client = Client()
    client.force_login(world.member)
    if cookie:
        client.cookies["furigana"] = cookie
    # The page activates its language in this thread: give the next test back the one it had.
    with translation.override(translation.get_language()):
        response = client.get(path)
    assert response.status_code == 200
    assert _initial(response)["furigana"] is expected


@pytest.mark.django_db(transaction=True)
def test_the_migration_gives_earlier_messages_their_readings(world) -> None:
    executor = MigrationExecutor(connection)
    # By name, not number: the migration may be renumbered when branches meet.
    target = next(
        key
        for key in executor.loader.disk_migrations
        if key[0] == "dialogue" and key[1].endswith("_message_ruby")
    )
    parents = executor.loader.disk_migrations[target].dependencies
    before, after = [dep for dep in parents if dep[0] == "dialogue"], [target]
    executor.migrate(before)
    old = executor.loader.project_state(before).apps.get_model("dialogue", "Message")
    kwargs = {"room_id": world.public.pk, "author_id": world.member.pk}
    japanese = old.objects.create(
        client_id="m1", body="駅前", html="<p>駅前 &lt;b&gt;</p>", **kwargs
    )
    english = old.objects.create(client_id="m2", body="Hello", html="<p>Hello</p>", **kwargs)
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(after)
    assert Message.objects.get(pk=japanese.pk).ruby == (
        "<p><ruby>駅前<rt>えきまえ</rt></ruby> &lt;b&gt;</p>"
    )
    assert Message.objects.get(pk=english.pk).ruby == ""

"""The `notification` frame: a mention reaches the named person's open room socket at once,
with their new unread count, on the socket they already have."""

from __future__ import annotations

import pytest
from asgiref.sync import sync_to_async

from dialogue import services
from notifications import services as notifications

pytestmark = pytest.mark.django_db(transaction=True)


def _mention(world):
    room = world.public
    services.post_message(
        room,
        world.member,
        services.access_for(world.member, room),
        client_id="m-1",
        body="@部外 者 さん、見てください",
        mentions=[world.outsider.pk],
    )


async def test_a_mention_arrives_as_a_notification_frame_in_any_room(world, join) -> None:
    # The outsider reads another room; the count still arrives there.
    conn, _hello = await join("second-forum", world.outsider)
    await sync_to_async(_mention)(world)
    frame = await conn.recv_type("notification")
    assert frame["unread"] == 1
    assert frame["latest"]["kind"] == "mention"
    assert "山田 花子" in frame["latest"]["text"]
    assert frame["latest"]["url"].startswith("/ja/notifications/")
    # Reading it (say in another tab) brings the count down on this socket.
    note = await sync_to_async(lambda: world.outsider.notifications.get())()
    await sync_to_async(notifications.mark_read)(world.outsider, note.pk)
    frame = await conn.recv_type("notification")
    assert frame == {"type": "notification", "unread": 0, "latest": None}


async def test_nobody_else_gets_the_frame(world, join) -> None:
    other, _ = await join("open-forum", world.other_member)
    anonymous, _ = await join("open-forum")
    await sync_to_async(_mention)(world)
    for conn in (other, anonymous):
        frame = await conn.recv_type("message.new")
        assert frame["message"]["client_id"] == "m-1"
        await conn.quiet()


@pytest.mark.parametrize("mentions", ["1", {"id": 1}, [True], [1.5], ["<script>"]])
async def test_a_send_with_hostile_mentions_is_refused_on_the_socket(world, join, mentions):
    conn, _hello = await join("open-forum", world.member)
    error = await conn.ask(
        {"type": "message.send", "client_id": "h-1", "body": "@x", "mentions": mentions}
    )
    assert error["code"] == "invalid" and error["client_id"] == "h-1"

"""Events leave after commit, serialised once, as one channel-layer message per room group.

Each Daphne process subscribes one hub channel per room it has readers in (see hub.py and
docs/decisions.md), so a group message costs one delivery per process, not per reader.
"""

from __future__ import annotations

import json

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

from django.db import transaction

from members import generations


def room_group(room_id: int) -> str:
    return f"dialogue.room.{room_id}"


def dumps(frame: dict) -> str:
    return json.dumps(frame, ensure_ascii=False, separators=(",", ":"))


def frame_event(
    frame: dict,
    *,
    moderator_frame: dict | None = None,
    exclude_user: int | None = None,
    message_id: int | None = None,
    volatile: bool = False,
) -> dict:
    """A channel-layer event carrying a frame already encoded as the text clients get.

    `volatile` frames (typing) change nothing a later reader would see."""
    return {
        "volatile": volatile,
        "type": "hub.frame",
        "text": dumps(frame),
        "mod_text": dumps(moderator_frame) if moderator_frame is not None else None,
        "exclude_user": exclude_user,
        "message_id": message_id,
    }


def send_now(room_id: int, event: dict) -> None:
    layer = get_channel_layer()
    if layer is not None:
        async_to_sync(layer.group_send)(room_group(room_id), event)


def room_generation_key(room_id: int) -> str:
    """The room's own generation: keys of its cached history and page carry it."""
    return f"dialogue:room:{room_id}:generation"


def send_on_commit(room_id: int, event: dict) -> None:
    """Nobody hears about a row that was rolled back. Every lasting change to a room is
    sent through here, so its cached history and page are retired here too."""

    def send() -> None:
        if not event.get("volatile"):
            generations.bump(room_generation_key(room_id))
        send_now(room_id, event)

    transaction.on_commit(send)

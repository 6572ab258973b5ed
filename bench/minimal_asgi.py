"""The yardstick for bench/rooms.py: the smallest Channels room that speaks enough protocol.

It joins a group per room, and turns each `message.send` into a `message.new` for the group
with a message object of the same shape as the real one — but it stores nothing, checks
nobody and renders no HTML. The difference between it and the real site, under the same
Daphne and the same load, is what persistence, permissions and sanitising cost.

Serve it with: daphne -b 127.0.0.1 -p 8251 bench.minimal_asgi:application
(REDIS_URL in the environment switches it to the Redis channel layer, like the real site.)
"""

from __future__ import annotations

import datetime as dt
import html
import itertools
import json
import os

import django
from django.conf import settings

if not settings.configured:
    redis_url = os.environ.get("REDIS_URL", "")
    layer = (
        {"BACKEND": "channels_redis.core.RedisChannelLayer", "CONFIG": {"hosts": [redis_url]}}
        if redis_url
        else {"BACKEND": "channels.layers.InMemoryChannelLayer"}
    )
    settings.configure(
        DEBUG=False,
        SECRET_KEY="bench-only-not-secret",  # noqa: S106
        ALLOWED_HOSTS=["*"],
        INSTALLED_APPS=["channels"],
        CHANNEL_LAYERS={"default": layer},
        USE_TZ=True,
    )
    django.setup()

from channels.generic.websocket import AsyncWebsocketConsumer  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402

from django.urls import re_path  # noqa: E402

IDS = itertools.count(1)
MAX_FRAME = 64 * 1024


class MinimalRoom(AsyncWebsocketConsumer):
    async def connect(self) -> None:
        self.slug = self.scope["url_route"]["kwargs"]["slug"]
        self.group = f"room.{self.slug}"
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()
        await self.send_json({"type": "hello", "room": {"slug": self.slug}, "messages": []})

    async def disconnect(self, code: int) -> None:
        await self.channel_layer.group_discard(self.group, self.channel_name)

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        if text_data is None or len(text_data) > MAX_FRAME:
            return
        try:
            frame = json.loads(text_data)
        except ValueError:
            return
        if not isinstance(frame, dict):
            return
        if frame.get("type") == "ping":
            await self.send_json({"type": "pong", "nonce": frame.get("nonce")})
        elif frame.get("type") == "message.send":
            body = str(frame.get("body", ""))[:4000]
            message = {
                "id": next(IDS),
                "client_id": str(frame.get("client_id", ""))[:64],
                "room": self.slug,
                "author": {"id": 0, "name": "bench"},
                "as_org": None,
                "body": body,
                "html": f"<p>{html.escape(body)}</p>",
                "reply_to": None,
                "created_at": dt.datetime.now(dt.UTC).isoformat(),
                "edited_at": None,
                "deleted": False,
                "reactions": {},
                "acknowledged_by": [],
            }
            await self.channel_layer.group_send(
                self.group, {"type": "room.message", "message": message}
            )

    async def room_message(self, event: dict) -> None:
        await self.send_json({"type": "message.new", "message": event["message"]})

    async def send_json(self, content: dict) -> None:
        await self.send(text_data=json.dumps(content, ensure_ascii=False))


async def healthz(scope, receive, send) -> None:
    """Any HTTP request: 200, so the harness sees the server is up (tests/support/)."""
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": b"ok"})


application = ProtocolTypeRouter(
    {
        "http": healthz,
        "websocket": URLRouter(
            [re_path(r"^ws/rooms/(?P<slug>[-a-zA-Z0-9_]{1,80})/$", MinimalRoom.as_asgi())]
        ),
    }
)

"""The live room socket.

This is the walking skeleton's room: it joins a group per room and relays text frames to
everyone in it, so that the routing, origin check, auth and cross-process layer are in
place and tested. The dialogue protocol replaces it.
"""

from __future__ import annotations

import json

from channels.generic.websocket import AsyncWebsocketConsumer

MAX_FRAME = 64 * 1024


class RoomConsumer(AsyncWebsocketConsumer):
    async def connect(self) -> None:
        self.slug = self.scope["url_route"]["kwargs"]["slug"]
        self.group = f"room.{self.slug}"
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()
        user = self.scope.get("user")
        me = {"id": user.pk, "name": user.public_name} if user and user.is_authenticated else None
        await self.send_json({"type": "hello", "room": {"slug": self.slug}, "me": me})

    async def disconnect(self, code: int) -> None:
        await self.channel_layer.group_discard(self.group, self.channel_name)

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        if text_data is None or len(text_data) > MAX_FRAME:
            await self.send_json({"type": "error", "code": "invalid", "detail": "bad frame"})
            return
        try:
            frame = json.loads(text_data)
        except ValueError:
            await self.send_json({"type": "error", "code": "invalid", "detail": "not JSON"})
            return
        if not isinstance(frame, dict):
            await self.send_json({"type": "error", "code": "invalid", "detail": "not an object"})
            return
        if frame.get("type") == "ping":
            await self.send_json({"type": "pong", "nonce": frame.get("nonce")})
            return
        await self.channel_layer.group_send(self.group, {"type": "room.relay", "frame": frame})

    async def room_relay(self, event: dict) -> None:
        await self.send_json({"type": "relay", "frame": event["frame"]})

    async def send_json(self, content: dict) -> None:
        await self.send(text_data=json.dumps(content, ensure_ascii=False))

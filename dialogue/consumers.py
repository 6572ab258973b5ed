"""The live room socket: the protocol of docs/dialogue-protocol.md.

Here: the connection's life (connect, hello, disconnect) and each frame's way in. Frames are
checked (frames.py: shape and types), then handled (frame_handlers.py) through
dialogue/services/, which checks meaning and permission, writes, and broadcasts after commit.
Broadcasts reach this connection through the process's RoomHub (hub.py), never through a
channel of its own.
"""

from __future__ import annotations

import json

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from members.rules import active_organizations

from . import attendance, conf, services
from .broadcast import dumps
from .frame_handlers import FrameHandlers
from .frames import FrameError, check_frame
from .hub import hub_for
from .models import Room
from .serializers import organisation, person
from .services import DialogueError
from .user_feed import feed_for


def pick_language(scope: dict, user) -> str:
    supported = dict(settings.LANGUAGES)
    if getattr(user, "is_authenticated", False) and user.preferred_language in supported:
        return user.preferred_language
    headers = {k.decode("latin1").lower(): v.decode("latin1") for k, v in scope.get("headers", [])}
    cookie = scope.get("cookies", {}).get(settings.LANGUAGE_COOKIE_NAME)
    if cookie in supported:
        return cookie
    for lang, _q in translation.trans_real.parse_accept_lang_header(
        headers.get("accept-language", "")
    ):
        try:
            return translation.get_supported_language_variant(lang)
        except LookupError:
            continue
    return settings.LANGUAGE_CODE


class RoomConsumer(FrameHandlers, AsyncWebsocketConsumer):
    # No channel per connection: the process's RoomHub holds the room's only subscription.
    channel_layer_alias = "dialogue.per-connection-layer-unused"

    user_id: int | None = None
    feed = None
    moderator = False
    last_id = 0
    ready = False
    # The session whose attendance this socket counts in (attendance.py), if any.
    attending: int | None = None

    async def connect(self) -> None:
        self.slug = self.scope["url_route"]["kwargs"]["slug"]
        self.user = self.scope.get("user") or AnonymousUser()
        self.user_id = self.user.pk if self.user.is_authenticated else None
        self.language = pick_language(self.scope, self.user)
        self.ready = False
        self.pending: list[tuple[str, int | None]] = []
        self.hub = None
        self.feed = None
        loaded = await self._load_room()
        await self.accept()
        if loaded is None:
            await self.close(code=4404)
            return
        if not self.access.read:
            await self.close(code=4403)
            return
        self.hub = hub_for(self.room.pk)
        await self.hub.join(self)
        if self.user_id is not None:
            self.feed = feed_for(self.user_id)
            await self.feed.join(self)
        hello = self._hello(await self.hub.recent(self.access.moderate))
        latest = self.last_id = hello["latest_id"]
        hello["presence"] = self.hub.present
        await self.send(text_data=dumps(hello))
        while self.pending:
            text, message_id = self.pending.pop(0)
            if message_id is None or message_id > latest:
                await self.send(text_data=text)
                self.last_id = max(self.last_id, message_id or 0)
        self.ready = True

    async def disconnect(self, code: int) -> None:
        if self.feed is not None:
            feed, self.feed = self.feed, None
            await feed.leave(self)
        if self.hub is not None:
            hub, self.hub = self.hub, None
            await hub.leave(self)
        if self.attending is not None:
            session_id, self.attending = self.attending, None
            await database_sync_to_async(attendance.left)(session_id, self.user_id)

    # --- hub listener -------------------------------------------------------------------

    async def deliver(self, text: str, message_id: int | None = None) -> None:
        if self.hub is None:
            return
        if not self.ready:
            self.pending.append((text, message_id))
            return
        await self.send(text_data=text)
        if message_id is not None:
            self.last_id = max(self.last_id, message_id)

    async def catch_up(self, messages: list[dict], complete: bool = True) -> None:
        """Messages the hub may have lost, as an unasked-for `history` frame (hub.py)."""
        if self.hub is None or not self.ready:
            return
        frame = {
            "type": "history",
            "messages": messages,
            "complete": complete,
            "after": self.last_id,
        }
        await self.send(text_data=dumps(frame))
        if messages:
            self.last_id = max(self.last_id, messages[-1]["id"])

    def presence_entry(self) -> dict | None:
        return self.me_presence

    # --- database -----------------------------------------------------------------------

    @database_sync_to_async
    def _load_room(self) -> Room | None:
        room = Room.objects.select_related("session").filter(slug=self.slug).first()
        if room is None:
            return None
        self.room = room
        self.access = services.access_for(self.user, room)
        self.moderator = self.access.moderate
        self.orgs = active_organizations(self.user) if self.user.is_authenticated else []
        self.speaking = services.speaking_orgs(self.user) if self.user.is_authenticated else []
        self.me_presence = None
        if self.user.is_authenticated:
            self.me_presence = {
                **person(self.user),
                "org": organisation(self.orgs[0]) if self.orgs else None,
            }
            session = room.session if room.session_id else None
            if self.access.read and session is not None and session.takes_attendance():
                attendance.joined(session.pk, self.user.pk)
                self.attending = session.pk
        return room

    def _hello(self, messages: list[dict]) -> dict:
        me = None
        if self.user.is_authenticated:
            me = {**person(self.user), "orgs": [organisation(o) for o in self.speaking]}
        return {
            "type": "hello",
            "room": self.room.summary(),
            "me": me,
            "can_post": self.access.post and not self.room.is_read_only,
            "can_moderate": self.access.moderate,
            "can_acknowledge": self.access.acknowledge,
            "latest_id": messages[-1]["id"] if messages else 0,
            "messages": messages,
            "presence": [],
            "allowed_emoji": list(conf.allowed_emoji()),
            "limits": conf.limits(),
        }

    # --- frames in ----------------------------------------------------------------------

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        if self.hub is None:
            return
        try:
            if text_data is None:
                raise FrameError("invalid", _("Send JSON text frames."))
            if (
                len(text_data) > conf.max_frame_bytes()
                or len(text_data.encode("utf-8", "surrogatepass")) > conf.max_frame_bytes()
            ):
                raise FrameError(
                    "too_long",
                    _("A frame can be at most %(kib)s KiB.")
                    % {"kib": conf.max_frame_bytes() // 1024},
                )
            try:
                frame = json.loads(text_data)
            except (ValueError, RecursionError) as error:
                raise FrameError("invalid", _("This is not valid JSON.")) from error
            kind, context = check_frame(frame)
            try:
                await getattr(self, "on_" + kind.replace(".", "_"))(frame)
            except DialogueError as error:
                error.context = {**context, **error.context}
                raise
        except DialogueError as error:
            await self.send_error(error)

    async def send_error(self, error: DialogueError) -> None:
        with translation.override(self.language):
            detail = str(error.detail)
        frame = {"type": "error", "code": error.code, "detail": detail}
        for key in ("client_id", "id", "setup_url"):
            if key in error.context:
                frame[key] = error.context[key]
        await self.send(text_data=dumps(frame))

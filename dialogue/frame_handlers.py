"""What the room socket does with each client frame: one `on_<type>` handler per frame type
of docs/dialogue-protocol.md, mixed into RoomConsumer (consumers.py), which checks the frame's
shape first. Each hands the frame to dialogue/services/."""

from __future__ import annotations

from channels.db import database_sync_to_async
from channels.layers import get_channel_layer

from django.utils.translation import gettext_lazy as _

from members.rules import forget

from . import conf, limits, services
from .broadcast import dumps, frame_event, room_group
from .models import Room
from .serializers import person, serialize_message
from .services import Access, DialogueError


class FrameHandlers:
    """The handlers of RoomConsumer: they read the connection's room, user and access."""

    def _require_user(self) -> None:
        if not self.user.is_authenticated:
            raise DialogueError("forbidden", _("Sign in to take part."))

    async def on_message_send(self, frame: dict) -> None:
        self._require_user()
        message, created = await database_sync_to_async(self._send)(frame)
        if not created:
            stored = {
                "type": "message.new",
                "message": serialize_message(message, moderator=self.moderator),
            }
            await self.send(text_data=dumps(stored))

    def _send(self, frame: dict):
        if self.access.post:
            limits.check_rate(self.room.pk, self.user.pk)
        return services.post_message(
            self.room,
            self.user,
            self.access,
            client_id=frame["client_id"],
            body=frame["body"],
            reply_to=frame.get("reply_to"),
            as_org=frame.get("as_org"),
            mentions=frame.get("mentions"),
        )

    async def on_message_edit(self, frame: dict) -> None:
        self._require_user()
        await database_sync_to_async(services.edit_message)(
            self.room, self.user, self.access, message_id=frame["id"], body=frame["body"]
        )

    async def on_message_delete(self, frame: dict) -> None:
        self._require_user()
        await self._power()
        await database_sync_to_async(services.delete_message)(
            self.room, self.user, self.access, message_id=frame["id"]
        )

    async def _power(self) -> None:
        """Two-step verification may have been set up in another tab since connecting."""
        if (self.access.moderate and not self.access.power) or (
            self.access.acknowledge and not self.access.acknowledge_power
        ):
            await database_sync_to_async(self._recheck)()

    async def on_message_hide(self, frame: dict) -> None:
        await self._with_reason(services.hide_message, frame)

    async def on_message_unhide(self, frame: dict) -> None:
        await self._with_reason(services.unhide_message, frame)

    async def _with_reason(self, change, frame: dict) -> None:
        """Hiding and showing again: a moderator's change with a reason."""
        self._require_user()
        await self._power()
        await database_sync_to_async(change)(
            self.room,
            self.user,
            self.access,
            message_id=frame["id"],
            reason=frame.get("reason", ""),
        )

    async def on_message_acknowledge(self, frame: dict) -> None:
        self._require_user()
        await self._power()
        await database_sync_to_async(services.toggle_acknowledgement)(
            self.room, self.user, self.access, message_id=frame["id"]
        )

    async def on_reaction_toggle(self, frame: dict) -> None:
        self._require_user()
        await database_sync_to_async(services.toggle_reaction)(
            self.room, self.user, self.access, message_id=frame["id"], emoji=frame["emoji"]
        )

    async def on_resume(self, frame: dict) -> None:
        await self._history(after=frame["after"])

    async def on_history(self, frame: dict) -> None:
        limit = frame.get("limit", conf.HISTORY_DEFAULT)
        if not 1 <= limit <= conf.HISTORY_MAX:
            raise DialogueError(
                "invalid", _("limit must be between 1 and %(max)s.") % {"max": conf.HISTORY_MAX}
            )
        await self._history(before=frame["before"], limit=limit)

    async def _history(self, **query) -> None:
        access = await database_sync_to_async(self._recheck)()
        if access is None or not access.read:
            await self.send_error(DialogueError("forbidden"))
            await self.close(code=4404 if access is None else 4403)
            return
        query.setdefault("limit", conf.HISTORY_MAX)
        messages, complete = await database_sync_to_async(services.history)(
            self.room, access, **query
        )
        frame = {"type": "history", "messages": messages, "complete": complete, **query}
        await self.send(text_data=dumps(frame))
        if messages and "after" in query:
            self.last_id = max(self.last_id, messages[-1]["id"])

    def _recheck(self) -> Access | None:
        """Visibility is checked again on every history request: it may have changed."""
        room = Room.objects.select_related("session").filter(pk=self.room.pk).first()
        if room is None:
            return None
        forget(self.user)
        self.room = room
        self.access = services.access_for(self.user, room)
        self.moderator = self.access.moderate
        return self.access

    async def on_typing(self, frame: dict) -> None:
        self._require_user()
        if not self.access.post:
            raise DialogueError("forbidden")
        if not await limits.take_typing(self.room.pk, self.user.pk):
            return
        event = frame_event(
            {"type": "typing", "user": person(self.user)},
            exclude_user=self.user.pk,
            volatile=True,
        )
        await get_channel_layer().group_send(room_group(self.room.pk), event)

    async def on_ping(self, frame: dict) -> None:
        await self.send(text_data=dumps({"type": "pong", "nonce": frame.get("nonce")}))

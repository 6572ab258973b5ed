"""One subscription per room per process: the fan-out behind the live rooms.

A process with readers in a room runs one `RoomHub` for it. The hub owns the only
channel-layer channel of that room in the process and has it in the room's group, so a
broadcast costs the layer one delivery per process. The hub forwards the frame, already
encoded as text, to its local connections. It also keeps presence: every hub announces
who is connected through it, and merges the announcements of the other processes' hubs
(re-announced every HEARTBEAT seconds, forgotten after STALE seconds without one, so a
killed process drops out on its own). See docs/decisions.md.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
import weakref
from typing import Protocol

from channels.db import database_sync_to_async
from channels.layers import get_channel_layer

from . import conf
from .broadcast import dumps, room_group
from .models import Room
from .services import Access, history

log = logging.getLogger(__name__)

HEARTBEAT = 20.0
STALE = 65.0
# The latest messages every `hello` carries are read once per change of the room, not per
# join; this bounds how long a change made without a broadcast (the admin) goes unseen.
RECENT_TTL = 10.0
PRESENCE_DELAY = 0.25


class Listener(Protocol):
    user_id: int | None
    moderator: bool

    async def deliver(self, text: str, message_id: int | None = None) -> None: ...

    async def catch_up(self, messages: list[dict], complete: bool = True) -> None: ...

    ready: bool
    last_id: int

    def presence_entry(self) -> dict | None: ...


_hubs: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, dict[int, RoomHub]] = (
    weakref.WeakKeyDictionary()
)


def hub_for(room_id: int) -> RoomHub:
    hubs = _hubs.setdefault(asyncio.get_running_loop(), {})
    hub = hubs.get(room_id)
    if hub is None:
        hub = hubs[room_id] = RoomHub(room_id)
    return hub


class RoomHub:
    def __init__(self, room_id: int) -> None:
        self.room_id = room_id
        self.group = room_group(room_id)
        self.layer = get_channel_layer()
        self.listeners: dict[Listener, None] = {}
        self.channel: str | None = None
        self.tasks: list[asyncio.Task] = []
        self.lock = asyncio.Lock()
        self.announced: dict[str, tuple[float, list[dict]]] = {}
        self.present: list[dict] = []
        self.sent_present: list[dict] = []
        self.local: dict[int, tuple[dict, int]] = {}
        self.must_announce = False
        self.flush_task: asyncio.Task | None = None
        self.version = 0
        self.recent_lock = asyncio.Lock()
        self.recent_cache: dict[bool, tuple[int, float, list[dict]]] = {}

    async def recent(self, moderator: bool) -> list[dict]:
        """The latest messages for `hello`, shared by every connection that joins before
        the room changes. Call after `join`: what arrives meanwhile is replayed."""
        async with self.recent_lock:
            version = self.version
            cached = self.recent_cache.get(moderator)
            if cached and cached[0] == version and time.monotonic() - cached[1] < RECENT_TTL:
                return cached[2]
            messages, _complete = await database_sync_to_async(history)(
                Room(pk=self.room_id),
                Access(read=True, moderate=moderator),
                limit=conf.HELLO_MESSAGES,
            )
            self.recent_cache[moderator] = (version, time.monotonic(), messages)
            return messages

    # --- joining and leaving ------------------------------------------------------------

    async def join(self, listener: Listener) -> None:
        async with self.lock:
            self.listeners[listener] = None
            if self.channel is None:
                self.channel = await self.layer.new_channel()
                await self.layer.group_add(self.group, self.channel)
                self.tasks = [
                    asyncio.create_task(self._read(), name=f"hub-read-{self.room_id}"),
                    asyncio.create_task(self._heartbeat(), name=f"hub-beat-{self.room_id}"),
                ]
                await self.layer.group_send(
                    self.group, {"type": "hub.presence.request", "from": self.channel}
                )
        self._count(listener.presence_entry(), +1)

    async def leave(self, listener: Listener) -> None:
        async with self.lock:
            if self.listeners.pop(listener, 0) is None:
                self._count(listener.presence_entry(), -1)
            if self.listeners or self.channel is None:
                return
            hubs = _hubs.get(asyncio.get_running_loop(), {})
            if hubs.get(self.room_id) is self:
                del hubs[self.room_id]
        for task in [*self.tasks, self.flush_task]:
            if task is not None:
                task.cancel()
        channel, self.channel = self.channel, None
        with contextlib.suppress(Exception):
            await self.layer.group_discard(self.group, channel)
            await self.layer.group_send(
                self.group, {"type": "hub.presence", "from": channel, "present": []}
            )

    # --- presence -----------------------------------------------------------------------
    #
    # Joins and leaves change the local count at once (so `hello` shows the newcomer), but
    # the announcement to other processes and the `presence` frames to local connections
    # go out at most every PRESENCE_DELAY: a thousand joins are a few frames, not a
    # thousand times a thousand.

    def _count(self, entry: dict | None, step: int) -> None:
        if entry is None:
            return
        held = self.local.get(entry["id"])
        count = (held[1] if held else 0) + step
        if count > 0:
            self.local[entry["id"]] = (held[0] if held else entry, count)
        else:
            self.local.pop(entry["id"], None)
        if (held is None) != (count <= 0):
            if self.channel is not None:
                self.announced[self.channel] = (time.monotonic(), self.local_presence())
            self._merge()
            self._schedule(announce=True)

    def local_presence(self) -> list[dict]:
        return [entry for entry, _count in self.local.values()]

    async def announce(self) -> None:
        """Tell every hub of the room who is connected here."""
        if self.channel is None:
            return
        present = self.local_presence()
        self.announced[self.channel] = (time.monotonic(), present)
        await self.layer.group_send(
            self.group, {"type": "hub.presence", "from": self.channel, "present": present}
        )

    def _schedule(self, *, announce: bool) -> None:
        self.must_announce |= announce
        if self.flush_task is None and self.channel is not None:
            self.flush_task = asyncio.create_task(self._flush())

    async def _flush(self) -> None:
        await asyncio.sleep(PRESENCE_DELAY)
        self.flush_task = None
        if self.must_announce:
            self.must_announce = False
            await self.announce()
        self._merge()
        if self.present != self.sent_present:
            self.sent_present = self.present
            text = dumps({"type": "presence", "present": self.present})
            for listener in list(self.listeners):
                with contextlib.suppress(Exception):
                    await listener.deliver(text)

    def _merge(self) -> None:
        now = time.monotonic()
        for key, (at, _present) in list(self.announced.items()):
            if key != self.channel and now - at > STALE:
                del self.announced[key]
        merged: dict[int, dict] = {}
        for _at, present in self.announced.values():
            for entry in present:
                merged.setdefault(entry["id"], entry)
        self.present = sorted(
            merged.values(),
            key=lambda e: ((e.get("org") or {}).get("name", "\uffff"), e["name"], e["id"]),
        )

    # --- the loops ----------------------------------------------------------------------

    async def _read(self) -> None:
        channel = self.channel
        while True:
            try:
                event = await self.layer.receive(channel)
            except asyncio.CancelledError:
                raise
            except Exception:
                # channels-redis gives up on a slow Redis with a TimeoutError and drops what
                # it had buffered for the channel: rejoin, and let every connection catch
                # up from the database.
                log.warning("room hub %s: receive failed; resyncing", self.room_id, exc_info=True)
                await asyncio.sleep(0.5)
                with contextlib.suppress(Exception):
                    await self.layer.group_add(self.group, channel)
                await self._resync()
                continue
            try:
                await self._dispatch(event)
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("room hub %s could not dispatch %s", self.room_id, event.get("type"))

    async def _heartbeat(self) -> None:
        while True:
            await asyncio.sleep(HEARTBEAT)
            channel = self.channel
            if channel is None:
                return
            # Refreshes the group membership's expiry in channels-redis as well.
            await self.layer.group_add(self.group, channel)
            await self.announce()
            self._schedule(announce=False)

    async def _dispatch(self, event: dict) -> None:
        kind = event.get("type")
        if kind == "hub.frame":
            if not event.get("volatile"):
                self.version += 1
            await self._fan_out(event)
        elif kind == "hub.presence":
            if event["from"] == self.channel:
                return
            if event["present"]:
                self.announced[event["from"]] = (time.monotonic(), event["present"])
            else:
                self.announced.pop(event["from"], None)
            self._schedule(announce=False)
        elif kind == "hub.presence.request" and event.get("from") != self.channel:
            await self.announce()

    async def _resync(self) -> None:
        """Send each connection what was committed after the last message it got: one
        database read per hub (two with moderators), however many connections."""
        self.version += 1
        listeners = [listener for listener in self.listeners if listener.ready]
        if not listeners:
            return
        after = min(listener.last_id for listener in listeners)
        found: dict[bool, tuple[list[dict], bool]] = {}
        for moderator in {listener.moderator for listener in listeners}:
            access = Access(read=True, moderate=moderator)
            found[moderator] = await database_sync_to_async(history)(
                Room(pk=self.room_id), access, after=after, limit=conf.HISTORY_MAX
            )
        for listener in listeners:
            messages, complete = found[listener.moderator]
            missed = [m for m in messages if m["id"] > listener.last_id]
            with contextlib.suppress(Exception):
                await listener.catch_up(missed, complete)

    async def _fan_out(self, event: dict) -> None:
        text, mod_text = event["text"], event.get("mod_text")
        exclude = event.get("exclude_user")
        message_id = event.get("message_id")
        for listener in list(self.listeners):
            if exclude is not None and listener.user_id == exclude:
                continue
            chosen = mod_text if (mod_text and listener.moderator) else text
            try:
                await listener.deliver(chosen, message_id)
            except Exception:
                # One broken socket must not cost the others their copy.
                log.warning("room hub %s: delivery failed", self.room_id, exc_info=True)

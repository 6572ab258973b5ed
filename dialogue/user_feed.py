"""A person's notifications, live in the room they have open: one channel per person per
process, in their notifications group (notifications.live), shared by all their tabs in
that process, like a RoomHub for one reader. The room socket carries the `notification`
frame; no page opens a second socket for it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import weakref

from channels.layers import get_channel_layer

from notifications import live

from .broadcast import dumps

log = logging.getLogger(__name__)

# channels-redis forgets a group membership after its expiry (a day by default).
REFRESH = 3600.0

_feeds: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, dict[int, UserFeed]] = (
    weakref.WeakKeyDictionary()
)


def feed_for(user_id: int) -> UserFeed:
    feeds = _feeds.setdefault(asyncio.get_running_loop(), {})
    feed = feeds.get(user_id)
    if feed is None:
        feed = feeds[user_id] = UserFeed(user_id)
    return feed


def notification_frame(event: dict) -> dict:
    return {"type": "notification", "unread": event["unread"], "latest": event.get("latest")}


class UserFeed:
    def __init__(self, user_id: int) -> None:
        self.user_id = user_id
        self.group = live.user_group(user_id)
        self.layer = get_channel_layer()
        self.listeners: dict[object, None] = {}
        self.channel: str | None = None
        self.task: asyncio.Task | None = None
        self.lock = asyncio.Lock()

    async def join(self, listener) -> None:
        async with self.lock:
            self.listeners[listener] = None
            if self.channel is None:
                self.channel = await self.layer.new_channel()
                await self.layer.group_add(self.group, self.channel)
                self.task = asyncio.create_task(self._read(), name=f"feed-{self.user_id}")

    async def leave(self, listener) -> None:
        async with self.lock:
            self.listeners.pop(listener, None)
            if self.listeners or self.channel is None:
                return
            feeds = _feeds.get(asyncio.get_running_loop(), {})
            if feeds.get(self.user_id) is self:
                del feeds[self.user_id]
            channel, self.channel = self.channel, None
            if self.task is not None:
                self.task.cancel()
        with contextlib.suppress(Exception):
            await self.layer.group_discard(self.group, channel)

    async def _read(self) -> None:
        channel = self.channel
        while True:
            try:
                event = await asyncio.wait_for(self.layer.receive(channel), REFRESH)
            except asyncio.CancelledError:
                raise
            except TimeoutError:
                with contextlib.suppress(Exception):
                    await self.layer.group_add(self.group, channel)
                continue
            except Exception:
                log.warning("notification feed %s: receive failed", self.user_id, exc_info=True)
                await asyncio.sleep(0.5)
                with contextlib.suppress(Exception):
                    await self.layer.group_add(self.group, channel)
                continue
            if event.get("type") != live.EVENT:
                continue
            text = dumps(notification_frame(event))
            for listener in list(self.listeners):
                try:
                    await listener.deliver(text)
                except Exception:
                    log.warning("notification feed %s: delivery failed", self.user_id)

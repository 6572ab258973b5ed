"""Per-user limits of the live rooms, shared by every Daphne process through the cache.

Each check is one or two atomic cache operations, never a read-modify-write: on Redis
`add` is SET NX and `incr` is INCRBY, so two processes serving the same person cannot
both let a burst through. On the local-memory cache (one process, `make run` and the unit
tests) each operation holds the cache's lock, which is as atomic as one process needs;
separate processes there do not share counters at all.

docs/decisions.md ("Counters, not lists") says why a window starts with its first send.
"""

from __future__ import annotations

import math

from django.core.cache import cache

from . import conf
from .services import DialogueError


def _ttl(seconds: float) -> int:
    # The Redis backend truncates timeouts to whole seconds, and 0 would delete the key.
    return max(1, math.ceil(seconds))


def take_send(room_id: int, user_id: int) -> bool:
    """Count one send; False when this one is over the limit of the current window.

    The window opens with the first send and lasts the configured seconds: at most
    N sends are accepted in it, whichever process receives them.
    """
    sends, seconds = conf.rate_limit()
    key = f"dialogue:rate:{room_id}:{user_id}"
    ttl = _ttl(seconds)
    for _attempt in range(3):
        cache.add(key, 0, timeout=ttl)
        try:
            count = cache.incr(key)
        except ValueError:
            # The window expired between add and incr: open a new one.
            continue
        if count == 1:
            # Redis' INCR on a key that expired a moment earlier creates it without a
            # timeout; make sure the window we just opened always ends.
            cache.touch(key, timeout=ttl)
        return count <= sends
    return False


async def take_typing(room_id: int, user_id: int) -> bool:
    """True at most once per typing interval per person per room, across processes."""
    key = f"dialogue:typing:{room_id}:{user_id}"
    return await cache.aadd(key, 1, timeout=_ttl(conf.typing_interval()))


def check_rate(room_id: int, user_id: int) -> None:
    """At most N sends in S seconds per user per room, shared by all processes (take_send)."""
    if not take_send(room_id, user_id):
        raise DialogueError("rate_limited")

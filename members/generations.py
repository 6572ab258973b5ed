"""Generation numbers in the cache: one increment retires every key built with the old number.

Cached renderings carry the generation of what they show in their keys (the page cache's
site-wide one, a room's own), so invalidating them never has to find them: a change bumps
the number and the next request misses. Old entries expire on their own timeout.

So a key that names its generation never changes while it exists, and each process may keep
what it read under such a key (fetch, keep): with Redis as the cache, a hot page or a
person's groups then cost no round trip, only the generation numbers do. A number that went
missing (a flushed or evicting Redis) starts again from the clock in microseconds, never
from a value a process may still hold renderings for.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache

T = TypeVar("T")

# Within one request, each generation is read from the cache once, and the site-wide ones
# (read_together) in a single round trip on the first read: a signed-in room page asked for
# ten numbers one by one, each a round trip to Redis in production. A change made by the
# request itself (bump) is read again. Outside a request (tasks, consumers) every read goes
# to the cache.
_request_numbers: ContextVar[_RequestNumbers | None] = ContextVar("generations", default=None)
_read_together: list[str] = []


def read_together(key: str) -> str:
    """Declare a generation most requests read: it is fetched with the others."""
    if key not in _read_together:
        _read_together.append(key)
    return key


@contextmanager
def one_read_per_request() -> Iterator[None]:
    token = _request_numbers.set(_RequestNumbers())
    try:
        yield
    finally:
        _request_numbers.reset(token)


def _read(key: str) -> int:
    current = cache.get(key)
    return _start(key) if current is None else current


def _fresh() -> int:
    return time.time_ns() // 1000


def _start(key: str) -> int:
    cache.add(key, _fresh(), timeout=None)
    return cache.get(key) or _fresh()  # another process may have been first


class _RequestNumbers(dict):
    fetched = False  # the site-wide numbers were asked for
    missing: frozenset[str] = frozenset()  # ...and these were not in the cache


def generation(key: str) -> int:
    numbers = _request_numbers.get()
    if numbers is None:
        return _read(key)
    if key not in numbers:
        if not numbers.fetched:
            wanted = [*_read_together, key]
            numbers.update(cache.get_many(wanted))
            numbers.fetched, numbers.missing = True, frozenset(wanted) - numbers.keys()
        if key not in numbers:
            numbers[key] = _start(key) if key in numbers.missing else _read(key)
    return numbers[key]


def bump(key: str) -> None:
    try:
        cache.incr(key)
    except ValueError:
        # Gone (evicted or never read): any number above the one a reader could have seen.
        cache.set(key, _fresh(), timeout=None)
    numbers = _request_numbers.get()
    if numbers is not None:
        numbers.pop(key, None)


# What this process keeps of keys that name their generation: bounded in entries and in time
# (a person's name in a stored page may be this much older than the shared cache's copy).
LOCAL_SECONDS = 60
_local = LocMemCache(
    "consortium-generations", {"TIMEOUT": LOCAL_SECONDS, "OPTIONS": {"MAX_ENTRIES": 500}}
)


def _layered() -> bool:
    """Only in front of a cache other processes share; a local-memory cache is local already."""
    return not isinstance(caches["default"], LocMemCache)


def fetch(key: str) -> Any:
    """What keep() stored under `key`, a key that names its generation(s); None if nothing."""
    if not _layered():
        return cache.get(key)
    value = _local.get(key)
    if value is None:
        value = cache.get(key)
        if value is not None:
            _local.set(key, value, LOCAL_SECONDS)
    return value


def keep(key: str, value: Any, timeout: int) -> None:
    cache.set(key, value, timeout)
    if _layered():
        _local.set(key, value, min(timeout, LOCAL_SECONDS))


def forget_local() -> None:
    """Drop what this process keeps (tests, after clearing the shared cache)."""
    _local.clear()


def remembered(
    generation_key: str, key: str, compute: Callable[[], T], timeout: int = 15 * 60
) -> T:
    """compute(), kept in the cache under `key` until the generation `generation_key` moves
    (or `timeout` passes). None is never stored: compute must not return it."""
    full_key = f"{key}:{generation(generation_key)}"
    value = fetch(full_key)
    if value is None:
        value = compute()
        keep(full_key, value, timeout)
    return value


# The site-wide generation of published content (cms's page cache, the dashboard, dialogue's
# session pages): bumped on publishing and on changes to what those pages show.
PAGES = read_together("pagecache:generation")
# Who holds which role or permission (groups, their permissions, a person's own): bumped on
# every change, so cached answers about a person's permissions are never older than it.
ROLES = read_together("members:roles:generation")

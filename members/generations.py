"""Generation numbers in the cache: one increment retires every key built with the old number.

Cached renderings carry the generation of what they show in their keys (the page cache's
site-wide one, a room's own), so invalidating them never has to find them: a change bumps
the number and the next request misses. Old entries expire on their own timeout.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TypeVar

from django.core.cache import cache

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


def _start(key: str) -> int:
    cache.add(key, 1, timeout=None)
    return cache.get(key, 1)  # another process may have been first


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
        cache.set(key, 2, timeout=None)
    numbers = _request_numbers.get()
    if numbers is not None:
        numbers.pop(key, None)


def remembered(
    generation_key: str, key: str, compute: Callable[[], T], timeout: int = 15 * 60
) -> T:
    """compute(), kept in the cache under `key` until the generation `generation_key` moves
    (or `timeout` passes). None is never stored: compute must not return it."""
    full_key = f"{key}:{generation(generation_key)}"
    value = cache.get(full_key)
    if value is None:
        value = compute()
        cache.set(full_key, value, timeout)
    return value


# The site-wide generation of published content (cms's page cache, the dashboard, dialogue's
# session pages): bumped on publishing and on changes to what those pages show.
PAGES = read_together("pagecache:generation")
# Who holds which role or permission (groups, their permissions, a person's own): bumped on
# every change, so cached answers about a person's permissions are never older than it.
ROLES = read_together("members:roles:generation")

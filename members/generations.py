"""Generation numbers in the cache: one increment retires every key built with the old number.

Cached renderings carry the generation of what they show in their keys (the page cache's
site-wide one, a room's own), so invalidating them never has to find them: a change bumps
the number and the next request misses. Old entries expire on their own timeout.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache

T = TypeVar("T")


def generation(key: str) -> int:
    current = cache.get(key)
    if current is None:
        cache.add(key, 1, timeout=None)
        current = cache.get(key, 1)
    return current


def bump(key: str) -> None:
    try:
        cache.incr(key)
    except ValueError:
        # Gone (evicted or never read): any number above the one a reader could have seen.
        cache.set(key, 2, timeout=None)


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
PAGES = "pagecache:generation"
# Who holds which role or permission (groups, their permissions, a person's own): bumped on
# every change, so cached answers about a person's permissions are never older than it.
ROLES = "members:roles:generation"

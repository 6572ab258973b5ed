"""Generation numbers in the cache: one increment retires every key built with the old number.

Cached renderings carry the generation of what they show in their keys (the page cache's
site-wide one, a room's own), so invalidating them never has to find them: a change bumps
the number and the next request misses. Old entries expire on their own timeout.
"""

from __future__ import annotations

from django.core.cache import cache


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


# The site-wide generation of published content (cms's page cache, the dashboard, dialogue's
# session pages): bumped on publishing and on changes to what those pages show.
PAGES = "pagecache:generation"
# Who holds which role or permission (groups, their permissions, a person's own): bumped on
# every change, so cached answers about a person's permissions are never older than it.
ROLES = "members:roles:generation"

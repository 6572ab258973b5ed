"""Anonymous page views served from the cache, purged whenever published content changes.

Uncached Wagtail pages under Daphne are 20-50x slower than a trivial view (FACTS.md); the
home dashboard and the pilot pages read many rows. Keys carry a generation number, so one
increment on publish, unpublish or a new measurement retires every stored page at once.
"""

from __future__ import annotations

import hashlib

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_language

from cms.reading import furigana

GENERATION_KEY = "pagecache:generation"
TIMEOUT = 15 * 60
CACHEABLE_PARAMS = frozenset({"status", "theme", "organization", "year", "sort", "page"})


def purge_page_cache() -> None:
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 2, timeout=None)


def generation() -> int:
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, 1, timeout=None)
        generation = cache.get(GENERATION_KEY, 1)
    return generation


def page_cache_key(request: HttpRequest) -> str:
    path = request.get_full_path()
    digest = hashlib.sha256(path.encode("utf-8", "surrogatepass")).hexdigest()[:32]
    return f"pagecache:{generation()}:{get_language()}:{furigana.variant(request)}:{digest}"


def is_cacheable(request: HttpRequest) -> bool:
    if request.method != "GET":
        return False
    if getattr(request, "is_preview", False):
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    # A session or pending messages may change what the page shows.
    if "sessionid" in request.COOKIES or "messages" in request.COOKIES:
        return False
    return set(request.GET) <= CACHEABLE_PARAMS and len(request.get_full_path()) <= 400


def cached_response(request: HttpRequest) -> HttpResponse | None:
    """The one place a stored page is served from (PageCacheMiddleware calls it)."""
    if not is_cacheable(request):
        return None
    stored = cache.get(page_cache_key(request))
    if stored is None:
        return None
    response = HttpResponse(stored, content_type="text/html; charset=utf-8")
    response["X-Page-Cache"] = "hit"
    return response


class CachedPageMixin:
    """Mix into a Page model before Page: its anonymous views are stored for the middleware."""

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        if not is_cacheable(request):
            return response
        if hasattr(response, "render"):
            response.render()
        # Each variant is stored as served, so a hit costs no annotation.
        response = furigana.apply_furigana(request, response)
        if response.status_code == 200 and not response.streaming:
            cache.set(page_cache_key(request), response.content, TIMEOUT)
            response["X-Page-Cache"] = "miss"
        return response

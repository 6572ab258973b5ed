"""Serve anonymous page views from the page cache before Wagtail routes the request.

Pages store themselves (CachedPageMixin.serve) only after Wagtail's routing and privacy
checks let an anonymous visitor without a session see them, so nothing here can reveal a
page that visitor could not see; view restrictions purge the cache when they change.
"""

from __future__ import annotations

from django.core.cache import cache
from django.http import HttpResponse

from .page_cache import is_cacheable, page_cache_key


class PageCacheMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        if is_cacheable(request):
            stored = cache.get(page_cache_key(request))
            if stored is not None:
                response = HttpResponse(stored, content_type="text/html; charset=utf-8")
                response["X-Page-Cache"] = "hit"
                return response
        return self.get_response(request)

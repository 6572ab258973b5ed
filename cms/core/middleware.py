"""Serve anonymous page views from the page cache before Wagtail routes the request.

Pages store themselves (CachedPageMixin.serve) only after Wagtail's routing and privacy
checks let an anonymous visitor without a session see them, so nothing here can reveal a
page that visitor could not see; view restrictions purge the cache when they change.
"""

from __future__ import annotations

from .page_cache import cached_response


class PageCacheMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        response = cached_response(request)
        return response if response is not None else self.get_response(request)

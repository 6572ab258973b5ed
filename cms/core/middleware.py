"""Serve page views from the page cache before Wagtail routes the request.

Pages store themselves (CachedPageMixin.serve) only after Wagtail's routing and privacy
checks let an anonymous visitor without a session see them, so nothing here can reveal a
page that visitor could not see; view restrictions purge the cache when they change.

Only Wagtail's page view is ever stored, so only its requests look in the cache: the rooms,
the API and everything else would pay one or two cache round trips (Redis, in production)
for a miss that is certain.
"""

from __future__ import annotations

from django.urls import Resolver404, get_resolver

from wagtail.views import serve

from .page_cache import cached_response


def _is_page_view(request) -> bool:
    # Resolved here rather than in process_view: a sync process_view costs a thread switch
    # under Daphne (tests/consortium/test_middleware.py); the resolver caches its patterns.
    try:
        match = get_resolver(getattr(request, "urlconf", None)).resolve(request.path_info)
    except Resolver404:
        return False
    return match.func is serve


class PageCacheMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        response = cached_response(request) if _is_page_view(request) else None
        return response if response is not None else self.get_response(request)

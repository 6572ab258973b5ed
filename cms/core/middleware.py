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

from .page_cache import anonymous_hit, shared_hit


def _is_page_view(request) -> bool:
    # Resolved here rather than in process_view: a sync process_view costs a thread switch
    # under Daphne (tests/consortium/test_middleware.py). Both middleware ask: once per request.
    known = getattr(request, "_is_page_view", None)
    if known is None:
        try:
            match = get_resolver(getattr(request, "urlconf", None)).resolve(request.path_info)
        except Resolver404:
            known = False
        else:
            known = match.func is serve
        request._is_page_view = known
    return known


class AnonymousPageCacheMiddleware:
    """Right after LocaleMiddleware (the language comes from the URL prefix): a visitor
    without a session gets a stored page before the rest of the stack runs."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        response = anonymous_hit(request) if _is_page_view(request) else None
        return response if response is not None else self.get_response(request)


class PageCacheMiddleware:
    """Near the end: signed-in people's shared renderings need their session and user."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        response = shared_hit(request) if _is_page_view(request) else None
        return response if response is not None else self.get_response(request)

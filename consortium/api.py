"""Wagtail API v2, read-only: published pages only (the pages endpoint never shows drafts).

`?search=` goes through the same Japanese analyser as the site's search page
(japanese/search.py): words inside sentences are found, and whatever is typed (operators,
quotes, control characters such as %00) is only ever letters and digits to the backend.
"""

from __future__ import annotations

from django.conf import settings

from wagtail.api.v2.filters import SearchFilter
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.search.backends import get_search_backend
from wagtail.search.backends.base import FilterFieldError, OrderByFieldError

from japanese.search import search_query


class JapaneseSearchFilter(SearchFilter):
    def filter_queryset(self, request, queryset, view):
        if "search" not in request.GET:
            return queryset
        if not getattr(settings, "WAGTAILAPI_SEARCH_ENABLED", True):
            raise BadRequestError("search is disabled")
        if getattr(queryset, "_filtered_by_tag", False):
            raise BadRequestError("filtering by tag with a search query is not supported")
        query = search_query(request.GET["search"])
        if query is None:
            return queryset.none()
        try:
            return get_search_backend().search(
                query, queryset, order_by_relevance="order" not in request.GET
            )
        except (FilterFieldError, OrderByFieldError) as error:
            raise BadRequestError(f"cannot use '{error.field_name}' while searching") from error


class SitePagesAPIViewSet(PagesAPIViewSet):
    filter_backends = [
        *(f for f in PagesAPIViewSet.filter_backends if f is not SearchFilter),
        JapaneseSearchFilter,  # last: search results cannot be filtered further
    ]


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", SitePagesAPIViewSet)

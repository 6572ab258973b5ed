"""The search page: /<language>/search/?q=…&type=…&page=…"""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from . import services


def _int(value: str | None) -> int:
    try:
        return int(value or 1)
    except ValueError:
        return 1


@require_safe
def search(request: HttpRequest) -> HttpResponse:
    text = request.GET.get("q", "")
    kind = request.GET.get("type") or None
    results = services.search(text, request.user, kind=kind, page=_int(request.GET.get("page")))
    base = {"q": results.query}
    if results.kind:
        base["type"] = results.kind
    kinds = [
        {
            "value": value,
            "label": label,
            "count": results.counts.get(value),
            "url": "?" + urlencode({"q": results.query, "type": value}),
            "current": value == results.kind,
        }
        for value, label in services.KINDS.items()
    ]
    return render(
        request,
        "cms/search/search.html",
        {
            "results": results,
            "kinds": kinds,
            "all_url": "?" + urlencode({"q": results.query}),
            "all_count": sum(results.counts.values()),
            "first_number": (results.page - 1) * services.PER_PAGE + 1,
            "previous_url": "?" + urlencode({**base, "page": results.page - 1}),
            "next_url": "?" + urlencode({**base, "page": results.page + 1}),
        },
    )

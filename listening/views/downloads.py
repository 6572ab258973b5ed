"""A map as files to download: Kouchou-AI's hierarchical_result.json and a CSV of opinions."""

from __future__ import annotations

import io

from django.http import HttpRequest, HttpResponse, JsonResponse

from .. import exports
from .access import get_map


def export_json(request: HttpRequest, pk: int) -> HttpResponse:
    opinion_map, refusal = get_map(request, pk)
    if refusal:
        return refusal
    response = JsonResponse(
        exports.map_document(opinion_map, request), json_dumps_params={"ensure_ascii": False}
    )
    response["Content-Disposition"] = (
        f'attachment; filename="opinion-map-{opinion_map.pk}-hierarchical_result.json"'
    )
    return response


def export_csv(request: HttpRequest, pk: int) -> HttpResponse:
    opinion_map, refusal = get_map(request, pk)
    if refusal:
        return refusal
    out = io.StringIO()
    exports.write_csv(opinion_map, out)
    # With a BOM so that Excel opens the Japanese text as UTF-8.
    response = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="opinion-map-{opinion_map.pk}.csv"'
    return response

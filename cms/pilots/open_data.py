"""Open data: one pilot's indicators and measurements as CSV and JSON, and an Atom feed.

The CSV columns are a public contract documented in docs/open-data.md: add columns at the
end, never rename or reorder them.
"""

from __future__ import annotations

import csv
import io

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from wagtail.models import Locale

from .pages import PilotPage

CSV_COLUMNS = [
    "pilot_id",
    "pilot_slug",
    "pilot_title",
    "language",
    "indicator_key",
    "indicator_name",
    "unit",
    "direction",
    "baseline",
    "target",
    "target_date",
    "date",
    "value",
    "note",
]


def _public_pilot(page_id: int) -> PilotPage:
    pilot = PilotPage.objects.live().public().filter(pk=page_id).select_related("locale").first()
    if pilot is None:
        raise Http404
    return pilot


def csv_rows(pilot: PilotPage) -> list[list[str]]:
    rows = []
    for result in pilot.indicator_results:
        ind = result.indicator
        for measurement in result.measurements:
            rows.append(
                [
                    str(pilot.pk),
                    pilot.slug,
                    pilot.title,
                    pilot.locale.language_code,
                    ind.key,
                    ind.name,
                    ind.unit,
                    ind.direction,
                    str(ind.baseline),
                    str(ind.target),
                    ind.target_date.isoformat() if ind.target_date else "",
                    measurement.date.isoformat(),
                    str(measurement.value),
                    measurement.note,
                ]
            )
    return rows


def _safe_cell(value: str) -> str:
    """Keep spreadsheet programs from running a cell as a formula (CSV injection)."""
    return (
        "'" + value
        if value[:1] in ("=", "+", "-", "@", "\t", "\r") and not _is_number(value)
        else value
    )


def _is_number(value: str) -> bool:
    try:
        float(value)
    except ValueError:
        return False
    return True


@require_GET
def pilot_csv(request: HttpRequest, page_id: int) -> HttpResponse:
    pilot = _public_pilot(page_id)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for row in csv_rows(pilot):
        writer.writerow([_safe_cell(cell) for cell in row])
    # The BOM makes Excel on Japanese Windows read UTF-8 instead of Shift_JIS.
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="pilot-{pilot.pk}-{pilot.slug}.csv"'
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
def pilot_json(request: HttpRequest, page_id: int) -> JsonResponse:
    pilot = _public_pilot(page_id)
    response = JsonResponse(
        {
            "pilot": {
                "id": pilot.pk,
                "slug": pilot.slug,
                "title": pilot.title,
                "language": pilot.locale.language_code,
                "status": pilot.status,
                "url": pilot.get_full_url(request),
            },
            "indicators": pilot.open_data,
        },
        json_dumps_params={"ensure_ascii": False},
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response


class PilotFeed(Feed):
    """Pilots in the visitor's language, most recently published first."""

    feed_type = Atom1Feed
    title = _("Pilot projects: updates")
    subtitle = _("New and updated pilot projects of the consortium, with their measured results.")

    def link(self) -> str:
        return f"/{get_language()}/"

    def items(self):
        locale = Locale.objects.filter(language_code=get_language()).first()
        if locale is None:
            return PilotPage.objects.none()
        return (
            PilotPage.objects.live()
            .public()
            .filter(locale=locale)
            .order_by("-last_published_at")[:30]
        )

    def item_title(self, item: PilotPage) -> str:
        return f"{item.title} ({item.get_status_display()})"

    def item_description(self, item: PilotPage) -> str:
        return item.summary

    def item_link(self, item: PilotPage) -> str:
        return item.get_url() or "/"

    def item_updateddate(self, item: PilotPage):
        return item.last_published_at

    def item_pubdate(self, item: PilotPage):
        return item.first_published_at


pilot_feed = PilotFeed()

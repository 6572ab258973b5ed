"""Reading a map (SVG map, group list, drill-down, filters), exporting it, and the staff
pages that make, recompute and annotate maps."""

from __future__ import annotations

import io
import json
import math
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import csvfile, exports, services, tasks
from .forms import GroupForm, MapSettingsForm, NewMapForm
from .models import Group, OpinionMap

# Okabe-Ito and friends: told apart by most colour-blind readers.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#7A5C00",
           "#5B3A8E", "#2E7D32", "#8C2D04"]  # fmt: skip
WIDTH, HEIGHT, PAD = 960, 600, 30
MAX_POINTS = 3000
OPINIONS_PER_PAGE = 50


def _refuse(request: HttpRequest):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    raise PermissionDenied


def _get_map(request: HttpRequest, pk: int, perm: str = "listening.view_opinionmap"):
    opinion_map = get_object_or_404(
        OpinionMap.objects.select_related("room", "session", "session__room"), pk=pk
    )
    if not request.user.has_perm(perm, opinion_map):
        return None, _refuse(request)
    return opinion_map, None


def map_list(request: HttpRequest) -> HttpResponse:
    maps = [
        m
        for m in OpinionMap.objects.select_related("room", "session", "session__room")
        if request.user.has_perm("listening.view_opinionmap", m)
    ]
    return render(
        request,
        "listening/map_list.html",
        {"maps": maps, "can_add": request.user.has_perm("listening.add_opinionmap")},
    )


# --- filters ---------------------------------------------------------------------------


@dataclass
class Filters:
    choices: list[dict] = field(default_factory=list)  # name, param, values, selected
    active: dict[str, str] = field(default_factory=dict)

    @property
    def query(self) -> str:
        return urlencode({c["param"]: c["selected"] for c in self.choices if c["selected"]})

    def keep(self, attributes: dict) -> bool:
        return all(attributes.get(k) == v for k, v in self.active.items())


def _filters(request: HttpRequest, opinion_map: OpinionMap, rows) -> Filters:
    filters = Filters()
    for i, name in enumerate(opinion_map.attribute_names[:20]):
        values = Counter(r["attributes"].get(name) for r in rows)
        values.pop(None, None)
        if not values:
            continue
        options = sorted(values)[:50]
        param = f"a{i}"
        selected = request.GET.get(param, "")
        if selected not in options:
            selected = ""
        else:
            filters.active[name] = selected
        filters.choices.append(
            {"name": name, "param": param, "values": options, "selected": selected}
        )
    return filters


# --- the map ---------------------------------------------------------------------------


def _rows(opinion_map: OpinionMap):
    return list(
        opinion_map.opinions.values("position", "broad_id", "fine_id", "x", "y", "attributes")
    )


def _scale(rows):
    if not rows:
        return lambda x, y: (0, 0)
    xs = [r["x"] for r in rows]
    ys = [r["y"] for r in rows]
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    sx = (WIDTH - 2 * PAD) / ((x1 - x0) or 1)
    sy = (HEIGHT - 2 * PAD) / ((y1 - y0) or 1)

    def scale(x, y):
        return round(PAD + (x - x0) * sx, 1), round(HEIGHT - PAD - (y - y0) * sy, 1)

    return scale


def _svg(opinion_map, groups, rows, kept, colour, filters_query):
    scale = _scale(rows)
    regions = []
    for g in groups:
        pts = [scale(r["x"], r["y"]) for r in rows if r["broad_id"] == g.pk]
        if not pts:
            continue
        cx = sum(p[0] for p in pts) / len(pts)
        cy = sum(p[1] for p in pts) / len(pts)
        rx = max(18.0, 2 * math.sqrt(sum((p[0] - cx) ** 2 for p in pts) / len(pts)))
        ry = max(18.0, 2 * math.sqrt(sum((p[1] - cy) ** 2 for p in pts) / len(pts)))
        url = reverse("listening:group", args=[opinion_map.pk, g.pk])
        regions.append(
            {
                "group": g,
                "cx": round(cx, 1),
                "cy": round(cy, 1),
                "rx": round(rx, 1),
                "ry": round(ry, 1),
                "colour": colour[g.pk],
                "url": f"{url}?{filters_query}" if filters_query else url,
                "count": kept[g.pk],
            }
        )
    shown = [r for r in rows if r["keep"]]
    step = max(1, math.ceil(len(shown) / MAX_POINTS))
    points = [(*scale(r["x"], r["y"]), colour[r["broad_id"]]) for r in shown[::step]]
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "regions": regions,
        "points": points,
        "drawn": len(points),
        "total": len(shown),
    }


def map_detail(request: HttpRequest, pk: int) -> HttpResponse:
    opinion_map, refusal = _get_map(request, pk)
    if refusal:
        return refusal
    groups = list(opinion_map.groups.all())
    broad = [g for g in groups if g.level == 1]
    colour = {}
    for i, g in enumerate(broad):
        colour[g.pk] = PALETTE[i % len(PALETTE)]
    for g in groups:
        if g.level == 2:
            colour[g.pk] = colour[g.parent_id]
    rows = _rows(opinion_map)
    filters = _filters(request, opinion_map, rows)
    kept = Counter()
    for r in rows:
        r["keep"] = filters.keep(r["attributes"])
        if r["keep"]:
            kept[r["broad_id"]] += 1
            kept[r["fine_id"]] += 1
    quotes = _quotes(opinion_map, groups)
    tightest = min(broad, key=lambda g: g.density_rank, default=None)
    entries = [
        {
            "group": g,
            "colour": colour[g.pk],
            "count": kept[g.pk],
            "quotes": quotes.get(g.pk, []),
            "tightest": g is tightest,
            "children": [{"group": c, "count": kept[c.pk]} for c in groups if c.parent_id == g.pk],
        }
        for g in broad
    ]
    return render(
        request,
        "listening/map_detail.html",
        {
            "map": opinion_map,
            "entries": entries,
            "svg": _svg(opinion_map, broad, rows, kept, colour, filters.query) if broad else None,
            "filters": filters,
            "shown_count": sum(1 for r in rows if r["keep"]),
            "can_change": request.user.has_perm("listening.change_opinionmap", opinion_map),
        },
    )


def _quotes(opinion_map, groups) -> dict[int, list]:
    wanted = {q for g in groups for q in g.quotes}
    by_position = {
        o.position: o
        for o in opinion_map.opinions.filter(position__in=wanted).only(
            "position", "text", "source_url", "source_label"
        )
    }
    return {g.pk: [by_position[q] for q in g.quotes if q in by_position] for g in groups}


def group_detail(request: HttpRequest, pk: int, group_pk: int) -> HttpResponse:
    opinion_map, refusal = _get_map(request, pk)
    if refusal:
        return refusal
    group = get_object_or_404(Group.objects.select_related("parent"), map=opinion_map, pk=group_pk)
    field_name = "broad" if group.level == 1 else "fine"
    opinions = list(
        opinion_map.opinions.filter(**{field_name: group}).order_by("-centrality", "position")
    )
    filters = _filters(request, opinion_map, [{"attributes": o.attributes} for o in opinions])
    opinions = [o for o in opinions if filters.keep(o.attributes)]
    counts = Counter(o.fine_id for o in opinions)
    children = [{"group": c, "count": counts[c.pk]} for c in group.children.all()]
    page = Paginator(opinions, OPINIONS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "listening/group_detail.html",
        {
            "map": opinion_map,
            "group": group,
            "children": children,
            "page": page,
            "filters": filters,
            "count": len(opinions),
            "can_change": request.user.has_perm("listening.change_opinionmap", opinion_map),
        },
    )


# --- exports ---------------------------------------------------------------------------


def export_json(request: HttpRequest, pk: int) -> HttpResponse:
    opinion_map, refusal = _get_map(request, pk)
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
    opinion_map, refusal = _get_map(request, pk)
    if refusal:
        return refusal
    out = io.StringIO()
    exports.write_csv(opinion_map, out)
    # With a BOM so that Excel opens the Japanese text as UTF-8.
    response = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="opinion-map-{opinion_map.pk}.csv"'
    return response


def progress(request: HttpRequest, pk: int) -> HttpResponse:
    opinion_map, refusal = _get_map(request, pk)
    if refusal:
        return refusal
    return HttpResponse(
        json.dumps(
            {
                "status": opinion_map.status,
                "progress": opinion_map.progress,
                "step": opinion_map.progress_step,
            }
        ),
        content_type="application/json",
    )


# --- staff -----------------------------------------------------------------------------


def map_create(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("listening.add_opinionmap"):
        return _refuse(request)
    form = NewMapForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        common = {
            "title": data["title"],
            "question": data["question"],
            "published": data["published"],
            "user": request.user,
        }
        try:
            if data["source_kind"] == "csv":
                opinion_map = services.create_csv_map(data=data["csv_bytes"], **common)
            else:
                opinion_map = services.create_map(
                    source_kind=data["source_kind"],
                    room=data["room"] if data["source_kind"] == "room" else None,
                    session=data["session"] if data["source_kind"] == "session" else None,
                    **common,
                )
        except csvfile.CsvError as error:
            form.add_error("csv_file", str(error))
        else:
            tasks.request_compute(opinion_map)
            messages.success(request, _("The map is being computed."))
            return redirect(opinion_map)
    return render(request, "listening/map_form.html", {"form": form})


def map_edit(request: HttpRequest, pk: int) -> HttpResponse:
    opinion_map, refusal = _get_map(request, pk, "listening.change_opinionmap")
    if refusal:
        return refusal
    form = MapSettingsForm(request.POST or None, instance=opinion_map)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Saved."))
        return redirect(opinion_map)
    return render(request, "listening/map_settings.html", {"form": form, "map": opinion_map})


@require_POST
def map_recompute(request: HttpRequest, pk: int) -> HttpResponse:
    opinion_map, refusal = _get_map(request, pk, "listening.change_opinionmap")
    if refusal:
        return refusal
    if tasks.request_compute(opinion_map):
        messages.success(request, _("The map is being recomputed."))
    else:
        messages.info(request, _("The map is already being computed."))
    return redirect(opinion_map)


def group_edit(request: HttpRequest, pk: int, group_pk: int) -> HttpResponse:
    opinion_map, refusal = _get_map(request, pk, "listening.change_opinionmap")
    if refusal:
        return refusal
    group = get_object_or_404(Group, map=opinion_map, pk=group_pk)
    form = GroupForm(request.POST or None, instance=group)
    if request.method == "POST" and form.is_valid():
        services.edit_group(
            group, name=form.cleaned_data["name"], takeaway=form.cleaned_data["takeaway"]
        )
        messages.success(request, _("Saved."))
        return redirect("listening:group", opinion_map.pk, group.pk)
    return render(
        request, "listening/group_form.html", {"form": form, "map": opinion_map, "group": group}
    )

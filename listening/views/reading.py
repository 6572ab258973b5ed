"""Reading maps: the list, one map (drawing, group list, filters), one group's opinions,
and the progress a map being computed reports."""

from __future__ import annotations

import json
from collections import Counter

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from ..models import Group, OpinionMap
from . import svg_map
from .access import get_map
from .filters import filters_for

OPINIONS_PER_PAGE = 50


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


def _rows(opinion_map: OpinionMap):
    return list(
        opinion_map.opinions.values("position", "broad_id", "fine_id", "x", "y", "attributes")
    )


def map_detail(request: HttpRequest, pk: int) -> HttpResponse:
    opinion_map, refusal = get_map(request, pk)
    if refusal:
        return refusal
    groups = list(opinion_map.groups.all())
    broad = [g for g in groups if g.level == 1]
    colour = svg_map.colours(groups)
    rows = _rows(opinion_map)
    filters = filters_for(request, opinion_map, rows)
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
            "svg": svg_map.draw(opinion_map, broad, rows, kept, colour, filters.query)
            if broad
            else None,
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
    opinion_map, refusal = get_map(request, pk)
    if refusal:
        return refusal
    group = get_object_or_404(Group.objects.select_related("parent"), map=opinion_map, pk=group_pk)
    field_name = "broad" if group.level == 1 else "fine"
    opinions = list(
        opinion_map.opinions.filter(**{field_name: group}).order_by("-centrality", "position")
    )
    filters = filters_for(request, opinion_map, [{"attributes": o.attributes} for o in opinions])
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


def progress(request: HttpRequest, pk: int) -> HttpResponse:
    opinion_map, refusal = get_map(request, pk)
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

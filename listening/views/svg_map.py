"""The map drawn as SVG: one colour per broad group, a region around each, sampled points."""

from __future__ import annotations

import math

from django.urls import reverse

# Okabe-Ito and friends: told apart by most colour-blind readers.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#7A5C00",
           "#5B3A8E", "#2E7D32", "#8C2D04"]  # fmt: skip
WIDTH, HEIGHT, PAD = 960, 600, 30
MAX_POINTS = 3000


def colours(groups) -> dict[int, str]:
    """Group pk → colour: each broad group its own, each fine group its parent's."""
    colour = {}
    for i, g in enumerate(g for g in groups if g.level == 1):
        colour[g.pk] = PALETTE[i % len(PALETTE)]
    for g in groups:
        if g.level == 2:
            colour[g.pk] = colour[g.parent_id]
    return colour


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


def draw(opinion_map, groups, rows, kept, colour, filters_query):
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

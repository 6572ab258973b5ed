"""Line charts drawn on the server as plain SVG: no chart library, no script.

The template gets coordinates and labels ready to print; the text alternative (the SVG's
<title>/<desc> and the data table beside it) is built from the same numbers.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from decimal import Decimal

from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext as _

from .formatting import plain_number

WIDTH = 640
HEIGHT = 280
LEFT, RIGHT, TOP, BOTTOM = 72, 20, 16, 40


def _nice_step(span: float, count: int = 5) -> float:
    raw = span / max(count, 1)
    magnitude = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * magnitude:
            return factor * magnitude
    return 10 * magnitude


@dataclass
class LineChart:
    points: list[tuple[dt.date, Decimal]]
    baseline: Decimal
    target: Decimal
    unit: str = ""
    width: int = WIDTH
    height: int = HEIGHT

    @property
    def empty(self) -> bool:
        return not self.points

    @cached_property
    def _y_range(self) -> tuple[float, float, float]:
        values = [float(v) for _d, v in self.points] + [float(self.baseline), float(self.target)]
        low, high = min(values), max(values)
        if low == high:
            low, high = low - 1, high + 1
        step = _nice_step(high - low)
        low = math.floor(low / step) * step
        high = math.ceil(high / step) * step
        return low, high, step

    @cached_property
    def _x_range(self) -> tuple[dt.date, int]:
        first = self.points[0][0]
        days = (self.points[-1][0] - first).days
        return first, days

    def _x(self, day: dt.date) -> float:
        first, days = self._x_range
        inner = self.width - LEFT - RIGHT
        if days == 0:
            return LEFT + inner / 2
        return round(LEFT + (day - first).days / days * inner, 1)

    def _y(self, value: Decimal | float) -> float:
        low, high, _step = self._y_range
        inner = self.height - TOP - BOTTOM
        return round(TOP + (high - float(value)) / (high - low) * inner, 1)

    @property
    def plot_left(self) -> int:
        return LEFT

    @property
    def plot_right(self) -> int:
        return self.width - RIGHT

    @property
    def plot_bottom(self) -> int:
        return self.height - BOTTOM

    @property
    def viewbox(self) -> str:
        return f"0 0 {self.width} {self.height}"

    @cached_property
    def dots(self) -> list[dict]:
        return [
            {
                "x": self._x(day),
                "y": self._y(value),
                "label": f"{date_format(day, 'DATE_FORMAT')}: {plain_number(value)} {self.unit}",
            }
            for day, value in self.points
        ]

    @property
    def path(self) -> str:
        return " ".join(
            f"{'M' if index == 0 else 'L'}{dot['x']},{dot['y']}"
            for index, dot in enumerate(self.dots)
        )

    @property
    def target_y(self) -> float:
        return self._y(self.target)

    @property
    def baseline_y(self) -> float:
        return self._y(self.baseline)

    @property
    def y_ticks(self) -> list[dict]:
        low, high, step = self._y_range
        ticks = []
        count = round((high - low) / step)
        for index in range(count + 1):
            value = low + index * step
            ticks.append(
                {"y": self._y(value), "label": plain_number(Decimal(str(round(value, 6))))}
            )
        return ticks

    @property
    def x_ticks(self) -> list[dict]:
        if not self.points:
            return []
        days = [self.points[0][0]]
        if self.points[-1][0] != days[0]:
            days.append(self.points[-1][0])
        anchors = ["start", "end"] if len(days) == 2 else ["middle"]
        return [
            {"x": self._x(day), "label": date_format(day, "YEAR_MONTH_FORMAT"), "anchor": anchor}
            for day, anchor in zip(days, anchors, strict=True)
        ]

    @property
    def description(self) -> str:
        if not self.points:
            return _("No measurements yet.")
        (first_day, first), (last_day, last) = self.points[0], self.points[-1]
        return _(
            "%(count)s measurements from %(first)s %(unit)s on %(first_day)s to %(last)s "
            "%(unit)s on %(last_day)s. Baseline %(baseline)s, target %(target)s %(unit)s."
        ) % {
            "count": len(self.points),
            "first": plain_number(first),
            "last": plain_number(last),
            "first_day": date_format(first_day, "DATE_FORMAT"),
            "last_day": date_format(last_day, "DATE_FORMAT"),
            "baseline": plain_number(self.baseline),
            "target": plain_number(self.target),
            "unit": self.unit,
        }

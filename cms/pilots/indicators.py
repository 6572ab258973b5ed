"""Indicators (KPIs) of a pilot, their measurements, and what the measurements show.

Measurements are facts, not prose: they are recorded once, on the indicators of the pilot's
page in the default language, and every translation shows those. They are kept out of page
revisions, so publishing an old draft never drops a measurement imported since.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.models import Orderable

from ..core.charts import LineChart
from .choices import Direction, IndicatorState


class Indicator(ClusterableModel, Orderable):
    """A KPI of a pilot. The key is how imports and translations recognise it."""

    page = ParentalKey("cms.PilotPage", on_delete=models.CASCADE, related_name="indicators")
    key = models.SlugField(
        _("key"),
        max_length=60,
        help_text=_("A short identifier used in CSV files, the same in every language, e.g. co2"),
    )
    name = models.CharField(_("name"), max_length=120)
    unit = models.CharField(_("unit"), max_length=30, blank=True)
    direction = models.CharField(
        _("direction"), max_length=10, choices=Direction.choices, default=Direction.HIGHER
    )
    baseline = models.DecimalField(_("baseline"), max_digits=16, decimal_places=4)
    target = models.DecimalField(_("target"), max_digits=16, decimal_places=4)
    target_date = models.DateField(_("target date"), null=True, blank=True)

    panels = [
        FieldRowPanel([FieldPanel("key"), FieldPanel("name")]),
        FieldRowPanel([FieldPanel("unit"), FieldPanel("direction")]),
        FieldRowPanel([FieldPanel("baseline"), FieldPanel("target"), FieldPanel("target_date")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self) -> str:
        return f"{self.page.title} — {self.name}" if self.page_id else self.name

    def clean(self) -> None:
        if self.baseline is not None and self.baseline == self.target:
            raise ValidationError({"target": _("The target must differ from the baseline.")})
        if (
            self.direction == Direction.HIGHER
            and self.target is not None
            and self.baseline is not None
            and self.target < self.baseline
        ) or (
            self.direction == Direction.LOWER
            and self.target is not None
            and self.baseline is not None
            and self.target > self.baseline
        ):
            raise ValidationError(
                {"direction": _("The target lies in the wrong direction from the baseline.")}
            )

    # Measurements belong to the indicator, not to a page revision or a translation copy.
    def serializable_data(self) -> dict:
        data = super().serializable_data()
        data.pop("measurements", None)
        return data

    def copy_cluster(self, exclude_fields=None):
        return super().copy_cluster(exclude_fields=[*(exclude_fields or []), "measurements"])


class Measurement(models.Model):
    indicator = ParentalKey(Indicator, on_delete=models.CASCADE, related_name="measurements")
    date = models.DateField(_("date"))
    value = models.DecimalField(_("value"), max_digits=16, decimal_places=4)
    note = models.CharField(_("note"), max_length=200, blank=True)

    panels = [FieldRowPanel([FieldPanel("date"), FieldPanel("value")]), FieldPanel("note")]

    class Meta:
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "date"], name="cms_measurement_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.date}: {self.value}"


class IndicatorResult:
    """An indicator with its series: progress and on-track are computed here, once."""

    def __init__(
        self, indicator: Indicator, measurements: list[Measurement], today: dt.date | None = None
    ) -> None:
        self.indicator = indicator
        self.measurements = measurements
        self.today = today or timezone.localdate()

    @property
    def latest(self) -> Measurement | None:
        return self.measurements[-1] if self.measurements else None

    @property
    def progress(self) -> Decimal | None:
        """Share of the way from baseline to target, in percent (may exceed 0–100)."""
        if self.latest is None:
            return None
        span = self.indicator.target - self.indicator.baseline
        if span == 0:
            return None
        return (self.latest.value - self.indicator.baseline) / span * 100

    @property
    def progress_percent(self) -> int:
        """The progress bar's width: 0–100."""
        progress = self.progress
        if progress is None:
            return 0
        return int(max(Decimal(0), min(Decimal(100), progress)).to_integral_value())

    @property
    def expected_progress(self) -> Decimal | None:
        """Where a straight line from the first measurement to the target date would be now."""
        target_date = self.indicator.target_date
        if not self.measurements or target_date is None:
            return None
        start = self.measurements[0].date
        if target_date <= start:
            return Decimal(100)
        elapsed = (min(self.today, target_date) - start).days
        return Decimal(elapsed) / Decimal((target_date - start).days) * 100

    @property
    def state(self) -> str:
        progress = self.progress
        if progress is None:
            return IndicatorState.NO_DATA
        if progress >= 100:
            return IndicatorState.MET
        expected = self.expected_progress
        if expected is None:
            return IndicatorState.ON_TRACK if progress > 0 else IndicatorState.BEHIND
        return IndicatorState.ON_TRACK if progress >= expected else IndicatorState.BEHIND

    @property
    def state_label(self) -> str:
        return IndicatorState(self.state).label

    @property
    def on_track(self) -> bool | None:
        if self.state == IndicatorState.NO_DATA:
            return None
        return self.state in (IndicatorState.MET, IndicatorState.ON_TRACK)

    @cached_property
    def chart(self) -> LineChart:
        return LineChart(
            points=[(m.date, m.value) for m in self.measurements],
            baseline=self.indicator.baseline,
            target=self.indicator.target,
            unit=self.indicator.unit,
        )

    def as_dict(self) -> dict:
        ind = self.indicator
        return {
            "key": ind.key,
            "name": ind.name,
            "unit": ind.unit,
            "direction": ind.direction,
            "baseline": str(ind.baseline),
            "target": str(ind.target),
            "target_date": ind.target_date.isoformat() if ind.target_date else None,
            "progress_percent": None if self.progress is None else float(round(self.progress, 1)),
            "state": str(self.state),
            "measurements": [
                {"date": m.date.isoformat(), "value": str(m.value), "note": m.note}
                for m in self.measurements
            ],
        }

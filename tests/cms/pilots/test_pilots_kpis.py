"""Indicators: progress, on-track, the SVG chart and its text alternative."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from django.core.exceptions import ValidationError

from cms.core.charts import LineChart
from cms.models import Indicator, IndicatorResult, IndicatorState, Measurement

D = Decimal


def _result(direction, baseline, target, points, target_date=None, today=dt.date(2025, 7, 1)):
    indicator = Indicator(
        key="k",
        name="n",
        unit="件",
        direction=direction,
        baseline=D(baseline),
        target=D(target),
        target_date=target_date,
    )
    series = [Measurement(date=day, value=D(value)) for day, value in points]
    return IndicatorResult(indicator, series, today=today)


def test_progress_for_higher_is_better() -> None:
    result = _result("higher", 0, 200, [(dt.date(2025, 1, 1), 50)])
    assert result.progress == 25
    assert result.progress_percent == 25


def test_progress_for_lower_is_better() -> None:
    result = _result("lower", 35, 15, [(dt.date(2025, 1, 1), 25)])
    assert result.progress == 50


def test_progress_bar_is_clamped_but_state_says_met() -> None:
    over = _result("higher", 0, 100, [(dt.date(2025, 1, 1), 130)])
    worse = _result("higher", 50, 100, [(dt.date(2025, 1, 1), 20)])
    assert over.progress_percent == 100 and over.state == IndicatorState.MET
    assert worse.progress_percent == 0 and worse.state == IndicatorState.BEHIND


def test_on_track_compares_with_a_straight_line_to_the_target_date() -> None:
    start, end = dt.date(2025, 1, 1), dt.date(2025, 12, 31)
    halfway = dt.date(2025, 7, 2)
    ahead = _result("higher", 0, 100, [(start, 0), (halfway, 60)], end, today=halfway)
    behind = _result("higher", 0, 100, [(start, 0), (halfway, 30)], end, today=halfway)
    assert ahead.state == IndicatorState.ON_TRACK and ahead.on_track is True
    assert behind.state == IndicatorState.BEHIND and behind.on_track is False


def test_no_measurements_means_no_data() -> None:
    result = _result("higher", 0, 10, [])
    assert result.state == IndicatorState.NO_DATA
    assert result.on_track is None
    assert result.progress_percent == 0
    assert result.chart.empty


def test_indicator_validation_refuses_a_target_in_the_wrong_direction() -> None:
    with pytest.raises(ValidationError):
        Indicator(key="k", name="n", direction="lower", baseline=D(10), target=D(20)).clean()
    with pytest.raises(ValidationError):
        Indicator(key="k", name="n", direction="higher", baseline=D(10), target=D(10)).clean()


def test_chart_coordinates_stay_inside_the_plot() -> None:
    chart = LineChart(
        points=[(dt.date(2025, 1, 1), D(10)), (dt.date(2025, 6, 1), D(70))],
        baseline=D(0),
        target=D(100),
        unit="%",
    )
    assert chart.path.startswith("M72")
    for dot in chart.dots:
        assert chart.plot_left <= dot["x"] <= chart.plot_right
        assert 0 <= dot["y"] <= chart.plot_bottom
    assert chart.target_y < chart.baseline_y
    assert "2" in chart.description and "%" in chart.description
    assert [tick["label"] for tick in chart.y_ticks][0] == "0"


def test_chart_with_one_point_and_flat_values() -> None:
    chart = LineChart(points=[(dt.date(2025, 1, 1), D(5))], baseline=D(5), target=D(5), unit="")
    assert len(chart.dots) == 1
    assert chart.x_ticks and chart.y_ticks

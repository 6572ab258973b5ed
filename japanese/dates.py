"""Official dates the Japanese way: 2026年（令和8年）11月26日."""

from __future__ import annotations

import datetime as dt

# (first day, era name), newest first. Dates before Meiji 6 (the solar calendar) are
# written without an era.
ERAS = [
    (dt.date(2019, 5, 1), "令和"),
    (dt.date(1989, 1, 8), "平成"),
    (dt.date(1926, 12, 25), "昭和"),
    (dt.date(1912, 7, 30), "大正"),
    (dt.date(1873, 1, 1), "明治"),
]


def era_year(day: dt.date) -> str | None:
    """令和8年, 令和元年 for an era's first year, None before 1873."""
    for start, name in ERAS:
        if day >= start:
            number = day.year - start.year + 1
            if name == "明治":
                number = day.year - 1867
            return f"{name}{'元' if number == 1 else number}年"
    return None


def official_date(day: dt.date) -> str:
    """2026年（令和8年）11月26日."""
    era = era_year(day)
    middle = f"（{era}）" if era else ""
    return f"{day.year}年{middle}{day.month}月{day.day}日"

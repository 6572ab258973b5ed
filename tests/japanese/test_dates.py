from __future__ import annotations

import datetime as dt

import pytest

from japanese.dates import official_date


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2026, 11, 26), "2026年（令和8年）11月26日"),
        (dt.date(2019, 5, 1), "2019年（令和元年）5月1日"),
        (dt.date(2019, 4, 30), "2019年（平成31年）4月30日"),
        (dt.date(1989, 1, 7), "1989年（昭和64年）1月7日"),
        (dt.date(1989, 1, 8), "1989年（平成元年）1月8日"),
        (dt.date(1926, 12, 25), "1926年（昭和元年）12月25日"),
        (dt.date(1912, 7, 30), "1912年（大正元年）7月30日"),
        (dt.date(1900, 1, 1), "1900年（明治33年）1月1日"),
        (dt.date(1850, 1, 1), "1850年1月1日"),
    ],
)
def test_official_dates(day, expected):
    assert official_date(day) == expected

"""Official dates on pilot pages: 2019年（令和元年）5月1日, the Japanese way."""

from __future__ import annotations

import datetime as dt

import pytest

from django.test import Client

from .factories import PilotPageFactory

pytestmark = pytest.mark.django_db


def test_pilot_pages_show_official_dates(pilot_indexes) -> None:
    pilot = PilotPageFactory(parent=pilot_indexes["ja"], start_date=dt.date(2019, 5, 1))
    html = Client().get(pilot.url).content.decode()
    assert '<time datetime="2019-05-01">2019年（令和元年）5月1日</time>' in html

    english = Client().get(pilot.url.replace("/ja/", "/en/", 1))
    assert "令和" not in english.content.decode()

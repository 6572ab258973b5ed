"""The pilot page, the index and the home page run a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from cms.models import Indicator, Measurement, PilotPage, PilotPartner
from tests.members.factories import OrganizationFactory

from .factories import PilotThemeFactory

pytestmark = pytest.mark.django_db


def _add_pilots(index, count: int, start: int, themes, orgs) -> list[PilotPage]:
    pages = []
    for n in range(start, start + count):
        page = PilotPage(
            title=f"実証実験 {n}",
            slug=f"p-{n}",
            summary="概要",
            status=["running", "completed", "adopted"][n % 3],
            start_date=dt.date(2020 + n % 6, 4, 1),
            live=True,
        )
        page.themes = [themes[n % len(themes)]]
        page.partners = [PilotPartner(organization=orgs[n % len(orgs)]), PilotPartner(name="社外")]
        index.add_child(instance=page)
        pages.append(page)
    return pages


def _add_results(page: PilotPage, indicators: int, measurements: int) -> None:
    made = Indicator.objects.bulk_create(
        Indicator(
            page=page,
            key=f"k{i}",
            name=f"指標{i}",
            baseline=Decimal(0),
            target=Decimal(100),
            target_date=dt.date(2030, 1, 1),
            sort_order=i,
        )
        for i in range(indicators)
    )
    Measurement.objects.bulk_create(
        Measurement(indicator=ind, date=dt.date(2024, 1, 1) + dt.timedelta(days=7 * d), value=d)
        for ind in made
        for d in range(measurements)
    )


def _count(client: Client, path: str) -> int:
    cache.clear()  # measure the work behind the page, not the page cache
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(queries)


def test_query_counts_do_not_grow_with_the_data(client: Client, home_pages, pilot_index) -> None:
    themes = [PilotThemeFactory(slug=f"t{n}") for n in range(3)]
    orgs = [OrganizationFactory(slug=f"o{n}") for n in range(3)]
    small = _add_pilots(pilot_index, 5, 0, themes, orgs)
    for page in small:
        _add_results(page, indicators=1, measurements=2)
    paths = ["/ja/", "/ja/pilots/", "/ja/pilots/?status=running&sort=title", small[0].url]
    before = {path: _count(client, path) for path in paths}

    big = _add_pilots(pilot_index, 495, 5, themes, orgs)
    for page in big:
        _add_results(page, indicators=2, measurements=20)
    _add_results(small[0], indicators=0, measurements=0)
    heavy = big[-1]
    _add_results(heavy, indicators=10, measurements=20)  # 12 indicators, 20+ points each
    after = {path: _count(client, path) for path in paths[:3]}
    after[paths[3]] = _count(client, heavy.url)

    print("queries at 5 pilots:", before, "at 500:", after)
    assert PilotPage.objects.count() == 500
    assert after == before
    assert max(before.values()) <= 40, before

"""Open data: CSV and JSON per pilot, the Atom feed, the API, sitemap, Open Graph."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from django.test import Client

from cms.pilots.open_data import CSV_COLUMNS

from .factories import IndicatorFactory, MeasurementFactory, PilotPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pilot(pilot_index):
    page = PilotPageFactory(parent=pilot_index, title="譲り合い", slug="sharing")
    indicator = IndicatorFactory(page=page, key="items", name='=HYPERLINK("x")', unit="件")
    MeasurementFactory(indicator=indicator, date=dt.date(2025, 1, 1), value=5, note="開始")
    MeasurementFactory(indicator=indicator, date=dt.date(2025, 2, 1), value="-3.5")
    return page


def test_csv_has_bom_stable_columns_and_rows(client: Client, pilot) -> None:
    response = client.get(f"/ja/site/pilots/{pilot.pk}/data.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
    assert rows[0] == CSV_COLUMNS
    assert rows[1][CSV_COLUMNS.index("date")] == "2025-01-01"
    assert rows[1][CSV_COLUMNS.index("note")] == "開始"
    assert rows[2][CSV_COLUMNS.index("value")] == "-3.5000"  # a number stays a number
    # A cell that a spreadsheet would run as a formula is neutralised.
    assert rows[1][CSV_COLUMNS.index("indicator_name")].startswith("'=")


def test_json_lists_indicators_and_measurements(client: Client, pilot) -> None:
    data = client.get(f"/en/site/pilots/{pilot.pk}/data.json").json()
    assert data["pilot"]["slug"] == "sharing"
    (indicator,) = data["indicators"]
    assert indicator["key"] == "items"
    assert [m["date"] for m in indicator["measurements"]] == ["2025-01-01", "2025-02-01"]


@pytest.mark.parametrize("suffix", ["data.csv", "data.json"])
def test_drafts_and_unknown_ids_are_not_exported(client: Client, pilot_index, suffix) -> None:
    draft = PilotPageFactory(parent=pilot_index, publish=False)
    assert client.get(f"/ja/site/pilots/{draft.pk}/{suffix}").status_code == 404
    assert client.get(f"/ja/site/pilots/999999/{suffix}").status_code == 404
    assert client.get(f"/ja/site/pilots/{pilot_index.pk}/{suffix}").status_code == 404
    assert client.get(f"/ja/site/pilots/abc/{suffix}").status_code == 404


def test_atom_feed_lists_pilots_in_the_visitors_language(client: Client, pilot) -> None:
    response = client.get("/ja/site/pilots/feed/")
    body = response.content.decode()
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    assert "譲り合い" in body
    assert "/ja/pilots/sharing/" in body
    assert "譲り合い" not in client.get("/en/site/pilots/feed/").content.decode()


def test_api_v2_lists_live_pilots_read_only(client: Client, pilot, pilot_index) -> None:
    PilotPageFactory(parent=pilot_index, title="下書き", publish=False)
    response = client.get("/api/v2/pages/", {"type": "cms.PilotPage", "fields": "status,open_data"})
    data = response.json()
    assert response.status_code == 200
    assert [item["title"] for item in data["items"]] == ["譲り合い"]
    assert data["items"][0]["open_data"][0]["key"] == "items"
    assert client.post("/api/v2/pages/", {"title": "x"}).status_code == 405
    detail = client.get(f"/api/v2/pages/{pilot.pk}/")
    assert detail.json()["summary"]
    assert client.get("/api/v2/pages/", {"type": "nope.Nope"}).status_code == 400


def test_sitemap_lists_pilot_pages(client: Client, pilot) -> None:
    body = client.get("/sitemap.xml").content.decode()
    assert "/ja/pilots/sharing/" in body


def test_open_graph_tags(client: Client, pilot) -> None:
    html = client.get(pilot.url).content.decode()
    assert '<meta property="og:type" content="article">' in html
    assert 'property="og:url" content="http' in html
    assert 'property="og:locale" content="ja_JP"' in html


# 15 significant digits: SQLite keeps decimals as doubles (PostgreSQL keeps all 16).
TRICKY_VALUES = ["0.1", "1234567.8901", "-3.5", "0", "99999999999.9999", "0.0001"]


def test_csv_and_json_round_trip_every_number_exactly(client: Client, pilot_index) -> None:
    from decimal import Decimal

    page = PilotPageFactory(parent=pilot_index, slug="numbers")
    indicator = IndicatorFactory(page=page, key="exact", baseline="0.1", target="1234567.8901")
    for day, value in enumerate(TRICKY_VALUES, start=1):
        MeasurementFactory(indicator=indicator, date=dt.date(2025, 3, day), value=value)
    stored = {m.date.isoformat(): m.value for m in indicator.measurements.order_by("date")}

    body = client.get(f"/ja/site/pilots/{page.pk}/data.csv").content.decode("utf-8")
    rows = list(csv.DictReader(io.StringIO(body.lstrip("\ufeff"))))
    from_csv = {row["date"]: Decimal(row["value"]) for row in rows}
    assert from_csv == stored
    assert {Decimal(rows[0]["baseline"]), Decimal(rows[0]["target"])} == {
        Decimal("0.1"),
        Decimal("1234567.8901"),
    }

    (data,) = client.get(f"/ja/site/pilots/{page.pk}/data.json").json()["indicators"]
    from_json = {m["date"]: Decimal(m["value"]) for m in data["measurements"]}
    assert from_json == stored
    assert [Decimal(v) for v in TRICKY_VALUES] == [stored[d] for d in sorted(stored)]


def test_atom_feed_is_well_formed_atom(client: Client, pilot) -> None:
    import xml.etree.ElementTree as ET

    atom = "{http://www.w3.org/2005/Atom}"
    root = ET.fromstring(client.get("/ja/site/pilots/feed/").content)  # noqa: S314 (our own feed)
    assert root.tag == f"{atom}feed"
    for required in ("id", "title", "updated"):
        assert root.find(f"{atom}{required}") is not None, required
    assert root.find(f"{atom}link[@rel='self']") is not None
    entries = root.findall(f"{atom}entry")
    assert entries
    for entry in entries:
        for required in ("id", "title", "updated"):
            assert (entry.findtext(f"{atom}{required}") or "").strip(), required
        assert entry.find(f"{atom}link").get("href").startswith("http")

"""CSV import of measurements: encodings, row errors, all-or-nothing, permissions."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile

from cms.models import Measurement
from cms.pilots import measurement_import
from members import roles
from tests.members.factories import UserFactory

from .factories import IndicatorFactory, MeasurementFactory, PilotPageFactory

pytestmark = pytest.mark.django_db

URL = "/admin/pilots/import/"


@pytest.fixture
def pilot(pilot_index):
    page = PilotPageFactory(parent=pilot_index, title="水田センサー")
    IndicatorFactory(page=page, key="water")
    IndicatorFactory(page=page, key="hours")
    return page


@pytest.fixture
def staff(db):
    user = UserFactory(two_step=True)
    user.groups.add(Group.objects.get(name=roles.CITY_STAFF))
    return user


CSV_OK = 'indicator,date,value,note\nwater,2025-04-01,120.5,開始\nhours,2025/05/01,"1,234",\n'


@pytest.mark.parametrize(
    "data",
    [
        CSV_OK.encode("utf-8"),
        b"\xef\xbb\xbf" + CSV_OK.encode("utf-8"),
        CSV_OK.encode("cp932"),
        CSV_OK.replace("\n", "\r\n").encode("shift_jis"),
    ],
    ids=["utf8", "utf8-bom", "cp932", "shift_jis-crlf"],
)
def test_encodings_accepted(pilot, data) -> None:
    result = measurement_import.parse(data, pilot)
    assert result.errors == []
    assert [(r.indicator.key, r.date, r.value, r.note) for r in result.rows] == [
        ("water", dt.date(2025, 4, 1), Decimal("120.5"), "開始"),
        ("hours", dt.date(2025, 5, 1), Decimal("1234"), ""),
    ]


def test_row_level_errors_are_reported_and_nothing_is_saved(client, pilot, staff) -> None:
    data = (
        b"indicator,date,value\n"
        b"water,2025-04-01,10\n"
        b"water,2025-13-40,10\n"
        b"water,2025-05-01,ten\n"
        b"nope,2025-05-01,1\n"
        b"water,2025-04-01,11\n"
        b"water,2025-06-01,NaN\n"
        b"water,2025-07-01,1e400\n"
        b"<script>alert(1)</script>,2025-07-01,1\n"
    )
    client.force_login(staff)
    response = client.post(
        URL,
        {"pilot": pilot.pk, "file": SimpleUploadedFile("m.csv", data, "text/csv")},
    )
    html = response.content.decode()
    assert response.status_code == 200
    lines = [e.line for e in response.context["result"].errors]
    assert lines == [3, 4, 5, 6, 7, 8, 9]
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html
    assert Measurement.objects.count() == 0


def test_good_file_is_saved_and_existing_dates_updated(client, pilot, staff) -> None:
    water = pilot.indicators.get(key="water")
    MeasurementFactory(indicator=water, date=dt.date(2025, 4, 1), value=1)
    client.force_login(staff)
    response = client.post(
        URL,
        {"pilot": pilot.pk, "file": SimpleUploadedFile("m.csv", CSV_OK.encode("cp932"))},
        follow=True,
    )
    assert response.status_code == 200
    assert Measurement.objects.count() == 2
    assert water.measurements.get().value == Decimal("120.5")
    assert "1" in response.content.decode()


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        (b"", "empty"),
        (b"date,value\n2025-01-01,1\n", "missing: indicator"),
        (b"indicator,date,value\n", "no measurements"),
        (b"\xff\xfe\x00\x00garbage\x81", "could not be read"),
        (b"indicator,date,value\n" + b"water,2025-01-01,1\n" * 2, "already gives"),
        (b"x" * (measurement_import.MAX_BYTES + 1), "larger than 1 MB"),
    ],
)
def test_malformed_files(pilot, data, fragment) -> None:
    from django.utils import translation

    with translation.override("en"):
        result = measurement_import.parse(data, pilot)
    assert not result.ok
    assert fragment in " ".join(e.message for e in result.errors)


def test_too_many_rows(pilot) -> None:
    rows = "".join(
        f"water,{dt.date(2000, 1, 1) + dt.timedelta(days=n)},1\n"
        for n in range(measurement_import.MAX_ROWS + 5)
    )
    result = measurement_import.parse(("indicator,date,value\n" + rows).encode(), pilot)
    assert not result.ok


def test_save_refuses_a_result_with_errors(pilot) -> None:
    result = measurement_import.parse(b"indicator,date,value\nnope,2025-01-01,1\n", pilot)
    with pytest.raises(ValueError):
        measurement_import.save(result)


def test_only_city_staff_may_import(client, pilot) -> None:
    outsider = UserFactory()
    outsider.groups.add(Group.objects.get(name=roles.MODERATORS))  # may enter the admin
    client.force_login(outsider)
    response = client.post(
        URL, {"pilot": pilot.pk, "file": SimpleUploadedFile("m.csv", CSV_OK.encode())}
    )
    assert response.status_code in (302, 403)
    assert Measurement.objects.count() == 0
    client.logout()
    assert client.get(URL).status_code == 302


def test_measurement_admin_lists_and_edits_source_indicators(client, pilot, staff) -> None:
    from cms.pilots.permissions import ensure_review_workflow

    ensure_review_workflow([])
    client.force_login(staff)
    response = client.get("/admin/pilot-measurements/")
    assert response.status_code == 200
    assert "water" in response.content.decode()
    water = pilot.indicators.get(key="water")
    edit = client.get(f"/admin/pilot-measurements/edit/{water.pk}/")
    assert edit.status_code == 200
    post = client.post(
        f"/admin/pilot-measurements/edit/{water.pk}/",
        {
            "measurements-TOTAL_FORMS": "1",
            "measurements-INITIAL_FORMS": "0",
            "measurements-MIN_NUM_FORMS": "0",
            "measurements-MAX_NUM_FORMS": "1000",
            "measurements-0-date": "2025-04-01",
            "measurements-0-value": "42",
            "measurements-0-note": "",
            "measurements-0-id": "",
            "measurements-0-ORDER": "1",
            "measurements-0-DELETE": "",
        },
    )
    assert post.status_code == 302, post.content.decode()[:2000]
    assert water.measurements.get().value == 42
    assert client.get("/admin/pilot-measurements/add/").status_code in (302, 403, 404)

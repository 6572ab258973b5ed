"""Pilot index and pilot pages: filters, sorting, pagination, translations, formatting."""

from __future__ import annotations

import datetime as dt

import pytest

from django.test import Client
from django.utils import translation

from wagtail.models import Locale

from cms.core.formatting import format_yen, plain_number
from cms.models import PilotPage
from tests.members.factories import OrganizationFactory

from .factories import IndicatorFactory, MeasurementFactory, PilotPageFactory, PilotThemeFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("amount", "ja", "en"),
    [
        (0, "0円", "¥0"),
        (9_800, "9,800円", "¥9,800"),
        (12_000_000, "1,200万円", "¥12,000,000"),
        (145_000_000, "1億4,500万円", "¥145,000,000"),
        (123_456_789, "1億2,345万6,789円", "¥123,456,789"),
        (1_000_000_000_000, "10,000億円", "¥1,000,000,000,000"),
    ],
)
def test_yen_is_written_the_japanese_way(amount, ja, en) -> None:
    assert format_yen(amount, "ja") == ja
    assert format_yen(amount, "en") == en


def test_measured_values_are_grouped_without_trailing_zeros() -> None:
    from decimal import Decimal

    from cms.core.formatting import format_measure

    assert format_measure(Decimal("13.1000")) == "13.1"
    assert format_measure(Decimal("1320.0000")) == "1,320"
    assert format_measure(Decimal("-0.5000")) == "-0.5"
    assert format_measure(Decimal("1E+2")) == "100"
    assert format_measure(None) == ""


def test_plain_number_drops_trailing_zeros() -> None:
    from decimal import Decimal

    assert plain_number(Decimal("12.5000")) == "12.5"
    assert plain_number(Decimal("1E+2")) == "100"
    assert plain_number(None) == ""


def _titles(response) -> list[str]:
    return [pilot.title for pilot in response.context["pilots"]]


def test_index_filters_by_status_theme_organisation_and_year(client: Client, pilot_index):
    agriculture = PilotThemeFactory(slug="agriculture", name="農業")
    coop = OrganizationFactory(slug="coop")
    PilotPageFactory(
        parent=pilot_index, title="A", status="running", start_date=dt.date(2024, 5, 1)
    )
    PilotPageFactory(
        parent=pilot_index,
        title="B",
        status="completed",
        start_date=dt.date(2025, 5, 1),
        themes=[agriculture],
        partners=[{"organization": coop}],
    )
    PilotPageFactory(parent=pilot_index, title="Draft", publish=False)

    assert sorted(_titles(client.get("/ja/pilots/"))) == ["A", "B"]
    assert _titles(client.get("/ja/pilots/", {"status": "completed"})) == ["B"]
    assert _titles(client.get("/ja/pilots/", {"theme": "agriculture"})) == ["B"]
    assert _titles(client.get("/ja/pilots/", {"organization": "coop"})) == ["B"]
    assert _titles(client.get("/ja/pilots/", {"year": "2024"})) == ["A"]
    assert _titles(client.get("/ja/pilots/", {"sort": "title"})) == ["A", "B"]
    assert _titles(client.get("/ja/pilots/", {"sort": "oldest"})) == ["A", "B"]
    assert _titles(client.get("/ja/pilots/", {"sort": "newest"})) == ["B", "A"]


@pytest.mark.parametrize(
    "query",
    [
        {"status": "bogus"},
        {"year": "20x4"},
        {"year": "99999999999999999999"},
        {"year": "٢٠٢٤"},
        {"theme": "<script>alert(1)</script>"},
        {"organization": "' OR 1=1 --"},
        {"status": "running\x00"},
        {"page": "-1", "status": "nope"},
    ],
)
def test_garbage_filters_give_a_friendly_empty_list(client: Client, pilot_index, query):
    PilotPageFactory(parent=pilot_index, title="A", start_date=dt.date(2024, 5, 1))
    response = client.get("/ja/pilots/", query)
    html = response.content.decode()
    assert response.status_code == 200
    assert _titles(response) == []
    assert "条件に合う実証実験はありません" in html
    assert "<script>alert(1)</script>" not in html


def test_garbage_sort_and_page_fall_back(client: Client, pilot_index):
    PilotPageFactory(parent=pilot_index, title="A")
    for query in (
        {"sort": "'; DROP TABLE"},
        {"page": "abc"},
        {"page": "999"},
        {"sort": ["a", "b"]},
    ):
        response = client.get("/ja/pilots/", query)
        assert response.status_code == 200
        assert _titles(response) == ["A"]


def test_index_paginates(client: Client, pilot_index):
    for n in range(14):
        PilotPageFactory(parent=pilot_index, title=f"P{n:02}")
    first = client.get("/ja/pilots/", {"sort": "title"})
    second = client.get("/ja/pilots/", {"sort": "title", "page": 2})
    assert len(_titles(first)) == 12
    assert _titles(second) == ["P12", "P13"]
    assert "sort=title&amp;page=2" in first.content.decode()


def test_pilot_page_shows_facts_funding_and_results(client: Client, pilot_index):
    org = OrganizationFactory(name="みどり野商工会", name_en="Chamber", slug="chamber")
    pilot = PilotPageFactory(
        parent=pilot_index,
        title="譲り合い",
        status="adopted",
        funding_source="交付金",
        funding_amount=12_000_000,
        partners=[{"organization": org, "role": "周知"}, {"name": "株式会社まちつなぎ"}],
    )
    indicator = IndicatorFactory(page=pilot, key="items", name="譲渡件数", target=300)
    MeasurementFactory(indicator=indicator, date=dt.date(2025, 1, 1), value=30)
    MeasurementFactory(indicator=indicator, date=dt.date(2025, 2, 1), value=150)
    html = client.get(pilot.url).content.decode()
    assert "1,200万円" in html
    assert "みどり野商工会" in html and "株式会社まちつなぎ" in html
    assert "導入済み" in html
    assert 'role="img"' in html and "<desc" in html
    assert 'aria-valuenow="50"' in html
    assert "2025年2月1日" in html
    assert "<td>150</td>" in html
    assert 'property="og:title" content="譲り合い"' in html


def test_english_translation_shows_measurements_of_the_japanese_page(client: Client, pilot_indexes):
    pilot = PilotPageFactory(
        parent=pilot_indexes["ja"], title="譲り合い", funding_amount=12_000_000
    )
    indicator = IndicatorFactory(page=pilot, key="items", name="譲渡件数", unit="件")
    pilot.save_revision().publish()
    MeasurementFactory(indicator=indicator, date=dt.date(2025, 3, 1), value=42)
    english = pilot.copy_for_translation(Locale.objects.get(language_code="en")).specific
    english.title = "Sharing"
    for ind in english.indicators.all():
        ind.name = "Items shared"
        ind.save()
    english.save_revision().publish()
    # The copy did not duplicate the measurement.
    assert english.indicators.get().measurements.count() == 0

    html = client.get(english.url).content.decode()
    assert '<html lang="en">' in html
    assert "Items shared" in html
    assert "¥12,000,000" in html
    assert "March 1, 2025" in html


def test_measurements_survive_publishing_an_older_revision(pilot_index):
    pilot = PilotPageFactory(parent=pilot_index)
    indicator = IndicatorFactory(page=pilot, key="k")
    revision = pilot.save_revision()
    MeasurementFactory(indicator=indicator, date=dt.date(2025, 1, 1))
    revision.publish()
    assert indicator.measurements.count() == 1


def test_end_date_before_start_is_refused(pilot_index):
    from django.core.exceptions import ValidationError

    pilot = PilotPage(
        title="x",
        slug="x",
        summary="s",
        start_date=dt.date(2025, 5, 1),
        end_date=dt.date(2025, 1, 1),
    )
    with pytest.raises(ValidationError):
        pilot.full_clean()


def test_unpublished_pilot_is_not_shown(client: Client, pilot_index):
    pilot = PilotPageFactory(parent=pilot_index, title="secret")
    pilot.unpublish()
    assert client.get("/ja/pilots/" + pilot.slug + "/").status_code == 404
    with translation.override("ja"):
        assert "secret" not in client.get("/ja/pilots/").content.decode()


def test_header_links_to_pilots_in_each_language(client: Client, pilot_indexes):
    assert 'href="/ja/pilots/">実証実験</a>' in client.get("/ja/").content.decode()
    assert 'href="/en/pilots/">Pilots</a>' in client.get("/en/").content.decode()


def test_page_model_counts(pilot_index):
    PilotPageFactory(parent=pilot_index)
    assert PilotPage.objects.live().count() == 1


def test_lists_are_joined_in_each_languages_way(client: Client, pilot_indexes) -> None:
    pilot = PilotPageFactory(
        parent=pilot_indexes["ja"], partners=[{"name": "甲社"}, {"name": "乙社"}]
    )
    assert "甲社、乙社" in client.get("/ja/pilots/").content.decode()
    english = pilot.copy_for_translation(Locale.objects.get(language_code="en")).specific
    english.save_revision().publish()
    assert "甲社, 乙社" in client.get("/en/pilots/").content.decode()

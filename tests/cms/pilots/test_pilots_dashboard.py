"""The home page dashboard counts from the data."""

from __future__ import annotations

import datetime as dt

import pytest

from django.test import Client

from cms.home.dashboard import PANEL_PROVIDERS, DashboardPanel, build_dashboard
from cms.models import IndicatorState, TargetCounts
from tests.members.factories import MembershipFactory, OrganizationFactory

from .factories import IndicatorFactory, MeasurementFactory, PilotPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pilots(pilot_index):
    org = OrganizationFactory(slug="coop")
    OrganizationFactory(slug="inactive", is_active=False)
    MembershipFactory(organization=org)
    MembershipFactory(organization=org)
    made = {}
    for status in ["planned", "running", "completed", "adopted", "adopted"]:
        made.setdefault(status, []).append(
            PilotPageFactory(parent=pilot_index, status=status, partners=[{"organization": org}])
        )
    PilotPageFactory(parent=pilot_index, status="completed", publish=False)
    running = made["running"][0]
    good = IndicatorFactory(page=running, target_date=dt.date(2099, 1, 1))
    MeasurementFactory(indicator=good, date=dt.date(2025, 1, 1), value=10)
    MeasurementFactory(indicator=good, date=dt.date(2025, 2, 1), value=20)
    bad = IndicatorFactory(page=running, target_date=dt.date(2025, 3, 1))
    MeasurementFactory(indicator=bad, date=dt.date(2025, 1, 1), value=1)
    IndicatorFactory(page=running)  # no data
    return made


def test_counts_come_from_the_data(home_pages, pilots) -> None:
    home_pages.target_label = "計画"
    home_pages.target_total = 10
    home_pages.target_counts = TargetCounts.COMPLETED_OR_ADOPTED
    dashboard = build_dashboard(home_pages)
    counts = {value: count for value, _label, count in dashboard.status_counts}
    assert counts == {
        "planned": 1,
        "running": 1,
        "evaluating": 0,
        "completed": 1,
        "adopted": 2,
        "discontinued": 0,
    }
    assert dashboard.total_pilots == 5
    assert dashboard.indicators_on_track == 1
    assert dashboard.indicators_behind == 1
    assert dashboard.indicator_states[IndicatorState.NO_DATA] == 1
    assert dashboard.organisations == 1
    assert dashboard.partner_organisations == 1
    assert dashboard.people == 2
    assert (dashboard.target.done, dashboard.target.total, dashboard.target.percent) == (3, 10, 30)
    assert [r.value for r in dashboard.latest_results][:1] == [20]
    assert len(dashboard.newest_pilots) == 3


@pytest.mark.parametrize(
    ("counts", "done"),
    [(TargetCounts.ADOPTED, 2), (TargetCounts.STARTED, 4), (TargetCounts.ALL, 5)],
)
def test_what_counts_toward_the_target_is_configurable(home_pages, pilots, counts, done) -> None:
    home_pages.target_total = 4
    home_pages.target_counts = counts
    target = build_dashboard(home_pages).target
    assert target.done == done
    assert target.percent == min(100, round(done * 100 / 4))


def test_no_target_no_bar(client: Client, home_pages, pilots) -> None:
    assert build_dashboard(home_pages).target is None
    assert "programme-target" not in client.get("/ja/").content.decode()


def test_home_page_shows_n_of_m_in_both_languages(client: Client, home_pages, pilots) -> None:
    home_pages.target_label = "2027年度までの施策"
    home_pages.target_total = 10
    home_pages.save_revision().publish()
    html = client.get("/ja/").content.decode()
    assert "10件中 <strong>3</strong>件" in html
    assert 'aria-valuenow="30"' in html
    assert "数字で見るコンソーシアム" in html
    english = client.get("/en/").content.decode()
    assert "The consortium in numbers" in english


def test_extension_point_adds_panels(home_pages, pilots) -> None:
    def provider(home, request):
        return DashboardPanel(label="sessions held", value=7)

    before = build_dashboard(home_pages).panels
    PANEL_PROVIDERS.append(provider)
    try:
        assert build_dashboard(home_pages).panels == [*before, DashboardPanel("sessions held", 7)]
    finally:
        PANEL_PROVIDERS.remove(provider)
    assert build_dashboard(home_pages).panels == before


def test_sessions_held_and_upcoming_come_from_the_sessions(client: Client, home_pages) -> None:
    from django.utils import timezone

    from dialogue.models import DialogueSession, Visibility
    from tests.dialogue.factories import DialogueSessionFactory

    now = timezone.now()
    closed = DialogueSession.Status.CLOSED
    for days in (10, 20):
        DialogueSessionFactory(
            status=closed,
            starts_at=now - dt.timedelta(days=days),
            ends_at=now - dt.timedelta(days=days, hours=-2),
        )
    soon = DialogueSessionFactory(
        title="次回の対話フォーラム",
        starts_at=now + dt.timedelta(days=3),
        ends_at=now + dt.timedelta(days=3, hours=2),
    )
    DialogueSessionFactory(
        title="非公開の打ち合わせ",
        visibility=Visibility.PRIVATE,
        starts_at=now + dt.timedelta(days=1),
        ends_at=now + dt.timedelta(days=1, hours=1),
    )
    dashboard = build_dashboard(home_pages)
    held = next(p for p in dashboard.panels if p.url.endswith("/dialogue/"))
    assert held.value == 2
    assert dashboard.upcoming_sessions == [soon]
    html = client.get("/ja/").content.decode()
    assert "開催した対話セッション" in html
    assert "次回の対話フォーラム" in html
    assert "非公開の打ち合わせ" not in html


def test_cached_counts_refresh_after_publishing_and_measuring(home_pages, pilot_index) -> None:
    assert build_dashboard(home_pages).total_pilots == 0
    pilot = PilotPageFactory(parent=pilot_index)
    assert build_dashboard(home_pages).total_pilots == 1
    indicator = IndicatorFactory(page=pilot)
    assert build_dashboard(home_pages).indicator_states[IndicatorState.NO_DATA] == 1
    MeasurementFactory(indicator=indicator, date=dt.date(2025, 1, 1), value=100)
    dashboard = build_dashboard(home_pages)
    assert dashboard.indicators_on_track == 1
    assert dashboard.latest_results[0].value == 100

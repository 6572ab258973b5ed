"""The home page's dashboard: every number is counted from the data, never typed in.

Other areas add figures through `register_panel` (e.g. dialogue: sessions held, proposals);
until they do, the dashboard shows nothing for them rather than a made-up number.

`home` is a cms.home.models.HomePage; it is typed as a Page because that model imports
this module, and this module must not import it back (no cycles inside an app).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Max, Min, OuterRef, Subquery
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from wagtail.models import Page

from dialogue.models import DialogueSession, Visibility
from members import generations
from members.models import Membership, Organization

from ..core.page_cache import TIMEOUT as CACHE_TIMEOUT
from ..core.page_cache import generation as page_cache_generation
from ..pilots.choices import IndicatorState, PilotStatus
from ..pilots.indicators import Indicator, IndicatorResult, Measurement
from ..pilots.pages import PilotPage
from .targets import COUNTING_STATUSES, ProgrammeTarget


@dataclass
class DashboardPanel:
    """One extra figure from another area: a label, a number, and where to read more."""

    label: str
    value: int
    url: str = ""


# Extension point: callables (home_page, request) -> DashboardPanel | None.
# "sessions held" is registered below; proposals will add theirs when they exist.
PANEL_PROVIDERS: list[Callable[[Page, HttpRequest | None], DashboardPanel | None]] = []


def register_panel(provider: Callable[[Page, HttpRequest | None], DashboardPanel | None]):
    PANEL_PROVIDERS.append(provider)
    return provider


@dataclass
class LatestResult:
    pilot: PilotPage
    indicator_name: str
    unit: str
    value: Decimal
    date: dt.date


@dataclass
class Dashboard:
    status_counts: list[tuple[str, str, int]]
    total_pilots: int
    indicator_states: dict[str, int]
    organisations: int
    people: int
    partner_organisations: int
    target: ProgrammeTarget | None
    latest_results: list[LatestResult]
    newest_pilots: list[PilotPage]
    counts: dict[str, int] = field(default_factory=dict)
    panels: list[DashboardPanel] = field(default_factory=list)
    upcoming_sessions: list = field(default_factory=list)

    @property
    def indicators_on_track(self) -> int:
        return (
            self.indicator_states[IndicatorState.MET]
            + self.indicator_states[IndicatorState.ON_TRACK]
        )

    @property
    def indicators_behind(self) -> int:
        return self.indicator_states[IndicatorState.BEHIND]


def build_dashboard(home: Page, request: HttpRequest | None = None) -> Dashboard:
    """The counts are cached until the next publish or measurement (the page cache's
    generation); the target and other areas' panels are worked out on every call."""
    key = f"dashboard:{page_cache_generation()}:{home.pk}"
    dashboard = generations.fetch(key)
    if dashboard is None:
        dashboard = _count(home)
        generations.keep(key, dashboard, CACHE_TIMEOUT)
    target = None
    if home.target_total:
        wanted = COUNTING_STATUSES.get(home.target_counts, set())
        target = ProgrammeTarget(
            label=home.target_label,
            done=sum(dashboard.counts.get(status, 0) for status in wanted),
            total=home.target_total,
        )
    panels = [
        panel for provider in PANEL_PROVIDERS if (panel := provider(home, request)) is not None
    ]
    return replace(dashboard, target=target, panels=panels, upcoming_sessions=upcoming_sessions())


def upcoming_sessions(limit: int = 3) -> list:
    """Public sessions still to come, soonest first (the page cache keeps them ≤ 15 min)."""
    return list(
        DialogueSession.objects.filter(
            visibility=Visibility.PUBLIC,
            status=DialogueSession.Status.SCHEDULED,
            starts_at__gte=timezone.now(),
        )
        .select_related("organiser")
        .order_by("starts_at")[:limit]
    )


@register_panel
def sessions_held(home: Page, request: HttpRequest | None) -> DashboardPanel:
    held = DialogueSession.objects.filter(status=DialogueSession.Status.CLOSED).count()
    return DashboardPanel(
        label=gettext("dialogue sessions held"), value=held, url=reverse("dialogue:sessions")
    )


def _count(home: Page) -> Dashboard:
    pilots = PilotPage.objects.live().public().descendant_of(home)
    counts = dict(pilots.order_by().values_list("status").annotate(n=Count("pk")))
    status_counts = [(value, label, counts.get(value, 0)) for value, label in PilotStatus.choices]

    # Measurements are recorded on the default-language translation of each pilot.
    sources = PilotPage.objects.live().filter(
        locale__language_code=settings.LANGUAGE_CODE,
        translation_key__in=pilots.values("translation_key"),
    )
    states = dict.fromkeys(IndicatorState.values, 0)
    latest = Measurement.objects.filter(indicator=OuterRef("pk")).order_by("-date")
    for indicator in Indicator.objects.filter(page__in=sources).annotate(
        first_date=Min("measurements__date"),
        last_date=Max("measurements__date"),
        last_value=Subquery(latest.values("value")[:1]),
    ):
        series = []
        if indicator.last_date is not None:
            series = [
                Measurement(date=indicator.first_date, value=indicator.last_value),
                Measurement(date=indicator.last_date, value=indicator.last_value),
            ]
        states[IndicatorResult(indicator, series).state] += 1

    partner_organisations = (
        Organization.objects.filter(pilot_partnerships__page__in=pilots).distinct().count()
    )
    people = (
        Membership.objects.filter(status=Membership.Status.ACTIVE, organization__is_active=True)
        .values("user")
        .distinct()
        .count()
    )

    return Dashboard(
        status_counts=status_counts,
        total_pilots=sum(counts.values()),
        indicator_states=states,
        organisations=Organization.objects.filter(is_active=True).count(),
        people=people,
        partner_organisations=partner_organisations,
        target=None,
        counts=counts,
        latest_results=_latest_results(pilots, sources),
        newest_pilots=list(
            pilots.select_related("image").order_by("-first_published_at", "-pk")[:3]
        ),
    )


def _latest_results(pilots, sources, limit: int = 5) -> list[LatestResult]:
    measurements = list(
        Measurement.objects.filter(indicator__page__in=sources)
        .select_related("indicator__page")
        .order_by("-date", "-pk")[:limit]
    )
    keys = {m.indicator.page.translation_key for m in measurements}
    local = {page.translation_key: page for page in pilots.filter(translation_key__in=keys)}
    names = {
        (ind.page_id, ind.key): ind
        for ind in Indicator.objects.filter(page__in=list(local.values()))
    }
    results = []
    for m in measurements:
        page = local.get(m.indicator.page.translation_key)
        if page is None:
            continue
        indicator = names.get((page.pk, m.indicator.key), m.indicator)
        results.append(LatestResult(page, indicator.name, indicator.unit, m.value, m.date))
    return results

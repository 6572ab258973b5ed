"""Pilot projects (実証実験): showcases with measured results.

Measurements are facts, not prose: they are recorded once, on the indicators of the pilot's
page in the default language, and every translation shows those. They are kept out of page
revisions, so publishing an old draft never drops a measurement imported since.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, TranslatableMixin
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from ..blocks import PilotBodyBlock
from ..charts import LineChart
from ..money import format_yen
from .cache import CachedPageMixin


class PilotStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    RUNNING = "running", _("Running")
    EVALUATING = "evaluating", _("Evaluating")
    COMPLETED = "completed", _("Completed")
    ADOPTED = "adopted", _("Adopted")
    DISCONTINUED = "discontinued", _("Discontinued")


class Direction(models.TextChoices):
    HIGHER = "higher", _("Higher is better")
    LOWER = "lower", _("Lower is better")


class IndicatorState(models.TextChoices):
    MET = "met", _("Target met")
    ON_TRACK = "on_track", _("On track")
    BEHIND = "behind", _("Behind")
    NO_DATA = "no_data", _("No data yet")


@register_snippet
class PilotTheme(TranslatableMixin, models.Model):
    """A theme such as mobility or agriculture; the slug is shared by its translations."""

    name = models.CharField(_("name"), max_length=80)
    slug = models.SlugField(_("slug"), max_length=80, allow_unicode=False)

    panels = [FieldPanel("name"), FieldPanel("slug")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("pilot theme")
        verbose_name_plural = _("pilot themes")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["slug", "locale"], name="cms_pilottheme_slug_locale"),
        ]

    def __str__(self) -> str:
        return self.name


# --- Pages ---------------------------------------------------------------------------------


class PilotIndexPage(CachedPageMixin, Page):
    """The list of pilots, with filters that only ever narrow the list."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    subpage_types = ["cms.PilotPage"]
    parent_page_types = ["cms.HomePage"]
    api_fields = [APIField("intro")]

    per_page = 12
    SORTS = {
        "newest": ("-start_date", "-pk"),
        "oldest": ("start_date", "pk"),
        "title": ("title", "pk"),
    }

    class Meta:
        verbose_name = _("pilot index page")

    def pilots(self) -> models.QuerySet[PilotPage]:
        return (
            PilotPage.objects.child_of(self)
            .live()
            .public()
            .select_related("image")
            .prefetch_related(
                "themes",
                Prefetch(
                    "partners",
                    queryset=PilotPartner.objects.select_related("organization").order_by(
                        "sort_order"
                    ),
                ),
            )
        )

    def get_context(self, request, *args, **kwargs) -> dict:
        context = super().get_context(request, *args, **kwargs)
        filters = PilotFilters.from_query(request.GET)
        pilots = filters.apply(self.pilots())
        paginator = Paginator(pilots, self.per_page)
        page_obj = paginator.get_page(request.GET.get("page"))
        theme_names = theme_names_for(self.locale_id)
        for pilot in page_obj.object_list:
            pilot.theme_names = pilot.localized_theme_names(theme_names)
        context.update(
            filters=filters,
            page_obj=page_obj,
            pilots=page_obj.object_list,
            statuses=PilotStatus.choices,
            themes=PilotTheme.objects.filter(locale_id=self.locale_id).order_by("name"),
            organizations=self.partner_organizations(),
            years=self.years(),
            sorts=[
                ("newest", _("Newest first")),
                ("oldest", _("Oldest first")),
                ("title", _("Title")),
            ],
            query_without_page=filters.as_query(),
        )
        return context

    def partner_organizations(self) -> list:
        from members.models import Organization

        return list(
            Organization.objects.filter(
                pilot_partnerships__page__in=PilotPage.objects.child_of(self).live()
            )
            .distinct()
            .order_by("name")
        )

    def years(self) -> list[int]:
        dates = PilotPage.objects.child_of(self).live().dates("start_date", "year", order="DESC")
        return [d.year for d in dates]


@dataclass
class PilotFilters:
    """The index's query string, cleaned. Anything unrecognised filters to nothing, quietly."""

    status: str = ""
    theme: str = ""
    organization: str = ""
    year: str = ""
    sort: str = "newest"
    invalid: bool = False

    @classmethod
    def from_query(cls, query) -> PilotFilters:
        def one(name: str) -> str:
            value = query.get(name, "")
            return value.strip()[:80] if isinstance(value, str) else ""

        filters = cls(
            status=one("status"),
            theme=one("theme"),
            organization=one("organization"),
            year=one("year"),
            sort=one("sort") or "newest",
        )
        if filters.status and filters.status not in PilotStatus.values:
            filters.invalid = True
        if filters.year and not (filters.year.isascii() and filters.year.isdigit()):
            filters.invalid = True
        if filters.sort not in PilotIndexPage.SORTS:
            filters.sort = "newest"
        return filters

    @property
    def active(self) -> bool:
        return bool(self.status or self.theme or self.organization or self.year)

    def apply(self, pilots: models.QuerySet) -> models.QuerySet:
        if self.invalid:
            return pilots.none()
        if self.status:
            pilots = pilots.filter(status=self.status)
        if self.theme:
            pilots = pilots.filter(themes__slug=self.theme)
        if self.organization:
            pilots = pilots.filter(partners__organization__slug=self.organization)
        if self.year:
            year = int(self.year)
            if not 1900 <= year <= 2200:
                return pilots.none()
            pilots = pilots.filter(start_date__year=year)
        return pilots.distinct().order_by(*PilotIndexPage.SORTS[self.sort])

    def as_query(self) -> str:
        from urllib.parse import urlencode

        pairs = [
            (key, value)
            for key, value in (
                ("status", self.status),
                ("theme", self.theme),
                ("organization", self.organization),
                ("year", self.year),
                ("sort", self.sort if self.sort != "newest" else ""),
            )
            if value
        ]
        return urlencode(pairs)


def theme_names_for(locale_id: int) -> dict[str, str]:
    return dict(PilotTheme.objects.filter(locale_id=locale_id).values_list("slug", "name"))


class PilotPage(CachedPageMixin, Page):
    """One pilot project: what was tried, with whom, what it cost and what it showed."""

    summary = models.TextField(
        _("summary"), max_length=400, help_text=_("Two or three plain sentences for lists.")
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Shown in lists and when the page is shared."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=PilotStatus.choices, default=PilotStatus.PLANNED
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    themes = ParentalManyToManyField(PilotTheme, verbose_name=_("themes"), blank=True)
    funding_source = models.CharField(_("funding source"), max_length=200, blank=True)
    funding_amount = models.PositiveBigIntegerField(
        _("funding amount (yen)"), null=True, blank=True
    )
    body = StreamField(PilotBodyBlock(), verbose_name=_("body"), blank=True)
    lessons_learned = RichTextField(_("lessons learned"), blank=True)
    next_steps = RichTextField(_("next steps"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("image"),
        MultiFieldPanel(
            [
                FieldPanel("status"),
                FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
                FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
            ],
            heading=_("Status and themes"),
        ),
        InlinePanel("partners", label=_("Partners"), heading=_("Partners")),
        MultiFieldPanel(
            [FieldPanel("funding_source"), FieldPanel("funding_amount")], heading=_("Funding")
        ),
        FieldPanel("body"),
        InlinePanel("indicators", label=_("Indicator"), heading=_("Indicators (KPIs)")),
        FieldPanel("lessons_learned"),
        FieldPanel("next_steps"),
        InlinePanel("related_pages", label=_("Related page"), heading=_("Related pages")),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField("lessons_learned"),
        index.FilterField("status"),
    ]
    parent_page_types = ["cms.PilotIndexPage"]
    subpage_types: list[str] = []
    api_fields = [
        APIField("summary"),
        APIField("status"),
        APIField("start_date"),
        APIField("end_date"),
        APIField("funding_source"),
        APIField("funding_amount"),
        APIField("body"),
        APIField("lessons_learned"),
        APIField("next_steps"),
        APIField("open_data"),
    ]

    class Meta:
        verbose_name = _("pilot page")

    def clean(self) -> None:
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end date is before the start date.")})

    # --- computed for templates ------------------------------------------------------------

    @property
    def funding_display(self) -> str:
        if self.funding_amount is None:
            return ""
        return format_yen(self.funding_amount, get_language() or settings.LANGUAGE_CODE)

    @property
    def year(self) -> int | None:
        return self.start_date.year if self.start_date else None

    def localized_theme_names(self, names: dict[str, str]) -> list[str]:
        return [names.get(theme.slug, theme.name) for theme in self.themes.all()]

    def partner_names(self) -> list[str]:
        language = get_language()
        return [partner.display_name(language) for partner in self.partners.all()]

    def measurement_source(self) -> PilotPage:
        """The translation whose indicators carry the measurements (the default language)."""
        default = settings.LANGUAGE_CODE
        if self.locale.language_code == default:
            return self
        source = (
            PilotPage.objects.filter(
                translation_key=self.translation_key, locale__language_code=default
            )
            .only("pk")
            .first()
        )
        return source or self

    @cached_property
    def indicator_results(self) -> list[IndicatorResult]:
        """This page's indicators with the measurements recorded on the source translation."""
        source = self.measurement_source()
        indicators = list(self.indicators.all().order_by("sort_order"))
        if source.pk == self.pk:
            by_key = {ind.key: ind for ind in indicators}
        else:
            by_key = {ind.key: ind for ind in source.indicators.all()}
        measured = (
            Measurement.objects.filter(indicator__in=list(by_key.values()))
            .select_related(None)
            .order_by("date")
        )
        series: dict[int, list[Measurement]] = {}
        for measurement in measured:
            series.setdefault(measurement.indicator_id, []).append(measurement)
        results = []
        for indicator in indicators:
            source_indicator = by_key.get(indicator.key)
            points = series.get(source_indicator.pk, []) if source_indicator else []
            results.append(IndicatorResult(indicator, points))
        return results

    @property
    def open_data(self) -> list[dict]:
        return [result.as_dict() for result in self.indicator_results]

    def get_context(self, request, *args, **kwargs) -> dict:
        context = super().get_context(request, *args, **kwargs)
        context["theme_names"] = self.localized_theme_names(theme_names_for(self.locale_id))
        context["partners"] = list(self.partners.select_related("organization"))
        context["related"] = [
            link.target
            for link in self.related_pages.select_related("target").order_by("sort_order")
            if link.target.live
        ]
        context["results"] = self.indicator_results
        return context


class PilotPartner(Orderable):
    """A partner: a member organisation, or an outside company named in text."""

    page = ParentalKey(PilotPage, on_delete=models.CASCADE, related_name="partners")
    organization = models.ForeignKey(
        "members.Organization",
        verbose_name=_("member organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="pilot_partnerships",
    )
    name = models.CharField(
        _("outside partner"),
        max_length=120,
        blank=True,
        help_text=_("For a company or body that is not a consortium member."),
    )
    role = models.CharField(_("role in the pilot"), max_length=120, blank=True)

    panels = [FieldPanel("organization"), FieldPanel("name"), FieldPanel("role")]

    class Meta(Orderable.Meta):
        verbose_name = _("partner")
        verbose_name_plural = _("partners")

    def clean(self) -> None:
        if not self.organization_id and not self.name.strip():
            raise ValidationError(_("Choose a member organisation or name an outside partner."))

    def display_name(self, language: str | None = None) -> str:
        if self.organization_id and self.organization:
            return self.organization.localized_name(language)
        return self.name

    def __str__(self) -> str:
        return self.display_name()


class PilotRelatedPage(Orderable):
    page = ParentalKey(PilotPage, on_delete=models.CASCADE, related_name="related_pages")
    target = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    panels = [FieldPanel("target")]

    class Meta(Orderable.Meta):
        verbose_name = _("related page")


# --- Indicators and measurements -------------------------------------------------------------


class Indicator(ClusterableModel, Orderable):
    """A KPI of a pilot. The key is how imports and translations recognise it."""

    page = ParentalKey(PilotPage, on_delete=models.CASCADE, related_name="indicators")
    key = models.SlugField(
        _("key"),
        max_length=60,
        help_text=_("A short identifier used in CSV files, the same in every language, e.g. co2"),
    )
    name = models.CharField(_("name"), max_length=120)
    unit = models.CharField(_("unit"), max_length=30, blank=True)
    direction = models.CharField(
        _("direction"), max_length=10, choices=Direction.choices, default=Direction.HIGHER
    )
    baseline = models.DecimalField(_("baseline"), max_digits=16, decimal_places=4)
    target = models.DecimalField(_("target"), max_digits=16, decimal_places=4)
    target_date = models.DateField(_("target date"), null=True, blank=True)

    panels = [
        FieldRowPanel([FieldPanel("key"), FieldPanel("name")]),
        FieldRowPanel([FieldPanel("unit"), FieldPanel("direction")]),
        FieldRowPanel([FieldPanel("baseline"), FieldPanel("target"), FieldPanel("target_date")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self) -> str:
        return f"{self.page.title} — {self.name}" if self.page_id else self.name

    def clean(self) -> None:
        if self.baseline is not None and self.baseline == self.target:
            raise ValidationError({"target": _("The target must differ from the baseline.")})
        if (
            self.direction == Direction.HIGHER
            and self.target is not None
            and self.baseline is not None
            and self.target < self.baseline
        ) or (
            self.direction == Direction.LOWER
            and self.target is not None
            and self.baseline is not None
            and self.target > self.baseline
        ):
            raise ValidationError(
                {"direction": _("The target lies in the wrong direction from the baseline.")}
            )

    # Measurements belong to the indicator, not to a page revision or a translation copy.
    def serializable_data(self) -> dict:
        data = super().serializable_data()
        data.pop("measurements", None)
        return data

    def copy_cluster(self, exclude_fields=None):
        return super().copy_cluster(exclude_fields=[*(exclude_fields or []), "measurements"])


class Measurement(models.Model):
    indicator = ParentalKey(Indicator, on_delete=models.CASCADE, related_name="measurements")
    date = models.DateField(_("date"))
    value = models.DecimalField(_("value"), max_digits=16, decimal_places=4)
    note = models.CharField(_("note"), max_length=200, blank=True)

    panels = [FieldRowPanel([FieldPanel("date"), FieldPanel("value")]), FieldPanel("note")]

    class Meta:
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "date"], name="cms_measurement_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.date}: {self.value}"


class IndicatorResult:
    """An indicator with its series: progress and on-track are computed here, once."""

    def __init__(
        self, indicator: Indicator, measurements: list[Measurement], today: dt.date | None = None
    ) -> None:
        self.indicator = indicator
        self.measurements = measurements
        self.today = today or timezone.localdate()

    @property
    def latest(self) -> Measurement | None:
        return self.measurements[-1] if self.measurements else None

    @property
    def progress(self) -> Decimal | None:
        """Share of the way from baseline to target, in percent (may exceed 0–100)."""
        if self.latest is None:
            return None
        span = self.indicator.target - self.indicator.baseline
        if span == 0:
            return None
        return (self.latest.value - self.indicator.baseline) / span * 100

    @property
    def progress_percent(self) -> int:
        """The progress bar's width: 0–100."""
        progress = self.progress
        if progress is None:
            return 0
        return int(max(Decimal(0), min(Decimal(100), progress)).to_integral_value())

    @property
    def expected_progress(self) -> Decimal | None:
        """Where a straight line from the first measurement to the target date would be now."""
        target_date = self.indicator.target_date
        if not self.measurements or target_date is None:
            return None
        start = self.measurements[0].date
        if target_date <= start:
            return Decimal(100)
        elapsed = (min(self.today, target_date) - start).days
        return Decimal(elapsed) / Decimal((target_date - start).days) * 100

    @property
    def state(self) -> str:
        progress = self.progress
        if progress is None:
            return IndicatorState.NO_DATA
        if progress >= 100:
            return IndicatorState.MET
        expected = self.expected_progress
        if expected is None:
            return IndicatorState.ON_TRACK if progress > 0 else IndicatorState.BEHIND
        return IndicatorState.ON_TRACK if progress >= expected else IndicatorState.BEHIND

    @property
    def state_label(self) -> str:
        return IndicatorState(self.state).label

    @property
    def on_track(self) -> bool | None:
        if self.state == IndicatorState.NO_DATA:
            return None
        return self.state in (IndicatorState.MET, IndicatorState.ON_TRACK)

    @cached_property
    def chart(self) -> LineChart:
        return LineChart(
            points=[(m.date, m.value) for m in self.measurements],
            baseline=self.indicator.baseline,
            target=self.indicator.target,
            unit=self.indicator.unit,
        )

    def as_dict(self) -> dict:
        ind = self.indicator
        return {
            "key": ind.key,
            "name": ind.name,
            "unit": ind.unit,
            "direction": ind.direction,
            "baseline": str(ind.baseline),
            "target": str(ind.target),
            "target_date": ind.target_date.isoformat() if ind.target_date else None,
            "progress_percent": None if self.progress is None else float(round(self.progress, 1)),
            "state": str(self.state),
            "measurements": [
                {"date": m.date.isoformat(), "value": str(m.value), "note": m.note}
                for m in self.measurements
            ],
        }

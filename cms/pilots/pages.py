"""Pilot projects (実証実験): showcases with measured results, and their index.

The indicators and measurements a pilot page shows live in indicators.py.
"""

from __future__ import annotations

from modelcluster.fields import ParentalKey, ParentalManyToManyField

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Prefetch
from django.utils.functional import cached_property
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, TranslatableMixin
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from japanese.search import SEARCH_TERMS_FIELD, JapaneseSearchable
from members.models import Organization

from ..core.blocks import PilotBodyBlock
from ..core.formatting import format_yen
from ..core.page_cache import CachedPageMixin
from ..reading.pages import PlainJapaneseMixin
from .choices import PilotStatus
from .filters import SORT_CHOICES, PilotFilter
from .indicators import IndicatorResult, Measurement
from .review import ReviewedPagePermissionTester


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


class PilotIndexPage(JapaneseSearchable, PlainJapaneseMixin, CachedPageMixin, Page):
    """The list of pilots, with filters that only ever narrow the list."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, SEARCH_TERMS_FIELD, index.SearchField("intro")]
    subpage_types = ["cms.PilotPage"]
    parent_page_types = ["cms.HomePage"]

    def permissions_for_user(self, user):
        return ReviewedPagePermissionTester(user, self, index_path=self.path)

    api_fields = [APIField("intro")]

    template = "cms/pilots/pilot_index_page.html"
    per_page = 12

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
        filters = PilotFilter(request.GET, queryset=self.pilots())
        paginator = Paginator(filters.qs, self.per_page)
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
            sorts=SORT_CHOICES,
            query_without_page=filters.as_query(),
        )
        return context

    def partner_organizations(self) -> list:
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


def theme_names_for(locale_id: int) -> dict[str, str]:
    return dict(PilotTheme.objects.filter(locale_id=locale_id).values_list("slug", "name"))


class PilotPage(JapaneseSearchable, PlainJapaneseMixin, CachedPageMixin, Page):
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
        SEARCH_TERMS_FIELD,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField("lessons_learned"),
        index.FilterField("status"),
    ]
    parent_page_types = ["cms.PilotIndexPage"]
    subpage_types: list[str] = []

    def permissions_for_user(self, user):
        # The pilot index is the parent (parent_page_types): its path is this one's minus a step.
        return ReviewedPagePermissionTester(user, self, index_path=self.path[: -self.steplen])

    template = "cms/pilots/pilot_page.html"
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

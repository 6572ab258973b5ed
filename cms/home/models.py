"""Editorial pages."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from japanese.search import SEARCH_TERMS_FIELD, JapaneseSearchable

from ..core.page_cache import CachedPageMixin
from ..reading.pages import PlainJapaneseMixin
from .dashboard import build_dashboard
from .targets import TargetCounts


class HomePage(JapaneseSearchable, PlainJapaneseMixin, CachedPageMixin, Page):
    """The site root in each language, with the consortium's dashboard."""

    lead = models.CharField(_("lead"), max_length=255, blank=True)
    body = RichTextField(_("body"), blank=True)
    target_label = models.CharField(
        _("programme target label"),
        max_length=120,
        blank=True,
        help_text=_("e.g. Digital projects planned for 2024–2027"),
    )
    target_total = models.PositiveIntegerField(_("programme target total"), null=True, blank=True)
    target_counts = models.CharField(
        _("what counts toward the target"),
        max_length=20,
        choices=TargetCounts.choices,
        default=TargetCounts.COMPLETED_OR_ADOPTED,
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("lead"),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("target_label"), FieldPanel("target_total"), FieldPanel("target_counts")],
            heading=_("Programme target"),
        ),
    ]
    search_fields = [
        *Page.search_fields,
        SEARCH_TERMS_FIELD,
        index.SearchField("lead"),
        index.SearchField("body"),
    ]
    max_count_per_parent = 1
    parent_page_types = ["wagtailcore.Page"]
    template = "cms/home/home_page.html"

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs) -> dict:
        context = super().get_context(request, *args, **kwargs)
        context["dashboard"] = build_dashboard(self, request)
        return context


class StandardPage(JapaneseSearchable, PlainJapaneseMixin, Page):
    """A plain page of text: about, access, privacy."""

    lead = models.CharField(_("lead"), max_length=255, blank=True)
    body = RichTextField(_("body"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("lead"), FieldPanel("body")]
    search_fields = [
        *Page.search_fields,
        SEARCH_TERMS_FIELD,
        index.SearchField("lead"),
        index.SearchField("body"),
    ]
    template = "cms/home/standard_page.html"

    class Meta:
        verbose_name = _("standard page")

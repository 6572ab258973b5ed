"""Session reports: a ReportIndexPage lists them; a SessionReportPage is drafted from a
closed session (cms/reports/drafting.py) and published through the normal workflow."""

from __future__ import annotations

from django.conf import settings
from django.core.paginator import Paginator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from dialogue import session_record
from dialogue.models import DialogueSession, Outcome
from japanese.search import SEARCH_TERMS_FIELD, JapaneseSearchable

from ..core.page_cache import CachedPageMixin
from ..reading.pages import PlainJapaneseMixin
from .blocks import ReportBodyBlock


class ReportIndexPage(JapaneseSearchable, PlainJapaneseMixin, CachedPageMixin, Page):
    intro = RichTextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, SEARCH_TERMS_FIELD, index.SearchField("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.SessionReportPage"]
    api_fields = [APIField("intro")]
    max_count_per_parent = 1
    template = "cms/reports/report_index_page.html"
    per_page = 12

    class Meta:
        verbose_name = _("report index page")

    def get_context(self, request, *args, **kwargs) -> dict:
        context = super().get_context(request, *args, **kwargs)
        reports = (
            SessionReportPage.objects.child_of(self).live().public().order_by("-held_on", "-pk")
        )
        context["page_obj"] = Paginator(reports, self.per_page).get_page(request.GET.get("page"))
        return context


class SessionReportPage(JapaneseSearchable, PlainJapaneseMixin, Page):
    session = models.ForeignKey(
        DialogueSession,
        verbose_name=_("session"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    held_on = models.DateField(_("held on"))
    organiser = models.CharField(_("organiser"), max_length=200, blank=True)
    summary = RichTextField(
        _("summary"),
        blank=True,
        features=["bold", "italic", "ol", "ul", "link"],
        help_text=_("What the session was about and what came of it, in a few sentences."),
    )
    body = StreamField(ReportBodyBlock(), verbose_name=_("body"), blank=True)
    transcript = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("transcript"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The CSV drafted with the report: hidden messages are left out."),
    )

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("held_on"), FieldPanel("organiser")]),
                FieldPanel("session"),
            ],
            heading=_("Session"),
        ),
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldPanel("transcript"),
    ]
    search_fields = [
        *Page.search_fields,
        SEARCH_TERMS_FIELD,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField("organiser"),
    ]
    api_fields = [APIField("held_on"), APIField("organiser"), APIField("summary"), APIField("body")]
    parent_page_types = ["cms.ReportIndexPage"]
    subpage_types: list[str] = []
    template = "cms/reports/session_report_page.html"

    class Meta:
        verbose_name = _("session report")
        verbose_name_plural = _("session reports")

    def get_context(self, request, *args, **kwargs) -> dict:
        context = super().get_context(request, *args, **kwargs)
        session = self.session
        if session is not None:
            outcomes = list(session.outcomes.select_related("owner"))
            context.update(
                decisions=[o for o in outcomes if o.kind == Outcome.Kind.DECISION],
                actions=[o for o in outcomes if o.kind == Outcome.Kind.ACTION],
                proposals=session_record.discussed_proposals(session),
                pilot=session.related_page if session.related_page_id else None,
            )
        return context


class ReportDraft(models.Model):
    """Drafting a report in the background, and how far it got (shown in the admin)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Drafting")
        DONE = "done", _("Drafted")
        FAILED = "failed", _("Failed")

    session = models.OneToOneField(
        DialogueSession, verbose_name=_("session"), on_delete=models.CASCADE, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    page = models.ForeignKey(
        SessionReportPage,
        verbose_name=pgettext_lazy("session report", "report"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    error = models.TextField(_("error"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("report draft")
        verbose_name_plural = _("report drafts")
        ordering = ["-updated_at"]

    def __str__(self) -> str:
        return str(self.session)

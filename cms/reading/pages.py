"""The plain-Japanese version of a Wagtail page: three optional fields, one admin tab.

Mixed into a page model before Page (and before CachedPageMixin). Templates show
`plain_version` (cms.reading.plain) where the page has one and the reader chose it.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, ObjectList, TabbedInterface
from wagtail.fields import RichTextField
from wagtail.rich_text import RichText
from wagtail.utils.decorators import cached_classmethod

from japanese.readability import PlainVersion

from .admin import JapaneseOnlyTab, ReadabilityPanel
from .plain import plain_context

PLAIN_FEATURES = ["bold", "h2", "h3", "ol", "ul", "link"]
PLAIN_TAB = _("Plain Japanese")


class PlainJapaneseMixin(models.Model):
    plain_title = models.CharField(
        _("title in plain Japanese"),
        max_length=255,
        blank=True,
        help_text=_("Leave empty to keep the ordinary title."),
    )
    plain_summary = models.TextField(
        _("summary in plain Japanese"),
        max_length=600,
        blank=True,
        help_text=_("Short sentences, everyday words, few kanji."),
    )
    plain_body = RichTextField(
        _("text in plain Japanese"),
        features=PLAIN_FEATURES,
        blank=True,
        help_text=_(
            "Shown instead of the page's text to readers who choose plain Japanese. "
            "A page with neither a summary nor a text here has no plain version."
        ),
    )

    plain_panels = [
        ReadabilityPanel(),
        FieldPanel("plain_title"),
        FieldPanel("plain_summary"),
        FieldPanel("plain_body"),
    ]

    class Meta:
        abstract = True

    def plain_version(self) -> PlainVersion | None:
        if not (self.plain_summary.strip() or self.plain_body.strip()):
            return None
        return PlainVersion(
            title=self.plain_title.strip() or self.title,
            summary=self.plain_summary.strip(),
            body=RichText(self.plain_body) if self.plain_body.strip() else "",
        )

    def get_context(self, request, *args, **kwargs) -> dict:
        context = super().get_context(request, *args, **kwargs)
        context.update(plain_context(request, self))
        return context

    @cached_classmethod
    def get_edit_handler(cls):
        """Wagtail's tabs with a やさしい日本語 tab after the content, shown on Japanese pages,
        and the readability figure above the Japanese content."""
        tabs = [
            ObjectList([ReadabilityPanel(), *cls.content_panels], heading=_("Content")),
            JapaneseOnlyTab(cls.plain_panels, heading=PLAIN_TAB),
        ]
        if cls.promote_panels:
            tabs.append(ObjectList(cls.promote_panels, heading=_("Promote")))
        if cls.settings_panels:
            tabs.append(ObjectList(cls.settings_panels, heading=_("Settings")))
        return TabbedInterface(tabs, base_form_class=cls.base_form_class).bind_to_model(cls)

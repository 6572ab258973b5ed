"""Blocks a session report is drafted with; editors may change or remove any of them."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from wagtail import blocks

from ..core.blocks import QuoteBlock, TextBlock

BAR_HEIGHT = 28
BAR_GAP = 10
LABEL_WIDTH = 200
CHART_WIDTH = 640


class ParticipationRow(blocks.StructBlock):
    organisation = blocks.CharBlock(label=_("Organisation"), max_length=120)
    people = blocks.IntegerBlock(label=_("People"), min_value=0)


class ParticipationBlock(blocks.StructBlock):
    """Participants counted by organisation: a bar chart drawn on the server, with a table."""

    caption = blocks.CharBlock(label=_("Caption"), max_length=200)
    rows = blocks.ListBlock(ParticipationRow(), label=_("Organisations"))

    class Meta:
        icon = "group"
        template = "cms/blocks/participation.html"
        label = _("Participants by organisation")
        description = _("How many people of each organisation took part, as a chart and a table.")
        preview_value = {
            "caption": "参加者（団体別）",
            "rows": [
                {"organisation": "商工会", "people": 4},
                {"organisation": "観光協会", "people": 2},
            ],
        }

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        rows = [(row["organisation"], row["people"]) for row in value["rows"]]
        top = max((people for _name, people in rows), default=0) or 1
        span = CHART_WIDTH - LABEL_WIDTH - 60
        context["bars"] = [
            {
                "name": name,
                "people": people,
                "y": index * (BAR_HEIGHT + BAR_GAP),
                "text_y": index * (BAR_HEIGHT + BAR_GAP) + BAR_HEIGHT * 0.7,
                "width": round(span * people / top, 1),
                "value_x": LABEL_WIDTH + round(span * people / top, 1) + 8,
            }
            for index, (name, people) in enumerate(rows)
        ]
        context["chart"] = {
            "width": CHART_WIDTH,
            "height": max(len(rows), 1) * (BAR_HEIGHT + BAR_GAP),
            "label_width": LABEL_WIDTH,
            "bar_height": BAR_HEIGHT,
            "total": sum(people for _name, people in rows),
        }
        return context


class AcknowledgedQuoteBlock(QuoteBlock):
    acknowledged_by = blocks.CharBlock(label=_("Acknowledged by"), required=False, max_length=200)

    class Meta:
        icon = "openquote"
        template = "cms/blocks/quote.html"
        label = _("Quote")


class ReportBodyBlock(blocks.StreamBlock):
    text = TextBlock()
    quote = AcknowledgedQuoteBlock()
    participation = ParticipationBlock()

"""Template tags for pilot pages: where the pilot index of the current language lives."""

from __future__ import annotations

from django import template
from django.utils.translation import get_language, pgettext

from ..core.formatting import format_measure
from .pages import PilotIndexPage

register = template.Library()


@register.simple_tag(takes_context=True)
def pilot_index_url(context: template.Context) -> str:
    """One query per request at most: the answer is kept on the request."""
    request = context.get("request")
    language = get_language()
    cached = getattr(request, "_pilot_index_urls", None) if request is not None else None
    if cached is None:
        cached = {}
        if request is not None:
            request._pilot_index_urls = cached
    if language not in cached:
        index = PilotIndexPage.objects.live().filter(locale__language_code=language).first()
        cached[language] = (index.get_url(request) if index else "") or ""
    return cached[language]


@register.filter
def measure(value) -> str:
    return format_measure(value)


@register.filter
def list_of(items) -> str:
    """Join names the way the current language does: 「A、B」 or "A, B"."""
    return pgettext("separator between items of a list", ", ").join(str(i) for i in items)

from __future__ import annotations

from django import template

from cms.reading.furigana import wants_furigana
from cms.reading.plain import wants_plain

register = template.Library()


@register.simple_tag(takes_context=True)
def furigana_on(context) -> bool:
    request = context.get("request")
    return request is not None and wants_furigana(request)


@register.simple_tag(takes_context=True)
def plain_japanese_on(context) -> bool:
    return wants_plain(context.get("request"))

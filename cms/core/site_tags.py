"""Template tags for the site-wide layout."""

from __future__ import annotations

from urllib.parse import urlencode

from django import template
from django.conf import settings
from django.urls import reverse, translate_url
from django.utils.translation import get_language_info

from wagtail.models import Locale, Page

register = template.Library()


def _translated_path(context: template.Context, language: str) -> str:
    request = context.get("request")
    page = context.get("page")
    if isinstance(page, Page):
        locale = Locale.objects.filter(language_code=language).first()
        translation = page.get_translation_or_none(locale) if locale else None
        if translation is not None and translation.live:
            return translation.get_url(request) or f"/{language}/"
        return f"/{language}/"
    if request is None:
        return f"/{language}/"
    return translate_url(request.get_full_path(), language)


@register.inclusion_tag("includes/language_switcher.html", takes_context=True)
def language_switcher(context: template.Context) -> dict:
    current = context.get("LANGUAGE_CODE", settings.LANGUAGE_CODE)
    languages = []
    for code, _name in settings.LANGUAGES:
        query = urlencode({"next": _translated_path(context, code)})
        languages.append(
            {
                "code": code,
                "label": get_language_info(code)["name_local"],
                "url": f"{reverse('switch_language', args=[code])}?{query}",
                "current": code == current,
            }
        )
    return {"languages": languages}

"""Template tags for the site-wide layout."""

from __future__ import annotations

from urllib.parse import urlencode

from django import template
from django.conf import settings
from django.urls import reverse, translate_url
from django.utils.translation import get_language_info

from wagtail.models import Locale, Page

from ..reading import plain

register = template.Library()

# The name of plain Japanese in Japanese, shown as is in every language, like 日本語 itself.
PLAIN_LABEL = "やさしい日本語"


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
    easy = plain.wants_plain(context.get("request"))
    languages = []
    for code, _name in settings.LANGUAGES:
        target = _translated_path(context, code)
        if code != "ja":
            query = urlencode({"next": target})
            url = f"{reverse('switch_language', args=[code])}?{query}"
        else:
            # Japanese comes in two kinds, ordinary and plain (やさしい日本語): cms.reading.
            url = f"{reverse('choose_japanese')}?{urlencode({'plain': 'off', 'next': target})}"
        label = get_language_info(code)["name_local"]
        languages.append(
            {"code": code, "label": label, "url": url, "current": code == current and not easy}
        )
        if code == "ja":
            languages.append(
                {
                    "code": "ja",
                    "label": PLAIN_LABEL,
                    "url": f"{reverse('choose_japanese')}?"
                    f"{urlencode({'plain': 'on', 'next': target})}",
                    "current": current == "ja" and easy,
                }
            )
    return {"languages": languages}

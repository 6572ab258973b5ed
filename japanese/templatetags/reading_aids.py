from __future__ import annotations

import datetime as dt

from django import template
from django.template.defaultfilters import date as date_filter
from django.utils import timezone
from django.utils.translation import get_language

from japanese.dates import official_date as format_official

register = template.Library()


@register.filter
def official_date(value: dt.date | dt.datetime | None) -> str:
    """2026年（令和8年）11月26日 on Japanese pages; the locale's date format elsewhere."""
    if not value:
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localdate(value) if timezone.is_aware(value) else value.date()
    if (get_language() or "ja").startswith("ja"):
        return format_official(value)
    return date_filter(value, "DATE_FORMAT")

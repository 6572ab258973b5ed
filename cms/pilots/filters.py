"""The pilot index's query string as a django-filter FilterSet: filters only ever narrow the list.

Anything unrecognised in a filter gives an empty list, quietly; an unknown sort falls back
to the newest first.
"""

from __future__ import annotations

import re
from urllib.parse import urlencode

import django_filters

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .choices import PilotStatus

SORTS = {
    "newest": ("-start_date", "-pk"),
    "oldest": ("start_date", "pk"),
    "title": ("title", "pk"),
}
SORT_CHOICES = [
    ("newest", _("Newest first")),
    ("oldest", _("Oldest first")),
    ("title", pgettext_lazy("sort order", "Title")),
]
DEFAULT_SORT = "newest"
FILTERS = ("status", "theme", "organization", "year")
YEARS = range(1900, 2201)


class PilotFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=PilotStatus.choices)
    theme = django_filters.CharFilter(field_name="themes__slug", max_length=80)
    organization = django_filters.CharFilter(
        field_name="partners__organization__slug", max_length=80
    )
    # ASCII digits only: int() would also read "٢٠٢٤".
    year = django_filters.CharFilter(
        method="filter_year",
        max_length=4,
        validators=[RegexValidator(r"^[0-9]{4}$", flags=re.ASCII)],
    )

    def __init__(self, data, queryset: models.QuerySet) -> None:
        data = data.copy()
        self.sort = data.get("sort") if data.get("sort") in SORTS else DEFAULT_SORT
        data.pop("sort", None)
        super().__init__(data, queryset=queryset)

    def filter_year(self, queryset: models.QuerySet, name: str, value: str) -> models.QuerySet:
        if int(value) not in YEARS:
            return queryset.none()
        return queryset.filter(start_date__year=int(value))

    @property
    def qs(self) -> models.QuerySet:
        if not self.is_valid():
            return self.queryset.none()
        return super().qs.distinct().order_by(*SORTS[self.sort])

    @property
    def values(self) -> dict[str, str]:
        """What the visitor chose, as the form shows it back (empty when not valid)."""
        cleaned = self.form.cleaned_data if self.is_valid() else {}
        return {
            **{name: cleaned.get(name) or "" for name in FILTERS},
            "sort": self.sort,
        }

    @property
    def active(self) -> bool:
        return any(self.form.data.get(name) for name in FILTERS)

    def as_query(self) -> str:
        """The query string without the page number, for the pagination links."""
        values = self.values
        if values["sort"] == DEFAULT_SORT:
            values["sort"] = ""
        return urlencode([(key, value) for key, value in values.items() if value])

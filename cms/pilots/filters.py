"""The pilot index's query string, cleaned: filters that only ever narrow the list."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import PilotStatus

SORTS = {
    "newest": ("-start_date", "-pk"),
    "oldest": ("start_date", "pk"),
    "title": ("title", "pk"),
}
SORT_CHOICES = [
    ("newest", _("Newest first")),
    ("oldest", _("Oldest first")),
    ("title", _("Title")),
]


@dataclass
class PilotFilters:
    """The index's query string, cleaned. Anything unrecognised filters to nothing, quietly."""

    status: str = ""
    theme: str = ""
    organization: str = ""
    year: str = ""
    sort: str = "newest"
    invalid: bool = False

    @classmethod
    def from_query(cls, query) -> PilotFilters:
        def one(name: str) -> str:
            value = query.get(name, "")
            return value.strip()[:80] if isinstance(value, str) else ""

        filters = cls(
            status=one("status"),
            theme=one("theme"),
            organization=one("organization"),
            year=one("year"),
            sort=one("sort") or "newest",
        )
        if filters.status and filters.status not in PilotStatus.values:
            filters.invalid = True
        if filters.year and not (filters.year.isascii() and filters.year.isdigit()):
            filters.invalid = True
        if filters.sort not in SORTS:
            filters.sort = "newest"
        return filters

    @property
    def active(self) -> bool:
        return bool(self.status or self.theme or self.organization or self.year)

    def apply(self, pilots: models.QuerySet) -> models.QuerySet:
        if self.invalid:
            return pilots.none()
        if self.status:
            pilots = pilots.filter(status=self.status)
        if self.theme:
            pilots = pilots.filter(themes__slug=self.theme)
        if self.organization:
            pilots = pilots.filter(partners__organization__slug=self.organization)
        if self.year:
            year = int(self.year)
            if not 1900 <= year <= 2200:
                return pilots.none()
            pilots = pilots.filter(start_date__year=year)
        return pilots.distinct().order_by(*SORTS[self.sort])

    def as_query(self) -> str:
        pairs = [
            (key, value)
            for key, value in (
                ("status", self.status),
                ("theme", self.theme),
                ("organization", self.organization),
                ("year", self.year),
                ("sort", self.sort if self.sort != "newest" else ""),
            )
            if value
        ]
        return urlencode(pairs)

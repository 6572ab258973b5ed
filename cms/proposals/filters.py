"""The proposal list's query string, as a django-filter FilterSet."""

from __future__ import annotations

import django_filters

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from dialogue.models.proposals import PUBLIC_STATUSES, Proposal, ProposalStatus, Theme
from members.models import Organization

SORTS = {
    "newest": ("-published_at", "-pk"),
    "supported": ("-support_count", "-published_at", "-pk"),
    "discussed": ("-comment_count", "-published_at", "-pk"),
}
SORT_LABELS = [
    ("newest", _("Newest first")),
    ("supported", _("Most supported")),
    ("discussed", _("Most discussed")),
]


class ProposalFilter(django_filters.FilterSet):
    """Filters only narrow the list; a value nobody offered gives an invalid form, and the
    page then shows an empty list with a friendly message (never an error)."""

    theme = django_filters.ModelChoiceFilter(
        label=_("Theme"),
        field_name="themes",
        to_field_name="slug",
        queryset=Theme.objects.all(),
        empty_label=_("All"),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[(s.value, s.label) for s in PUBLIC_STATUSES],
        empty_label=_("All"),
    )
    organization = django_filters.ModelChoiceFilter(
        label=_("Organisation"),
        field_name="as_org",
        to_field_name="slug",
        queryset=Organization.objects.filter(is_active=True),
        empty_label=_("All"),
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"),
        choices=SORT_LABELS,
        method="sort_by",
        empty_label=None,
    )

    class Meta:
        model = Proposal
        fields = ["theme", "status", "organization"]

    def __init__(self, data=None, *args, **kwargs) -> None:
        if data is not None:
            data = {
                k: v[:80]
                for k, v in data.items()
                if k in {"theme", "status", "organization", "sort"}
            }
            data.setdefault("sort", "newest")
        super().__init__(data, *args, **kwargs)

    def sort_by(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.order_by(*SORTS.get(value, SORTS["newest"]))

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        queryset = super().filter_queryset(queryset)
        if not self.form.cleaned_data.get("sort"):
            queryset = queryset.order_by(*SORTS["newest"])
        return queryset

    @property
    def active(self) -> bool:
        data = self.form.cleaned_data if self.is_valid() else {}
        return any(data.get(name) for name in ("theme", "status", "organization"))

    def as_query(self) -> str:
        from urllib.parse import urlencode  # noqa: PLC0415

        if not self.is_valid():
            return ""
        data = self.form.cleaned_data
        pairs = [
            ("theme", data["theme"].slug if data.get("theme") else ""),
            ("status", data.get("status") or ""),
            ("organization", data["organization"].slug if data.get("organization") else ""),
            ("sort", data.get("sort") if data.get("sort") not in ("", "newest", None) else ""),
        ]
        return urlencode([(k, v) for k, v in pairs if v])


__all__ = ["ProposalFilter", "ProposalStatus", "SORTS"]

"""Narrowing a map or a group to the opinions whose attributes (age, area…) match the query."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.http import HttpRequest

from ..models import OpinionMap


@dataclass
class Filters:
    choices: list[dict] = field(default_factory=list)  # name, param, values, selected
    active: dict[str, str] = field(default_factory=dict)

    @property
    def query(self) -> str:
        return urlencode({c["param"]: c["selected"] for c in self.choices if c["selected"]})

    def keep(self, attributes: dict) -> bool:
        return all(attributes.get(k) == v for k, v in self.active.items())


def filters_for(request: HttpRequest, opinion_map: OpinionMap, rows) -> Filters:
    filters = Filters()
    for i, name in enumerate(opinion_map.attribute_names[:20]):
        values = Counter(r["attributes"].get(name) for r in rows)
        values.pop(None, None)
        if not values:
            continue
        options = sorted(values)[:50]
        param = f"a{i}"
        selected = request.GET.get(param, "")
        if selected not in options:
            selected = ""
        else:
            filters.active[name] = selected
        filters.choices.append(
            {"name": name, "param": param, "values": options, "selected": selected}
        )
    return filters

"""What can be followed: apps above register a prefix ("pilot", "proposal", "organization",
"theme") with how to find the thing by its key and who may see it. A follow is stored as
"<prefix>:<key>" (models.Follow), so this app needs to know none of their models."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

_KEY = re.compile(r"^[A-Za-z0-9_-]{1,80}$")


@dataclass(frozen=True)
class Followable:
    prefix: str
    # key -> the object, or None when there is no such thing
    resolve: Callable[[str], object | None]
    # (user, object) -> may this person see it
    can_view: Callable[[object, object], bool]


_registry: dict[str, Followable] = {}


def register(prefix: str, resolve: Callable, can_view: Callable) -> None:
    _registry[prefix] = Followable(prefix, resolve, can_view)


def target(prefix: str, key: object) -> str:
    return f"{prefix}:{key}"


def find(user, value: object) -> str | None:
    """The target string if it names something registered that this person may see."""
    if not isinstance(value, str) or len(value) > 120 or ":" not in value:
        return None
    prefix, key = value.split(":", 1)
    followable = _registry.get(prefix)
    if followable is None or not _KEY.match(key):
        return None
    obj = followable.resolve(key)
    if obj is None or not followable.can_view(user, obj):
        return None
    return target(prefix, key)

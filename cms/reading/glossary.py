"""The readings the city stores for its names, as one Glossary per process.

A dictionary guesses names badly (みどり野市 comes out as みどりのいち), so places,
organisations and people give their readings and those win. The glossary is rebuilt when a
cache generation changes, which saving a place name, an organisation or a person's name bumps.
"""

from __future__ import annotations

import threading
import uuid

from django.contrib.auth import get_user_model
from django.core.cache import cache

from japanese.furigana import Glossary
from members.models import Organization, PlaceName

GENERATION_KEY = "reading:glossary-generation"
_lock = threading.Lock()
_built: tuple[object, Glossary] | None = None


def bump() -> None:
    cache.set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)


def _generation() -> object:
    # A random token, not a counter: a cleared cache must never bring back an old number
    # that a process still holds a glossary for.
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
        value = cache.get(GENERATION_KEY)
    return value


def stored_readings() -> dict[str, str]:
    readings: dict[str, str] = dict(PlaceName.objects.values_list("name", "reading"))
    for name, reading in (
        Organization.objects.filter(is_active=True)
        .exclude(name_reading="")
        .values_list("name", "name_reading")
    ):
        readings[name] = reading
    people = get_user_model().objects.filter(is_active=True).exclude(name_reading="")
    for name, reading in people.values_list("display_name", "name_reading"):
        if name:
            readings.setdefault(name, reading)
    return readings


def current_glossary() -> Glossary:
    global _built
    generation = _generation()
    built = _built
    if built is not None and built[0] == generation:
        return built[1]
    with _lock:
        if _built is None or _built[0] != generation:
            _built = (generation, Glossary(stored_readings()))
        return _built[1]

"""Demo sessions and rooms for `seed_demo` (filled in by the live-rooms work)."""

from __future__ import annotations

from collections.abc import Callable


def seed(progress: Callable[[str], None]) -> None:
    progress("dialogue: nothing yet")

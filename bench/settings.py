"""Settings for bench/rooms.py: the development settings, minus the per-person send limit.

The benchmark measures how many messages the room can carry, not the flood protection, so
the limit is lifted far above the rates it sends at. Everything else is as `make run` has it.
"""

from __future__ import annotations

import os

from consortium.settings.dev import *  # noqa: F403

DIALOGUE_RATE_LIMIT_SENDS = 1_000_000
DIALOGUE_RATE_LIMIT_SECONDS = 1.0
# The `plain` server of `bench/rooms.py --only site,plain` writes messages without furigana.
DIALOGUE_FURIGANA = os.environ.get("BENCH_FURIGANA", "on") == "on"

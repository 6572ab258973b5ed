from __future__ import annotations

from tests.dialogue.proposals.conftest import people  # noqa: F401 (fixture)

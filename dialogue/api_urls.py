"""The dialogue HTTP API (no language prefix): see shared/dialogue-protocol.md."""

from __future__ import annotations

app_name = "dialogue_api"
urlpatterns: list = []

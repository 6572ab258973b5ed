"""Front-end pages of the dialogue app (under the language prefix)."""

from __future__ import annotations

app_name = "dialogue"
urlpatterns: list = []

"""Front-end pages for people and organisations (under the language prefix)."""

from __future__ import annotations

app_name = "members"
urlpatterns: list = []

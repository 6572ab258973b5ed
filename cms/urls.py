"""Non-page views of the site (feeds, exports), under the language prefix."""

from __future__ import annotations

app_name = "cms"
urlpatterns: list = []

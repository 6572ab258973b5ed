"""Non-page views of the site (feeds, exports), under the language prefix."""

from __future__ import annotations

from django.urls import path

from .pilots import open_data

app_name = "cms"
urlpatterns: list = [
    path("pilots/<int:page_id>/data.csv", open_data.pilot_csv, name="pilot_csv"),
    path("pilots/<int:page_id>/data.json", open_data.pilot_json, name="pilot_json"),
    path("pilots/feed/", open_data.pilot_feed, name="pilot_feed"),
]

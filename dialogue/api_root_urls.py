"""The API alone, as a URLconf: see the 404 in api.messages."""

from __future__ import annotations

from django.urls import include, path

urlpatterns = [path("api/dialogue/", include("dialogue.api_urls"))]

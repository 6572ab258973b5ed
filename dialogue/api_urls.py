"""The dialogue HTTP API (no language prefix): see docs/dialogue-protocol.md."""

from __future__ import annotations

from django.urls import path

from . import api

app_name = "dialogue_api"
urlpatterns = [
    path("rooms/", api.rooms, name="rooms"),
    path("rooms/<slug:slug>/messages/", api.messages, name="messages"),
    path("rooms/<slug:slug>/send/", api.send, name="send"),
    path("rooms/<slug:slug>/messages/<int:pk>/<slug:action>/", api.act, name="act"),
]

"""Front-end pages of the dialogue app (under the language prefix)."""

from __future__ import annotations

from django.urls import path

from . import views

app_name = "dialogue"
urlpatterns = [
    path("", views.sessions, name="sessions"),
    path("sessions.ics", views.sessions_ics, name="sessions_ics"),
    path("sessions/<int:pk>/", views.session_detail, name="session"),
    path("sessions/<int:pk>.ics", views.session_ics, name="session_ics"),
    path("rooms/<slug:slug>/", views.room, name="room"),
]

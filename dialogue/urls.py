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
    path("sessions/<int:pk>/transcript.csv", views.session_transcript, name="transcript"),
    path("follow-ups/", views.follow_ups, name="follow_ups"),
    path("messages/<int:pk>/outcome/", views.record_outcome, name="record_outcome"),
    path("follow-ups/<int:pk>/done/", views.follow_up_done, name="follow_up_done"),
    path("rooms/<slug:slug>/", views.room, name="room"),
]

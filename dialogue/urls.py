"""Front-end pages of the dialogue app (under the language prefix)."""

from __future__ import annotations

from django.urls import path

from .views.calendar import session_ics, sessions_ics
from .views.follow_ups import follow_up_done, follow_ups, record_outcome
from .views.records import (
    add_in_person,
    my_record,
    organisation_record,
    organisation_record_csv,
    person_record,
    person_record_csv,
)
from .views.rooms import room
from .views.sessions import session_detail, session_transcript, sessions

app_name = "dialogue"
urlpatterns = [
    path("", sessions, name="sessions"),
    path("sessions.ics", sessions_ics, name="sessions_ics"),
    path("sessions/<int:pk>/", session_detail, name="session"),
    path("sessions/<int:pk>.ics", session_ics, name="session_ics"),
    path("sessions/<int:pk>/transcript.csv", session_transcript, name="transcript"),
    path("follow-ups/", follow_ups, name="follow_ups"),
    path("messages/<int:pk>/outcome/", record_outcome, name="record_outcome"),
    path("follow-ups/<int:pk>/done/", follow_up_done, name="follow_up_done"),
    path("rooms/<slug:slug>/", room, name="room"),
    path("sessions/<int:pk>/attendance/", add_in_person, name="add_attendance"),
    path("record/", my_record, name="my_record"),
    path("record/people/<int:pk>/", person_record, name="person_record"),
    path("record/people/<int:pk>.csv", person_record_csv, name="person_record_csv"),
    path(
        "record/organisations/<slug:slug>/",
        organisation_record,
        name="organisation_record",
    ),
    path(
        "record/organisations/<slug:slug>.csv",
        organisation_record_csv,
        name="organisation_record_csv",
    ),
]

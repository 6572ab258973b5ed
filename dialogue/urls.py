"""Front-end pages of the dialogue app (under the language prefix)."""

from __future__ import annotations

from django.urls import path

from .views import calendar, follow_ups, records, rooms, sessions

app_name = "dialogue"
urlpatterns = [
    path("", sessions.sessions, name="sessions"),
    path("sessions.ics", calendar.sessions_ics, name="sessions_ics"),
    path("sessions/<int:pk>/", sessions.session_detail, name="session"),
    path("sessions/<int:pk>.ics", calendar.session_ics, name="session_ics"),
    path("sessions/<int:pk>/transcript.csv", sessions.session_transcript, name="transcript"),
    path("follow-ups/", follow_ups.follow_ups, name="follow_ups"),
    path("messages/<int:pk>/outcome/", follow_ups.record_outcome, name="record_outcome"),
    path("follow-ups/<int:pk>/done/", follow_ups.follow_up_done, name="follow_up_done"),
    path("rooms/<slug:slug>/", rooms.room, name="room"),
    path("sessions/<int:pk>/attendance/", records.add_in_person, name="add_attendance"),
    path("record/", records.my_record, name="my_record"),
    path("record/people/<int:pk>/", records.person_record, name="person_record"),
    path("record/people/<int:pk>.csv", records.person_record_csv, name="person_record_csv"),
    path(
        "record/organisations/<slug:slug>/",
        records.organisation_record,
        name="organisation_record",
    ),
    path(
        "record/organisations/<slug:slug>.csv",
        records.organisation_record_csv,
        name="organisation_record_csv",
    ),
]

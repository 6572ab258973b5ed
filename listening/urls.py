"""Opinion map pages (under the language prefix)."""

from __future__ import annotations

from django.urls import path

from .views import downloads, reading, staff

app_name = "listening"
urlpatterns = [
    path("", reading.map_list, name="maps"),
    path("new/", staff.map_create, name="create"),
    path("<int:pk>/", reading.map_detail, name="map"),
    path("<int:pk>/settings/", staff.map_edit, name="edit"),
    path("<int:pk>/recompute/", staff.map_recompute, name="recompute"),
    path("<int:pk>/progress.json", reading.progress, name="progress"),
    path("<int:pk>/hierarchical_result.json", downloads.export_json, name="export_json"),
    path("<int:pk>/opinions.csv", downloads.export_csv, name="export_csv"),
    path("<int:pk>/groups/<int:group_pk>/", reading.group_detail, name="group"),
    path("<int:pk>/groups/<int:group_pk>/edit/", staff.group_edit, name="group_edit"),
]

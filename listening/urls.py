"""Opinion map pages (under the language prefix)."""

from __future__ import annotations

from django.urls import path

from . import views

app_name = "listening"
urlpatterns = [
    path("", views.map_list, name="maps"),
    path("new/", views.map_create, name="create"),
    path("<int:pk>/", views.map_detail, name="map"),
    path("<int:pk>/settings/", views.map_edit, name="edit"),
    path("<int:pk>/recompute/", views.map_recompute, name="recompute"),
    path("<int:pk>/progress.json", views.progress, name="progress"),
    path("<int:pk>/hierarchical_result.json", views.export_json, name="export_json"),
    path("<int:pk>/opinions.csv", views.export_csv, name="export_csv"),
    path("<int:pk>/groups/<int:group_pk>/", views.group_detail, name="group"),
    path("<int:pk>/groups/<int:group_pk>/edit/", views.group_edit, name="group_edit"),
]

"""Front-end pages for people and organisations (under the language prefix)."""

from __future__ import annotations

from django.urls import path

from . import views

app_name = "members"
urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("profile/data/", views.profile_data, name="profile_data"),
    path("profile/delete/", views.profile_delete, name="profile_delete"),
    path(
        "profile/memberships/<int:pk>/listing/",
        views.membership_listing,
        name="membership_listing",
    ),
    path("organizations/", views.organization_list, name="organization_list"),
    path("organizations/<slug:slug>/", views.organization_manage, name="organization_manage"),
    path(
        "organizations/<slug:slug>/members/<int:pk>/role/",
        views.membership_role,
        name="membership_role",
    ),
    path(
        "organizations/<slug:slug>/members/<int:pk>/remove/",
        views.membership_remove,
        name="membership_remove",
    ),
    path(
        "organizations/<slug:slug>/invitations/<int:pk>/revoke/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
    path(
        "organizations/<slug:slug>/speakers/",
        views.organization_speakers,
        name="organization_speakers",
    ),
    path("organizations/<slug:slug>/log/", views.organization_log, name="organization_log"),
    path("invitations/<str:token>/", views.invitation, name="invitation"),
]

"""Front-end pages for people and organisations (under the language prefix)."""

from __future__ import annotations

from django.urls import path

from .views import invitations, organizations, personal_data, profile

app_name = "members"
urlpatterns = [
    path("profile/", profile.profile, name="profile"),
    path("profile/data/", personal_data.profile_data, name="profile_data"),
    path("profile/delete/", personal_data.profile_delete, name="profile_delete"),
    path(
        "profile/memberships/<int:pk>/listing/",
        profile.membership_listing,
        name="membership_listing",
    ),
    path("organizations/", organizations.organization_list, name="organization_list"),
    path(
        "organizations/<slug:slug>/", organizations.organization_manage, name="organization_manage"
    ),
    path(
        "organizations/<slug:slug>/members/<int:pk>/role/",
        organizations.membership_role,
        name="membership_role",
    ),
    path(
        "organizations/<slug:slug>/members/<int:pk>/remove/",
        organizations.membership_remove,
        name="membership_remove",
    ),
    path(
        "organizations/<slug:slug>/invitations/<int:pk>/revoke/",
        organizations.invitation_revoke,
        name="invitation_revoke",
    ),
    path(
        "organizations/<slug:slug>/speakers/",
        organizations.organization_speakers,
        name="organization_speakers",
    ),
    path("organizations/<slug:slug>/log/", organizations.organization_log, name="organization_log"),
    path("invitations/<str:token>/", invitations.invitation, name="invitation"),
]

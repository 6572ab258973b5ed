from __future__ import annotations

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from cms.reading.views import choose_japanese, toggle_furigana
from cms.search.views import search
from notifications import views as notification_views

from . import views
from .api import api_router

urlpatterns = [
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("i18n/<str:language>/", views.switch_language, name="switch_language"),
    path("healthz", views.healthz, name="healthz"),
    path("livez", views.livez, name="livez"),
    path("furigana/", toggle_furigana, name="toggle_furigana"),
    path("plain-japanese/", choose_japanese, name="choose_japanese"),
    path("sitemap.xml", sitemap),
    path("api/v2/", api_router.urls),
    path("api/dialogue/", include("dialogue.api_urls")),
    # Outside the language prefix: mail clients POST here (RFC 8058) and follow no redirect.
    path(
        "notifications/unsubscribe/<str:token>/",
        notification_views.unsubscribe,
        name="notifications_unsubscribe",
    ),
]

if settings.SERVE_MEDIA:
    # Uploads served by Django: development and tests. In production the proxy serves them.
    from django.urls import re_path
    from django.views.static import serve

    urlpatterns += [
        re_path(
            rf"^{settings.MEDIA_URL.strip('/')}/(?P<path>.*)$",
            serve,
            {"document_root": settings.MEDIA_ROOT},
        )
    ]

urlpatterns += i18n_patterns(
    path("accounts/", include("allauth.urls")),
    path("members/", include("members.urls")),
    path("dialogue/", include("dialogue.urls")),
    path("notifications/", include("notifications.urls")),
    path("listening/", include("listening.urls")),
    path("site/", include("cms.urls")),
    path("search/", search, name="search"),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)

handler404 = "consortium.views.page_not_found"
handler500 = "consortium.views.server_error"

"""Site-wide views: language switch, health check, error pages."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.template import loader
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language_from_path
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import requires_csrf_token

from wagtail.models import Locale, Site


def switch_language(request: HttpRequest, language: str) -> HttpResponse:
    """Remember the visitor's language and go to `next`, already translated by the link."""
    if language not in dict(settings.LANGUAGES):
        raise Http404
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = f"/{language}/"
    response = HttpResponseRedirect(target)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=365 * 24 * 60 * 60,
        samesite="Lax",
        secure=request.is_secure(),
    )
    return response


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@never_cache
def livez(request: HttpRequest) -> HttpResponse:
    """The process answers: no query and no template. bench/pages.py compares pages with it."""
    return HttpResponse("ok" if request.user is not None else "", content_type="text/plain")


def _source_page_url(request: HttpRequest) -> str | None:
    """The Japanese page at the same address, when the page asked for in another language
    has no published translation yet (a report published in Japanese first, say)."""
    language = get_language_from_path(request.path_info)
    if request.method != "GET" or language in (None, settings.LANGUAGE_CODE):
        return None
    site = Site.find_for_request(request)
    source = Locale.objects.filter(language_code=settings.LANGUAGE_CODE).first()
    home = site.root_page.get_translation_or_none(source) if site and source else None
    if home is None:
        return None
    components = [part for part in request.path_info.split("/")[2:] if part]
    try:
        page, _args, _kwargs = home.specific.route(request, components)
    except Http404:
        return None
    return page.get_url(request)


@requires_csrf_token
def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    source = _source_page_url(request)
    if source:
        messages.info(request, translation.gettext("This page is not available in English yet."))
        return HttpResponseRedirect(source)
    body = loader.render_to_string("404.html", {"request_path": request.path}, request)
    return HttpResponse(body, status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    """Render without the request context: whatever broke may be in a context processor."""
    language = get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
    with translation.override(language):
        body = loader.render_to_string("500.html", {"LANGUAGE_CODE": language})
    return HttpResponse(body, status=500)

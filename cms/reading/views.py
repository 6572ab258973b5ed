from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET

from .furigana import COOKIE
from .plain import COOKIE as PLAIN_COOKIE

ONE_YEAR = 365 * 24 * 60 * 60


@require_GET
def toggle_furigana(request: HttpRequest) -> HttpResponseRedirect:
    """Remembers the choice in a cookie and goes back: works without JavaScript.

    A GET form, like the language switcher: the choice only changes how text is shown, and
    cached anonymous pages cannot carry a CSRF token.
    """
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = HttpResponseRedirect(target)
    on = request.GET.get("furigana") == "on"
    response.set_cookie(
        COOKIE, "on" if on else "off", max_age=ONE_YEAR, samesite="Lax", httponly=True
    )
    return response


@require_GET
def choose_japanese(request: HttpRequest) -> HttpResponseRedirect:
    """Japanese, ordinary (plain=off) or plain (plain=on), chosen like a language: both
    cookies are set and the reader goes to `next`, the Japanese page they were on or its
    translation. A GET link, like the language switcher, for the same reasons as above."""
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/ja/"
    response = HttpResponseRedirect(target)
    on = request.GET.get("plain") == "on"
    response.set_cookie(
        PLAIN_COOKIE, "on" if on else "off", max_age=ONE_YEAR, samesite="Lax", httponly=True
    )
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        "ja",
        max_age=ONE_YEAR,
        samesite="Lax",
        secure=request.is_secure(),
    )
    return response

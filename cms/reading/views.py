from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET

from .furigana import COOKIE
from .plain import COOKIE as PLAIN_COOKIE

ONE_YEAR = 365 * 24 * 60 * 60


def _back(request: HttpRequest, fallback: str, cookie: str, parameter: str) -> HttpResponseRedirect:
    """To `next` when it is on this site (else the fallback), remembering the reader's
    on/off choice for `parameter` in `cookie`."""
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = fallback
    response = HttpResponseRedirect(target)
    on = request.GET.get(parameter) == "on"
    response.set_cookie(
        cookie, "on" if on else "off", max_age=ONE_YEAR, samesite="Lax", httponly=True
    )
    return response


@require_GET
def toggle_furigana(request: HttpRequest) -> HttpResponseRedirect:
    """Remembers the choice in a cookie and goes back: works without JavaScript.

    A GET form, like the language switcher: the choice only changes how text is shown, and
    cached anonymous pages cannot carry a CSRF token.
    """
    return _back(request, "/", COOKIE, "furigana")


@require_GET
def choose_japanese(request: HttpRequest) -> HttpResponseRedirect:
    """Japanese, ordinary (plain=off) or plain (plain=on), chosen like a language: both
    cookies are set and the reader goes to `next`, the Japanese page they were on or its
    translation. A GET link, like the language switcher, for the same reasons as above."""
    response = _back(request, "/ja/", PLAIN_COOKIE, "plain")
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        "ja",
        max_age=ONE_YEAR,
        samesite="Lax",
        secure=request.is_secure(),
    )
    return response

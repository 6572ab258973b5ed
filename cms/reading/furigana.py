"""Whether a request asked for furigana, and applying it to an HTML response once."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language

from japanese.furigana import annotate_html

from .glossary import current_glossary

COOKIE = "furigana"
HEADER = "X-Furigana"


def wants_furigana(request: HttpRequest) -> bool:
    return request.COOKIES.get(COOKIE) == "on" and (get_language() or "").startswith("ja")


def variant(request: HttpRequest) -> str:
    """The part of a page-cache key that tells the furigana copy from the plain one."""
    return "ruby" if wants_furigana(request) else "plain"


def apply_furigana(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    if response.get("Content-Type", "").startswith("text/html") and (
        get_language() or ""
    ).startswith("ja"):
        # The same URL has a plain and a furigana copy, chosen by a cookie.
        patch_vary_headers(response, ["Cookie"])
    if (
        response.has_header(HEADER)
        or response.streaming
        or response.status_code != 200
        or not response.get("Content-Type", "").startswith("text/html")
        or not wants_furigana(request)
    ):
        return response
    if hasattr(response, "render") and not response.is_rendered:
        response.render()
    html = response.content.decode(response.charset or "utf-8")
    response.content = annotate_html(html, current_glossary()).encode(response.charset or "utf-8")
    response[HEADER] = "on"
    return response


class FuriganaMiddleware:
    """Annotates pages that were not served from the page cache (which keeps its own copy
    per variant, annotated before it is stored)."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        return apply_furigana(request, self.get_response(request))

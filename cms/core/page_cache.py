"""Page views served from the cache, purged whenever published content changes.

Uncached Wagtail pages under Daphne are 20-50x slower than a trivial view (FACTS.md); the
home dashboard and the pilot pages read many rows. Keys carry a generation number, so one
increment on publish, unpublish or a new measurement retires every stored page at once.

Anonymous visitors get the stored page as it is. Signed-in people get the page's shared
rendering (members.personal: rendered as for an anonymous visitor, with markers where the
header's account links, messages, the userbar and CSRF tokens go) filled in for them; it is
stored only for pages without view restrictions, i.e. pages everyone may see.
"""

from __future__ import annotations

import hashlib

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language

from wagtail.models import Page

from japanese.furigana import annotate_html
from members import generations, personal

from ..reading import furigana
from ..reading.glossary import current_glossary

# Also the generation of every other rendering that shows published content or the
# organisations (the dashboard's counts, dialogue's session pages).
GENERATION_KEY = generations.PAGES
TIMEOUT = 15 * 60
CACHEABLE_PARAMS = frozenset({"status", "theme", "organization", "year", "sort", "page"})


def purge_page_cache() -> None:
    generations.bump(GENERATION_KEY)


def generation() -> int:
    return generations.generation(GENERATION_KEY)


def page_cache_key(request: HttpRequest, audience: str = "anonymous") -> str:
    path = request.get_full_path()
    digest = hashlib.sha256(path.encode("utf-8", "surrogatepass")).hexdigest()[:32]
    variant = personal.variant(request)  # furigana, plain Japanese (cms.reading)
    return f"pagecache:{generation()}:{get_language()}:{variant}:{audience}:{digest}"


def _plain_get(request: HttpRequest) -> bool:
    if request.method != "GET" or getattr(request, "is_preview", False):
        return False
    return set(request.GET) <= CACHEABLE_PARAMS and len(request.get_full_path()) <= 400


def is_cacheable(request: HttpRequest) -> bool:
    if not _plain_get(request):
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    # A session or pending messages may change what the page shows.
    return "sessionid" not in request.COOKIES and "messages" not in request.COOKIES


def is_shareable(request: HttpRequest) -> bool:
    """A signed-in view whose shared rendering may be stored or used."""
    user = getattr(request, "user", None)
    return user is not None and user.is_authenticated and _plain_get(request)


def _annotate(request: HttpRequest):
    """How the person's parts are annotated: like the stored rendering they go into."""
    if not furigana.wants_furigana(request):
        return None
    glossary = current_glossary()
    return lambda html: annotate_html(html, glossary)


def shared_response(request: HttpRequest, skeleton: str, state: str) -> HttpResponse:
    html = personal.fill(request, skeleton, annotate=_annotate(request))
    response = HttpResponse(html, content_type="text/html; charset=utf-8")
    if furigana.wants_furigana(request):
        response[furigana.HEADER] = "on"
    response["X-Page-Cache"] = state
    return response


@personal.register_part("userbar")
def userbar(request: HttpRequest, page_pk: str) -> str:
    """Wagtail's userbar for editors on a page served from a shared rendering."""
    if not page_pk or not personal.may_use_admin(request.user):
        return ""
    page = Page.objects.filter(pk=page_pk).specific().first()
    if page is None:
        return ""
    return render_to_string(personal.TEMPLATES["userbar"], {"page": page}, request=request)


def shared_hit(request: HttpRequest) -> HttpResponse | None:
    """A signed-in person's page from its shared rendering (PageCacheMiddleware)."""
    if not is_shareable(request):
        return None
    skeleton = generations.fetch(page_cache_key(request, "shared"))
    return None if skeleton is None else shared_response(request, skeleton, "shared")


def anonymous_hit(request: HttpRequest) -> HttpResponse | None:
    """A stored page for a visitor without a session (AnonymousPageCacheMiddleware, which
    runs before sessions, CSRF, authentication and messages: none of them can change it)."""
    if not is_cacheable(request):
        return None
    stored = generations.fetch(page_cache_key(request))
    if stored is None:
        return None
    response = HttpResponse(stored, content_type="text/html; charset=utf-8")
    # The stored copy is the variant the reading cookies chose (cms.reading).
    patch_vary_headers(response, ["Cookie"])
    response["X-Page-Cache"] = "hit"
    return response


class CachedPageMixin:
    """Mix into a Page model before Page: its anonymous views are stored for the middleware,
    and so is the shared rendering of pages everyone may see, for signed-in people."""

    def get_context(self, request, *args, **kwargs) -> dict:
        context = super().get_context(request, *args, **kwargs)
        if personal.is_shared_render(request):
            context.update(personal.shared_context())
        return context

    def serve(self, request, *args, **kwargs):
        if is_shareable(request) and not self.get_view_restrictions().exists():
            return self._serve_shared(request, *args, **kwargs)
        response = super().serve(request, *args, **kwargs)
        if not is_cacheable(request):
            return response
        if hasattr(response, "render"):
            response.render()
        # Each variant is stored as served, so a hit costs no annotation.
        response = furigana.apply_furigana(request, response)
        if response.status_code == 200 and not response.streaming:
            generations.keep(page_cache_key(request), response.content, TIMEOUT)
            response["X-Page-Cache"] = "miss"
        return response

    def _serve_shared(self, request, *args, **kwargs):
        with personal.shared_render(request):
            response = super().serve(request, *args, **kwargs)
            if hasattr(response, "render"):
                response.render()
        if response.streaming or not response.get("Content-Type", "").startswith("text/html"):
            return response
        skeleton = response.content.decode(response.charset or "utf-8")
        if furigana.wants_furigana(request):
            skeleton = annotate_html(skeleton, current_glossary())
        if response.status_code != 200:
            response.content = personal.fill(request, skeleton).encode(response.charset)
            return response
        generations.keep(page_cache_key(request, "shared"), skeleton, TIMEOUT)
        return shared_response(request, skeleton, "shared-miss")

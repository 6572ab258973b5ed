"""Where the site's sections are, for the navigation and the feeds every page advertises."""

from __future__ import annotations

from django import template
from django.utils.translation import get_language

from wagtail.models import Page

from ..organizations.models import OrganizationIndexPage
from .models import ProposalIndexPage

register = template.Library()


@register.simple_tag(takes_context=True)
def site_sections(context: template.Context) -> dict[str, str]:
    """URLs of the proposal index and the organisation directory in this language, found
    with one query per request and kept on the request."""
    request = context.get("request")
    language = get_language() or "ja"
    cache = getattr(request, "_site_sections", None) if request is not None else None
    if cache is None:
        cache = {}
        if request is not None:
            request._site_sections = cache
    if language not in cache:
        pages = (
            Page.objects.live()
            .filter(locale__language_code=language)
            .type(ProposalIndexPage, OrganizationIndexPage)
            .order_by("path")
            .select_related("content_type")
        )
        found = {"proposals": "", "organizations": ""}
        for page in pages:
            model = page.content_type.model
            if model == "proposalindexpage" and not found["proposals"]:
                found["proposals"] = page.get_url(request) or ""
            elif model == "organizationindexpage" and not found["organizations"]:
                found["organizations"] = page.get_url(request) or ""
        cache[language] = found
    return cache[language]

"""Tells dialogue where proposals' pages are: the live index page of the language."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import get_language

from dialogue import proposal_links as links


def index_for(language: str | None):
    from .models import ProposalIndexPage  # noqa: PLC0415

    language = (language or get_language() or settings.LANGUAGE_CODE)[:2]
    return (
        ProposalIndexPage.objects.live()
        .filter(locale__language_code=language)
        .order_by("path")
        .first()
    )


def resolve(proposal, language: str | None, action: str) -> str:
    index = index_for(language)
    if index is None:
        return ""
    base = index.get_url() or ""
    if proposal is None:
        return f"{base}{action}/" if action else base
    return index.proposal_path(proposal, action)


def connect() -> None:
    links.register(resolve)

"""Where a proposal's page is. The pages live in cms (above this app), which registers the
resolver when it starts; without one (a site with no proposal index) there is no link."""

from __future__ import annotations

from collections.abc import Callable

_resolver: Callable[..., str] | None = None


def register(resolver: Callable[..., str]) -> None:
    global _resolver
    _resolver = resolver


def proposal_url(proposal, language: str | None = None, *, action: str = "") -> str:
    """`action`: "" for the proposal's page, or "edit" and the like for its sub-pages."""
    if _resolver is None:
        return ""
    return _resolver(proposal, language, action)


def new_proposal_url(language: str | None = None, *, message_id: int | None = None) -> str:
    if _resolver is None:
        return ""
    return _resolver(None, language, "new" if message_id is None else f"from-message/{message_id}")


def from_message_prefix(language: str | None = None) -> str:
    """Where "make a proposal from message <id>" lives, without the id (for the room page)."""
    if _resolver is None:
        return ""
    return _resolver(None, language, "from-message")


def short_url_prefix(language: str | None = None) -> str:
    """The index's address: a proposal's short link is this plus "<pk>/" (one look-up for a
    whole list, where proposal_url costs one per proposal)."""
    if _resolver is None:
        return ""
    return _resolver(None, language, "")

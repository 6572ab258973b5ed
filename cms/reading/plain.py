"""やさしい日本語 (plain Japanese): a reader's choice, kept in a cookie, and what it shows.

Readers choose it like a language (the language switcher on every page). A Japanese page
with a plain version renders that version's title, summary and body instead of the
ordinary ones; a page without one renders the ordinary Japanese with a short note. The
choice is one of the rendering variants (members.personal.variant), so every page cache
keeps one copy per choice.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import get_language

from members import personal

from . import furigana

COOKIE = "plain_japanese"


def wants_plain(request: HttpRequest | None) -> bool:
    return (
        request is not None
        and request.COOKIES.get(COOKIE) == "on"
        and (get_language() or "").startswith("ja")
    )


def variant(request: HttpRequest) -> str:
    return "easy" if wants_plain(request) else "std"


def register_variants() -> None:
    personal.register_variant("furigana", furigana.variant)
    personal.register_variant("plain_japanese", variant)


def plain_context(request: HttpRequest | None, owner) -> dict:
    """Context for a template showing `owner` (a page or proposal with `plain_version()`):
    `plain_version` when the reader chose plain Japanese and there is one, else nothing
    (the layout's note then says there is none)."""
    if not wants_plain(request):
        return {}
    version = owner.plain_version()
    return {"plain_version": version} if version is not None else {}

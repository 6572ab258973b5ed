"""Addresses kept language-neutral and given the reader's language prefix when shown."""

from __future__ import annotations

from django.conf import settings

_LANGS = {code for code, _name in settings.LANGUAGES}


def neutral(path: str) -> str:
    """ "/ja/dialogue/…" → "/dialogue/…": stored once for readers of every language."""
    parts = path.split("/", 2)
    if len(parts) == 3 and parts[0] == "" and parts[1] in _LANGS:
        return "/" + parts[2]
    return path


def localized(path: str, language: str) -> str:
    if not path.startswith("/") or path.startswith("//"):
        return "/"
    return f"/{language}{neutral(path)}"

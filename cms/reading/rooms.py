"""Live-room messages get their readings from the same glossary as pages."""

from __future__ import annotations

from dialogue import reading
from japanese.furigana import KANJI, annotate_html

from .furigana import wants_furigana
from .glossary import current_glossary


def _annotate(html: str) -> str:
    if not KANJI.search(html):
        return html  # nothing to read: not even the glossary is needed
    return annotate_html(html, current_glossary())


def connect() -> None:
    reading.provide(annotate=_annotate, wants=wants_furigana)

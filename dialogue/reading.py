"""Furigana for room messages, computed once when a message is written.

The readings of the city's names (organisations, people) are kept by a higher app
(cms.reading), which this app may not import; it hands its annotator over at start-up
through `provide`. Without one, the analyser's own readings are used.

Every reader gets the same `ruby` variant of a message (docs/dialogue-protocol.md) and the
page decides whether to show it, so the cost is one annotation per message written, never
one per reader.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest

from japanese.furigana import annotate_html

from . import conf

_annotate: Callable[[str], str] = annotate_html
_wants: Callable[[HttpRequest], bool] = lambda request: False  # noqa: E731


def provide(*, annotate: Callable[[str], str], wants: Callable[[HttpRequest], bool]) -> None:
    """`annotate`: sanitised HTML in, the same HTML with <ruby> over kanji out.
    `wants`: whether a request asked for furigana."""
    global _annotate, _wants
    _annotate, _wants = annotate, wants


def ruby_html(html: str) -> str:
    """The furigana variant of a message's HTML, or "" when it would be the same (no kanji,
    so nothing to read: most non-Japanese text)."""
    if not html or not conf.furigana():
        return ""
    annotated = _annotate(html)
    return "" if annotated == html else annotated


def wants_furigana(request: HttpRequest) -> bool:
    return _wants(request)

"""Limits of the live rooms, overridable in settings (defaults from the protocol), and how long
their pages' renderings are cached."""

from __future__ import annotations

from django.conf import settings

DEFAULT_EMOJI = ("👍", "🙏", "💡", "👏", "❓")


def max_frame_bytes() -> int:
    return getattr(settings, "DIALOGUE_MAX_FRAME_BYTES", 64 * 1024)


def max_body_chars() -> int:
    return getattr(settings, "DIALOGUE_MAX_BODY_CHARS", 4000)


def max_client_id_chars() -> int:
    return getattr(settings, "DIALOGUE_MAX_CLIENT_ID_CHARS", 64)


def limits() -> dict[str, int]:
    """The limits a client is told in `hello` (and the room page's initial state)."""
    return {
        "body": max_body_chars(),
        "client_id": max_client_id_chars(),
        "frame_bytes": max_frame_bytes(),
    }


def rate_limit() -> tuple[int, float]:
    """(sends, seconds): more sends than this by one user in one room are refused."""
    return (
        getattr(settings, "DIALOGUE_RATE_LIMIT_SENDS", 10),
        getattr(settings, "DIALOGUE_RATE_LIMIT_SECONDS", 10.0),
    )


def typing_interval() -> float:
    return getattr(settings, "DIALOGUE_TYPING_INTERVAL", 3.0)


def allowed_emoji() -> tuple[str, ...]:
    return tuple(getattr(settings, "DIALOGUE_ALLOWED_EMOJI", DEFAULT_EMOJI))


# Cached renderings of the session and room pages carry the generation of what they show;
# this only bounds their life.
PAGE_CACHE_TIMEOUT = 15 * 60

HELLO_MESSAGES = 50
HISTORY_DEFAULT = 50
HISTORY_MAX = 500


def furigana() -> bool:
    """Whether messages get a furigana variant when written (dialogue/reading.py)."""
    return getattr(settings, "DIALOGUE_FURIGANA", True)

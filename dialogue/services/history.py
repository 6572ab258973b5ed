"""Reading a room: pages of visible messages, oldest first."""

from __future__ import annotations

from .. import conf
from ..models import Message, Room
from ..serializers import serialize_message, with_related
from .access import Access, DialogueError


def history(
    room: Room,
    access: Access,
    *,
    after: int | None = None,
    before: int | None = None,
    limit: int = conf.HISTORY_DEFAULT,
) -> tuple[list[dict], bool]:
    """Visible messages, oldest first, and whether nothing more lies in that direction.

    Neither `after` nor `before`: the latest `limit` messages.
    """
    if not access.read:
        raise DialogueError("forbidden")
    limit = max(1, min(int(limit), conf.HISTORY_MAX))
    messages = Message.objects.filter(room=room)
    if not access.moderate:
        messages = messages.filter(hidden=False)
    if after is not None:
        rows = list(with_related(messages.filter(pk__gt=after).order_by("pk"))[: limit + 1])
        complete = len(rows) <= limit
        rows = rows[:limit]
    else:
        if before is not None:
            messages = messages.filter(pk__lt=before)
        rows = list(with_related(messages.order_by("-pk"))[: limit + 1])
        complete = len(rows) <= limit
        rows = rows[:limit][::-1]
    return [serialize_message(m, moderator=access.moderate) for m in rows], complete

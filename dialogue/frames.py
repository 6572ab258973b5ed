"""The shape of the frames a client sends: types and fields, checked before any meaning.

Meaning and permission are the services' job (dialogue/services/); this only refuses what
is not a frame of the protocol at all.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from .services import DialogueError

MAX_ID = 2**53
_ABSENT = object()

# field: (accepted types, required). Booleans are never accepted as numbers.
SCHEMAS: dict[str, dict[str, tuple[tuple[type, ...], bool]]] = {
    "message.send": {
        "client_id": ((str,), True),
        "body": ((str,), True),
        "reply_to": ((int, type(None)), False),
        "as_org": ((str, type(None)), False),
        "mentions": ((list, type(None)), False),
    },
    "message.edit": {"id": ((int,), True), "body": ((str,), True)},
    "message.delete": {"id": ((int,), True)},
    "message.hide": {"id": ((int,), True), "reason": ((str,), False)},
    "message.unhide": {"id": ((int,), True), "reason": ((str,), False)},
    "message.acknowledge": {"id": ((int,), True)},
    "reaction.toggle": {"id": ((int,), True), "emoji": ((str,), True)},
    "resume": {"after": ((int,), True)},
    "history": {"before": ((int,), True), "limit": ((int,), False)},
    "typing": {},
    "ping": {"nonce": ((str, int, float, type(None)), False)},
}


class FrameError(DialogueError):
    pass


def check_frame(frame: Any) -> tuple[str, dict]:
    if not isinstance(frame, dict):
        raise FrameError("invalid", _("A frame must be a JSON object."))
    kind = frame.get("type")
    if not isinstance(kind, str) or kind not in SCHEMAS:
        raise FrameError("invalid", _("Unknown frame type."))
    context = {}
    for echo in ("client_id", "id"):
        value = frame.get(echo)
        if (isinstance(value, str) and len(value) <= 64) or is_id(value):
            context[echo] = value
    for field, (types, required) in SCHEMAS[kind].items():
        value = frame.get(field, _ABSENT)
        if value is _ABSENT:
            if required:
                raise FrameError(
                    "invalid", _("The field %(field)s is missing.") % {"field": field}, **context
                )
            continue
        ok = isinstance(value, types) and not isinstance(value, bool)
        if ok and isinstance(value, int) and not is_id(value):
            ok = False
        if ok and field == "nonce" and isinstance(value, str) and len(value) > 128:
            ok = False
        if not ok:
            raise FrameError(
                "invalid",
                _("The field %(field)s has the wrong type.") % {"field": field},
                **context,
            )
    return kind, context


def is_id(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value < MAX_ID

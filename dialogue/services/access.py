"""Who may do what in a room (an `Access`, worked out once per connection or request with
the predicates of dialogue/rules.py), and how a refusal is reported (`DialogueError`)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from members.models import Organization
from members.rules import speaking_organizations

from .. import rules as room_rules
from ..models import Room


class DialogueError(Exception):
    """A refused request: `code` is the protocol's error code, `detail` a lazy translation."""

    def __init__(self, code: str, detail=None, **context: object) -> None:
        super().__init__(code)
        self.code = code
        self.detail = detail if detail is not None else DEFAULT_DETAILS[code]
        self.context = context


DEFAULT_DETAILS = {
    "invalid": _("This request could not be understood."),
    "too_long": _("This is too long."),
    "rate_limited": _("You are sending messages too quickly. Please wait a few seconds."),
    "forbidden": _("You are not allowed to do this here."),
    "not_found": _("That message or room does not exist."),
    "read_only": _("This room is read-only: the session has ended."),
}


@dataclass(frozen=True)
class Access:
    read: bool = False
    post: bool = False
    moderate: bool = False
    acknowledge: bool = False


def access_for(user, room: Room) -> Access:
    read = bool(room_rules.can_read_room(user, room))
    return Access(
        read=read,
        post=read and bool(room_rules.can_post(user, room)),
        moderate=read and bool(room_rules.can_moderate(user, room)),
        acknowledge=read and bool(room_rules.can_acknowledge(user, room)),
    )


def speaking_orgs(user) -> list[Organization]:
    """Organisations a person may speak for (members.speak_for_organization): chosen by
    each organisation's representatives."""
    return list(speaking_organizations(user))

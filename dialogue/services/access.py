"""Who may do what in a room (an `Access`, worked out once per connection or request with
the permissions of dialogue/rules.py), and how a refusal is reported (`DialogueError`)."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from members.models import Organization
from members.rules import speaking_organizations

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
    "two_step_required": _(
        "Your role needs two-step verification for this. Set up an authenticator app, "
        "then try again: your request is kept."
    ),
}


@dataclass(frozen=True)
class Access:
    """A person's permissions in one room, asked once (dialogue/rules.py) and carried along.

    `moderate` and `acknowledge` are the roles (a moderator sees hidden messages); `power` and
    `acknowledge_power` say whether the role may act now, which needs two-step verification.
    """

    read: bool = False
    post: bool = False
    moderate: bool = False
    acknowledge: bool = False
    power: bool = False
    acknowledge_power: bool = False


def access_for(user, room: Room) -> Access:
    read = user.has_perm("dialogue.read_room", room)
    if not read:
        return Access()
    moderate = user.has_perm("dialogue.moderate_room", room)
    acknowledge = user.has_perm("dialogue.acknowledge_in_room", room)
    return Access(
        read=True,
        post=user.has_perm("dialogue.post_in_room", room),
        moderate=moderate,
        acknowledge=acknowledge,
        power=moderate and user.has_perm("dialogue.hide_message", room),
        acknowledge_power=acknowledge and user.has_perm("dialogue.acknowledge_message", room),
    )


def two_step_setup_url() -> str:
    return reverse("mfa_activate_totp")


def require_power(allowed: bool, role: bool, **context: object) -> None:
    """Refuse an act of power: `forbidden` without the role, `two_step_required` without
    two-step verification (with the link to set it up; the client keeps the request)."""
    if allowed:
        return
    if not role:
        raise DialogueError("forbidden", **context)
    raise DialogueError("two_step_required", setup_url=two_step_setup_url(), **context)


def speaking_orgs(user) -> list[Organization]:
    """Organisations a person may speak for (members.speak_for_organization): chosen by
    each organisation's representatives."""
    return list(speaking_organizations(user))

"""The registry of notification kinds: what a notification is about, in words, and how it
is delivered by default. Apps above register their own kinds the same way; the kinds of
work not built yet (reports, follow-ups) are registered here so preferences can list them.

A kind's `sentence` is a lazy translation with %(actor)s and %(title)s placeholders, so
one stored row reads right in whatever language it is shown or e-mailed in.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

IMMEDIATELY = "immediately"
DAILY = "daily"
NEVER = "never"


@dataclass(frozen=True)
class Kind:
    slug: str
    label: object  # a lazy translation
    sentence: object  # a lazy translation with %(actor)s and %(title)s
    default: str = IMMEDIATELY
    # notification -> [(filename, content, mimetype)], e.g. an .ics; None for none.
    attachments: Callable | None = field(default=None, compare=False)


_kinds: dict[str, Kind] = {}


def register(kind: Kind) -> Kind:
    _kinds[kind.slug] = kind
    return kind


def get(slug: str) -> Kind | None:
    return _kinds.get(slug)


def all_kinds() -> list[Kind]:
    return list(_kinds.values())


def set_attachments(slug: str, make: Callable) -> None:
    """Let the app that knows the target attach files (dialogue: the session's .ics)."""
    kind = _kinds[slug]
    _kinds[slug] = Kind(kind.slug, kind.label, kind.sentence, kind.default, make)


MENTION = register(
    Kind("mention", _("Mentioned in a room"), _("%(actor)s mentioned you in %(title)s"))
)
REPLY = register(
    Kind("reply", _("Replies to your posts"), _("%(actor)s replied to you in %(title)s"))
)
PROPOSAL_STATUS = register(
    Kind(
        "proposal_status",
        _("Your proposal's status changed"),
        _("Your proposal “%(title)s” changed status"),
    )
)
PROPOSAL_COMMENT = register(
    Kind(
        "proposal_comment",
        _("Comments on your proposal"),
        _("%(actor)s commented on your proposal “%(title)s”"),
        DAILY,
    )
)
SESSION_INVITATION = register(
    Kind(
        "session_invitation",
        _("Invitations to sessions"),
        _("You are invited to the session “%(title)s”"),
    )
)
SESSION_REMINDER = register(
    Kind(
        "session_reminder",
        _("Sessions starting in 30 minutes"),
        _("The session “%(title)s” starts in 30 minutes"),
    )
)
PILOT_UPDATE = register(
    Kind(
        "pilot_update",
        _("Pilots you follow published results"),
        _("A pilot you follow was updated: %(title)s"),
        DAILY,
    )
)
FOLLOWED_UPDATE = register(
    Kind(
        "followed_update",
        _("Updates to what you follow"),
        _("Something you follow was updated: %(title)s"),
        DAILY,
    )
)
# For the reports and follow-ups work (issue 14, parts 1-3): see docs/notifications.md.
REPORT_PUBLISHED = register(
    Kind(
        "report_published",
        _("Reports of sessions you attended"),
        _("The report of “%(title)s” was published"),
        DAILY,
    )
)
ACTION_DUE = register(
    Kind(
        "action_due",
        _("Actions your organisation owns are due"),
        _("An action your organisation owns is due: %(title)s"),
    )
)

"""Checks on what a client sends (lengths, ids, mentions), and the message body rendered to
HTML."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from members.models import Membership, User

from .. import conf
from ..models import Room
from ..text import clean_text, render
from .access import DialogueError

AT_MOST = _("At most %(max)s characters.")


def within_length(text: str, maximum: int, *, detail=AT_MOST, label="", **context) -> str:
    """`text` when it has at most `maximum` characters, else a too_long refusal. `detail` may
    name %(max)s, %(n)s (the length) and %(field)s (`label`); `context` goes on the error
    (`field`: the form field it belongs to)."""
    if len(text) > maximum:
        values = {"field": label, "max": f"{maximum:,}", "n": f"{len(text):,}"}
        raise DialogueError("too_long", detail % values, **context)
    return text


def clean_body(body: str) -> str:
    text = clean_text(body)
    if not text:
        raise DialogueError("invalid", _("The message is empty."))
    if len(text) > conf.max_body_chars():
        raise DialogueError(
            "too_long",
            _("A message can have at most %(max)s characters.") % {"max": conf.max_body_chars()},
        )
    return text


def clean_client_id(client_id: str) -> str:
    if (
        not 1 <= len(client_id) <= conf.max_client_id_chars()
        or not client_id.isprintable()
        or client_id != client_id.strip()
    ):
        raise DialogueError(
            "invalid",
            _("client_id must be 1 to %(max)s printable characters.")
            % {"max": conf.max_client_id_chars()},
        )
    return client_id


# More picked people than this in one message is not a conversation (notify caps at 10).
MAX_PICKED_MENTIONS = 50


def clean_mentions(mentions: object, client_id: str = "") -> list[int]:
    if mentions is None:
        return []
    if (
        not isinstance(mentions, list)
        or len(mentions) > MAX_PICKED_MENTIONS
        or not all(
            isinstance(pk, int) and not isinstance(pk, bool) and 0 < pk < 2**53 for pk in mentions
        )
    ):
        raise DialogueError(
            "invalid",
            _("mentions must be a list of at most %(max)s ids.") % {"max": MAX_PICKED_MENTIONS},
            client_id=client_id,
        )
    return list(dict.fromkeys(mentions))


def _mention_candidates(room: Room, picked: list[int]) -> list[tuple[int, str]]:
    condition = Q(dialogue_messages__room=room)
    if picked:
        condition |= Q(pk__in=picked)
    if room.session_id:
        session = room.session
        condition |= Q(invited_sessions=session)
        condition |= Q(
            memberships__status=Membership.Status.ACTIVE,
            memberships__organization__in=[session.organiser_id]
            + list(session.organisations.values_list("pk", flat=True)),
        )
    people = User.objects.filter(condition, is_active=True).distinct()[:500]
    return [(u.pk, u.public_name) for u in people]


def render_body(room: Room, body: str, picked: list[int] = ()) -> str:
    return render(body, _mention_candidates(room, list(picked)) if "@" in body else ())

"""Checks on what a client sends, and the message body rendered to HTML."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from members.models import Membership, User

from .. import conf
from ..models import Room
from ..text import clean_text, render
from .access import DialogueError


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


def _mention_candidates(room: Room) -> list[tuple[int, str]]:
    condition = Q(dialogue_messages__room=room)
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


def render_body(room: Room, body: str) -> str:
    return render(body, _mention_candidates(room) if "@" in body else ())

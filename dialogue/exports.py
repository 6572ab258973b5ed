"""What dialogue holds about a person: their part of "Download my data", and what happens
to it when they delete their account (members.events.account_deleting)."""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext as _

from members import audit, exports
from members.events import account_deleting

from . import reading
from .models import Acknowledgement, Attendance, Message, Reaction


def export_messages(user) -> list[dict[str, Any]]:
    return [
        {
            "id": m.pk,
            "room": m.room.title,
            "room_slug": m.room.slug,
            "on_behalf_of": m.as_org.name if m.as_org else None,
            "text": m.body,
            "reply_to": m.reply_to_id,
            "created_at": m.created_at,
            "edited_at": m.edited_at,
            "deleted": m.deleted,
            "hidden_by_moderator": m.hidden,
            "reason_for_hiding": m.hidden_reason,
        }
        for m in Message.objects.filter(author=user)
        .select_related("room", "as_org")
        .order_by("created_at", "pk")
    ]


def export_reactions(user) -> list[dict[str, Any]]:
    return [
        {
            "message": r.message_id,
            "room": r.message.room.slug,
            "emoji": r.emoji,
            "created_at": r.created_at,
        }
        for r in Reaction.objects.filter(user=user)
        .select_related("message__room")
        .order_by("created_at", "pk")
    ]


def export_acknowledgements(user) -> list[dict[str, Any]]:
    return [
        {
            "message": a.message_id,
            "room": a.message.room.slug,
            "title": a.title,
            "created_at": a.created_at,
        }
        for a in Acknowledgement.objects.filter(user=user)
        .select_related("message__room")
        .order_by("created_at", "pk")
    ]


def export_attendance(user) -> list[dict[str, Any]]:
    return [
        {
            "session": a.session.title,
            "session_id": a.session_id,
            "training": a.session.is_training,
            "first_joined_at": a.first_joined_at,
            "seconds_present": a.seconds_present,
            "in_person": a.in_person,
        }
        for a in Attendance.objects.filter(user=user)
        .select_related("session")
        .order_by("session__starts_at", "pk")
    ]


def register() -> None:
    exports.register("dialogue_messages", export_messages)
    exports.register("dialogue_reactions", export_reactions)
    exports.register("dialogue_acknowledgements", export_acknowledgements)
    exports.register("dialogue_attendance", export_attendance)
    account_deleting.connect(forget_person, dispatch_uid="dialogue_forget_person")


def forget_person(sender, user, erase_texts: bool = False, **kwargs) -> None:
    """Mentions of the person read "@former member"; their own texts are erased if they
    chose so. Their name elsewhere (author, acknowledgements) follows User.public_name."""
    with translation.override(settings.LANGUAGE_CODE):
        former = _("former member")
    old_name = user.public_name
    span = re.compile(rf'(<span class="mention" data-user-id="{user.pk}">)@[^<]*(</span>)')
    mentioning = Message.objects.filter(html__contains=f'data-user-id="{user.pk}"').exclude(
        author=user, deleted=True
    )
    for message in mentioning.iterator():
        message.html = span.sub(rf"\g<1>@{former}\g<2>", message.html)
        if old_name:
            message.body = message.body.replace(f"@{old_name}", f"@{former}")
        # The furigana copy carried the name too (with its reading): drawn again from html.
        message.ruby = reading.ruby_html(message.html)
        message.save(update_fields=["html", "ruby", "body"])
    if not erase_texts:
        return
    own = Message.objects.filter(author=user).filter(~Q(body="") | ~Q(html=""))
    for message in own.select_related("room").iterator():
        if message.as_org_id:
            # What was said for an organisation stays in its log (docs/operations.md).
            audit.record(
                actor=None,
                organization=message.as_org_id,
                action=audit.Action.ERASE,
                target=message,
                context=message.room.title,
                previous_text=message.body,
            )
    own.update(body="", html="", ruby="", deleted=True)

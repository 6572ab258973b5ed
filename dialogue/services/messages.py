"""Writing messages: post, edit, delete, hide. Each validates, writes and broadcasts on commit."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members import audit
from members.rules import speaking_organization

from .. import notify, reading
from ..broadcast import frame_event, send_on_commit
from ..models import Message, Room
from ..serializers import serialize_message, with_related
from ..text import clean_text
from .access import Access, DialogueError, require_power
from .validation import clean_body, clean_client_id, clean_mentions, render_body, within_length


def locked_room(room: Room) -> Room:
    """Lock the room row: messages of one room then commit in id order (PostgreSQL)."""
    return Room.objects.select_for_update(of=("self",)).select_related("session").get(pk=room.pk)


def visible_message(room: Room, access: Access, message_id: int) -> Message:
    message = with_related(Message.objects.filter(pk=message_id, room=room)).first()
    if message is None or (message.hidden and not access.moderate):
        raise DialogueError("not_found", id=message_id)
    return message


def broadcast_update(message: Message) -> None:
    public = {"type": "message.updated", "message": serialize_message(message)}
    moderator = None
    if message.hidden:
        moderator = {
            "type": "message.updated",
            "message": serialize_message(message, moderator=True),
        }
    send_on_commit(message.room_id, frame_event(public, moderator_frame=moderator))


def audit_message(user, message: Message, action: str, **texts: str) -> None:
    """Into members' audit log, in the caller's transaction: the message spoke for an org."""
    audit.record(
        actor=user,
        organization=message.as_org_id,
        action=action,
        target=message,
        context=message.room.title,
        **texts,
    )


def post_message(
    room: Room,
    user,
    access: Access,
    *,
    client_id: str,
    body: str,
    reply_to: int | None = None,
    as_org: str | None = None,
    mentions: list | None = None,
) -> tuple[Message, bool]:
    """Store a message and broadcast it. Returns (message, created): a resend with the same
    client_id by the same author stores nothing and returns the message stored before.

    `mentions`: ids of people the writer picked from the composer's suggestions, so a person
    present in the room can be mentioned before they ever wrote there."""
    if not access.post:
        raise DialogueError("forbidden", client_id=client_id)
    client_id = clean_client_id(client_id)
    picked = clean_mentions(mentions, client_id)
    try:
        text = clean_body(body)
    except DialogueError as error:
        error.context["client_id"] = client_id
        raise
    org = None
    if as_org is not None:
        org = speaking_organization(user, as_org)
        if org is None:
            raise DialogueError(
                "forbidden",
                _("You cannot speak on behalf of that organisation."),
                client_id=client_id,
            )
    # Rendered before the room is locked: mentions and readings only read, and other
    # writers to the room need not wait for the analyser.
    html = render_body(room, text, picked)
    ruby = reading.ruby_html(html)
    with transaction.atomic():
        locked = locked_room(room)
        if locked.is_read_only:
            existing = _existing(user, client_id, locked)
            if existing is not None:
                return existing, False
            raise DialogueError("read_only", client_id=client_id)
        parent = None
        if reply_to is not None:
            parent = (
                Message.objects.filter(pk=reply_to, room=locked).select_related("author").first()
            )
            if parent is None or (parent.hidden and not access.moderate):
                raise DialogueError(
                    "not_found",
                    _("The message you reply to is not in this room."),
                    client_id=client_id,
                )
        message = Message(
            room=locked,
            author=user,
            as_org=org,
            client_id=client_id,
            body=text,
            html=html,
            ruby=ruby,
            reply_to=parent,
        )
        try:
            with transaction.atomic():
                message.save(force_insert=True)
        except IntegrityError:
            existing = _existing(user, client_id, locked)
            if existing is None:
                raise
            return existing, False
        if org is not None:
            audit_message(user, message, audit.Action.POST, new_text=text)
        notify.message_posted(message, parent)
        message._reaction_counts = {}
        message._acknowledged_by = []
        frame = {"type": "message.new", "message": serialize_message(message)}
        send_on_commit(locked.pk, frame_event(frame, message_id=message.pk))
    return message, True


def _existing(user, client_id: str, room: Room) -> Message | None:
    message = with_related(Message.objects.filter(author=user, client_id=client_id)).first()
    if message is not None and message.room_id != room.pk:
        raise DialogueError(
            "invalid", _("This client_id was already used in another room."), client_id=client_id
        )
    return message


def edit_message(room: Room, user, access: Access, *, message_id: int, body: str) -> Message:
    if not access.post:
        raise DialogueError("forbidden", id=message_id)
    with transaction.atomic():
        locked = locked_room(room)
        message = visible_message(locked, access, message_id)
        if message.author_id != user.pk:
            raise DialogueError(
                "forbidden", _("Only the author can edit a message."), id=message_id
            )
        if locked.is_read_only:
            raise DialogueError("read_only", id=message_id)
        if message.deleted:
            raise DialogueError("not_found", _("This message was deleted."), id=message_id)
        try:
            text = clean_body(body)
        except DialogueError as error:
            error.context["id"] = message_id
            raise
        if message.as_org_id:
            audit_message(
                user, message, audit.Action.EDIT, previous_text=message.body, new_text=text
            )
        message.body = text
        # People mentioned before stay mentionable (they may have been picked, not written).
        message.html = render_body(locked, text, notify.mentioned_ids(message.html, limit=None))
        message.ruby = reading.ruby_html(message.html)
        message.edited_at = timezone.now()
        message.save(update_fields=["body", "html", "ruby", "edited_at"])
        broadcast_update(message)
    return message


def delete_message(room: Room, user, access: Access, *, message_id: int) -> Message:
    with transaction.atomic():
        locked = locked_room(room)
        message = visible_message(locked, access, message_id)
        own = user.is_authenticated and message.author_id == user.pk and access.post
        if not own:
            require_power(access.power, access.moderate, id=message_id)
        if locked.is_read_only and not access.moderate:
            raise DialogueError("read_only", id=message_id)
        if not message.deleted:
            if message.as_org_id:
                audit_message(user, message, audit.Action.DELETE, previous_text=message.body)
            message.deleted = True
            message.body = ""
            message.html = message.ruby = ""
            message.save(update_fields=["deleted", "body", "html", "ruby"])
            broadcast_update(message)
    return message


def _moderators_reason(access: Access, message_id: int, reason: str) -> str:
    """Hiding and showing again are for moderators who may act now, with a short reason."""
    require_power(access.power, access.moderate, id=message_id)
    return within_length(
        clean_text(reason), 500, detail=_("The reason can have at most 500 characters.")
    )


def hide_message(room: Room, user, access: Access, *, message_id: int, reason: str) -> Message:
    reason = _moderators_reason(access, message_id, reason)
    with transaction.atomic():
        message = visible_message(room, access, message_id)
        if message.as_org_id and not message.hidden:
            audit_message(
                user, message, audit.Action.HIDE, previous_text=message.body, reason=reason
            )
        message.hide(user, reason)
        broadcast_update(message)
    return message


def unhide_message(
    room: Room, user, access: Access, *, message_id: int, reason: str = ""
) -> Message:
    """Show a hidden message again; the reason replaces the hiding reason for the record."""
    reason = _moderators_reason(access, message_id, reason)
    with transaction.atomic():
        message = visible_message(room, access, message_id)
        if message.hidden:
            message.hidden = False
            message.hidden_reason = reason
            message.hidden_by = user
            message.save(update_fields=["hidden", "hidden_reason", "hidden_by"])
            broadcast_update(message)
    return message

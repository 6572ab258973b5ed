"""Reactions and acknowledgements: toggles on a message, broadcast on commit."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from members import audit

from .. import conf
from .. import rules as room_rules
from ..broadcast import frame_event, send_on_commit
from ..models import Acknowledgement, Message, Reaction, Room
from ..serializers import reaction_counts, with_related
from .access import Access, DialogueError, require_power
from .messages import audit_message, broadcast_update, locked_room, visible_message


def toggle_acknowledgement(room: Room, user, access: Access, *, message_id: int) -> Message:
    """Leadership marks a post as read and taken seriously; again to withdraw."""
    require_power(access.acknowledge_power, access.acknowledge, id=message_id)
    with transaction.atomic():
        message = visible_message(room, access, message_id)
        if message.deleted or message.hidden:
            raise DialogueError("not_found", id=message_id)
        removed, _detail = Acknowledgement.objects.filter(message=message, user=user).delete()
        added = False
        if not removed:
            try:
                with transaction.atomic():
                    Acknowledgement.objects.create(
                        message=message, user=user, title=room_rules.official_title(user)
                    )
                added = True
            except IntegrityError:
                pass
        if message.as_org_id and (removed or added):
            action = audit.Action.ACKNOWLEDGE if added else audit.Action.UNACKNOWLEDGE
            audit_message(user, message, action, previous_text=message.body)
        message = with_related(Message.objects.filter(pk=message.pk)).get()
        broadcast_update(message)
    return message


def toggle_reaction(
    room: Room, user, access: Access, *, message_id: int, emoji: str
) -> tuple[dict[str, int], bool]:
    """Returns (counts, active): whether the user's reaction is now on."""
    if not access.post:
        raise DialogueError("forbidden", id=message_id)
    if emoji not in conf.allowed_emoji():
        raise DialogueError("invalid", _("This reaction is not available here."), id=message_id)
    with transaction.atomic():
        locked = locked_room(room)
        if locked.is_read_only:
            raise DialogueError("read_only", id=message_id)
        message = Message.objects.filter(pk=message_id, room=locked).first()
        if message is None or message.hidden or message.deleted:
            raise DialogueError("not_found", id=message_id)
        removed, _detail = Reaction.objects.filter(message=message, user=user, emoji=emoji).delete()
        active = not removed
        if active:
            try:
                with transaction.atomic():
                    Reaction.objects.create(message=message, user=user, emoji=emoji)
            except IntegrityError:
                pass
        counts = dict(
            Reaction.objects.filter(message=message)
            .values_list("emoji")
            .annotate(n=Count("pk"))
            .order_by("-n", "emoji")
        )
        message._reaction_counts = counts
        frame = {
            "type": "reaction.updated",
            "id": message.pk,
            "reactions": reaction_counts(message),
            "user": user.pk,
            "emoji": emoji,
            "active": active,
        }
        send_on_commit(locked.pk, frame_event(frame))
    return counts, active

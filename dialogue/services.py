"""Every change to a room goes through these functions: validate, write, broadcast on commit.

They serve the WebSocket consumer, the HTTP API, the admin, the demo data and the tests
alike. Permission flags come in as an `Access`, worked out once per connection or request
with the predicates of dialogue/rules.py, so a send costs as few queries as possible.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.models import Membership, Organization, User
from members.rules import active_organizations

from . import conf
from . import rules as room_rules
from .broadcast import frame_event, send_on_commit
from .models import Acknowledgement, Message, Reaction, Room
from .serializers import reaction_counts, serialize_message, with_related
from .text import clean_text, render


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
    """Organisations a person may speak for (members.speak_for_organization)."""
    return list(active_organizations(user))


# --- validation ---------------------------------------------------------------------------


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


def _render(room: Room, body: str) -> str:
    return render(body, _mention_candidates(room) if "@" in body else ())


def _locked_room(room: Room) -> Room:
    """Lock the room row: messages of one room then commit in id order (PostgreSQL)."""
    return Room.objects.select_for_update(of=("self",)).select_related("session").get(pk=room.pk)


def _visible_message(room: Room, access: Access, message_id: int) -> Message:
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


# --- writes -------------------------------------------------------------------------------


def post_message(
    room: Room,
    user,
    access: Access,
    *,
    client_id: str,
    body: str,
    reply_to: int | None = None,
    as_org: str | None = None,
) -> tuple[Message, bool]:
    """Store a message and broadcast it. Returns (message, created): a resend with the same
    client_id by the same author stores nothing and returns the message stored before."""
    if not access.post:
        raise DialogueError("forbidden", client_id=client_id)
    client_id = clean_client_id(client_id)
    try:
        text = clean_body(body)
    except DialogueError as error:
        error.context["client_id"] = client_id
        raise
    org = None
    if as_org is not None:
        org = next((o for o in speaking_orgs(user) if o.slug == as_org), None)
        if org is None:
            raise DialogueError(
                "forbidden",
                _("You cannot speak on behalf of that organisation."),
                client_id=client_id,
            )
    with transaction.atomic():
        locked = _locked_room(room)
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
            html=_render(locked, text),
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
        locked = _locked_room(room)
        message = _visible_message(locked, access, message_id)
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
        message.body = text
        message.html = _render(locked, text)
        message.edited_at = timezone.now()
        message.save(update_fields=["body", "html", "edited_at"])
        broadcast_update(message)
    return message


def delete_message(room: Room, user, access: Access, *, message_id: int) -> Message:
    with transaction.atomic():
        locked = _locked_room(room)
        message = _visible_message(locked, access, message_id)
        own = user.is_authenticated and message.author_id == user.pk and access.post
        if not (own or access.moderate):
            raise DialogueError("forbidden", id=message_id)
        if locked.is_read_only and not access.moderate:
            raise DialogueError("read_only", id=message_id)
        if not message.deleted:
            message.deleted = True
            message.body = ""
            message.html = ""
            message.save(update_fields=["deleted", "body", "html"])
            broadcast_update(message)
    return message


def hide_message(room: Room, user, access: Access, *, message_id: int, reason: str) -> Message:
    if not access.moderate:
        raise DialogueError("forbidden", id=message_id)
    reason = clean_text(reason)
    if len(reason) > 500:
        raise DialogueError("too_long", _("The reason can have at most 500 characters."))
    with transaction.atomic():
        message = _visible_message(room, access, message_id)
        message.hidden = True
        message.hidden_reason = reason
        message.hidden_by = user
        message.save(update_fields=["hidden", "hidden_reason", "hidden_by"])
        broadcast_update(message)
    return message


def toggle_acknowledgement(room: Room, user, access: Access, *, message_id: int) -> Message:
    """Leadership marks a post as read and taken seriously; again to withdraw."""
    if not access.acknowledge:
        raise DialogueError("forbidden", id=message_id)
    with transaction.atomic():
        message = _visible_message(room, access, message_id)
        if message.deleted or message.hidden:
            raise DialogueError("not_found", id=message_id)
        removed, _detail = Acknowledgement.objects.filter(message=message, user=user).delete()
        if not removed:
            try:
                with transaction.atomic():
                    Acknowledgement.objects.create(
                        message=message, user=user, title=room_rules.official_title(user)
                    )
            except IntegrityError:
                pass
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
        locked = _locked_room(room)
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


# --- reads --------------------------------------------------------------------------------


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

"""Changes made outside the room services (the admin, the shell) retire cached room
renderings too; a session's rooms and people retire the session pages.

These bump at once, inside the writer's transaction, not on commit: a reader in between may
store the old state under the new generation until the next change or the cache timeout.
Changes made through the room services bump again after commit (broadcast.send_on_commit),
which closes that window for everything people do in rooms.
"""

from __future__ import annotations

from django.db.models.signals import m2m_changed, post_delete, post_save

from members import generations

from .broadcast import room_generation_key
from .models import Acknowledgement, DialogueSession, Message, Outcome, Proposal, Reaction, Room


def room_changed(room_id: int) -> None:
    generations.bump(room_generation_key(room_id))


def _room(sender, instance, raw: bool = False, **kwargs) -> None:
    if not raw:
        room_changed(instance.pk)
        if instance.session_id:
            generations.bump(generations.PAGES)  # the session page links to its room


def _message(sender, instance, raw: bool = False, **kwargs) -> None:
    if not raw:
        room_changed(instance.room_id)


def _of_message(sender, instance, raw: bool = False, **kwargs) -> None:
    message_id = getattr(instance, "message_id", None) or getattr(
        instance, "source_message_id", None
    )
    if raw or message_id is None:
        return
    room_id = Message.objects.filter(pk=message_id).values_list("room_id", flat=True).first()
    if room_id is not None:
        room_changed(room_id)


def _session(sender, instance, raw: bool = False, **kwargs) -> None:
    # A session's status makes its room read-only; its own page shows the rest.
    if raw:
        return
    room_id = Room.objects.filter(session=instance.pk).values_list("pk", flat=True).first()
    if room_id is not None:
        room_changed(room_id)


def _session_people(sender, action: str, **kwargs) -> None:
    if action in {"post_add", "post_remove", "post_clear"}:
        generations.bump(generations.PAGES)


def _pages(sender, instance, raw: bool = False, **kwargs) -> None:
    """Decisions and actions show on session pages, reports and follow-ups."""
    if not raw:
        generations.bump(generations.PAGES)


def connect() -> None:
    for model, receiver in (
        (Room, _room),
        (Message, _message),
        (Reaction, _of_message),
        (Acknowledgement, _of_message),
        (Proposal, _of_message),
        (DialogueSession, _session),
        (Outcome, _pages),
    ):
        uid = f"dialogue_generation_{model.__name__}"
        post_save.connect(receiver, sender=model, dispatch_uid=f"{uid}_save")
        post_delete.connect(receiver, sender=model, dispatch_uid=f"{uid}_delete")
    for through in (DialogueSession.invited.through, DialogueSession.organisations.through):
        m2m_changed.connect(
            _session_people, sender=through, dispatch_uid=f"dialogue_{through.__name__}"
        )

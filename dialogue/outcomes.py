"""Recording decisions and actions, and marking actions done: one set of rules for the
admin, the room page and the follow-ups page."""

from __future__ import annotations

import datetime as dt
import unicodedata

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members import generations
from members.models import Organization

from .models import NOTE_MAX, OUTCOME_MAX, DialogueSession, Message, Outcome
from .services import DialogueError, within_length
from .text import clean_text


def _refuse(code: str, detail, field: str = "") -> DialogueError:
    return DialogueError(code, detail, field=field)


def clean_outcome_text(text: str) -> str:
    cleaned = clean_text(text or "")
    # Only invisible characters (zero-width spaces, format marks) is no text either.
    if not any(unicodedata.category(ch)[0] not in "CZ" for ch in cleaned):
        raise _refuse("invalid", _("Write what was decided or is to be done."), "text")
    return within_length(cleaned, OUTCOME_MAX, field="text")


def clean_note(note: str) -> str:
    return within_length(clean_text(note or ""), NOTE_MAX, field="note")


def record_outcome(
    user,
    session: DialogueSession,
    *,
    kind: str,
    text: str,
    owner: Organization | None = None,
    due_on: dt.date | None = None,
    message: Message | None = None,
) -> Outcome:
    """A decision, or an action with its owner organisation and due date."""
    _may_record(user)
    cleaned, owner, due_on = _checked(kind, text, owner, due_on)
    if message is not None:
        room = getattr(session, "room", None)
        if room is None or message.room_id != room.pk or message.deleted or message.hidden:
            raise _refuse("invalid", _("That message is not in this session's room."), "message")
    return Outcome.objects.create(
        session=session,
        message=message,
        kind=kind,
        text=cleaned,
        owner=owner,
        due_on=due_on,
        created_by=user,
    )


def update_outcome(
    user,
    outcome: Outcome,
    *,
    kind: str,
    text: str,
    owner: Organization | None = None,
    due_on: dt.date | None = None,
) -> Outcome:
    """Correct a recorded decision or action (by the same rules as recording it); the
    message it came from and whether it is done stay as they were."""
    _may_record(user)
    outcome.text, outcome.owner, outcome.due_on = _checked(kind, text, owner, due_on)
    outcome.kind = kind
    outcome.save(update_fields=["kind", "text", "owner", "due_on"])
    return outcome


def _may_record(user) -> None:
    if not user.has_perm("dialogue.record_outcome"):
        raise _refuse("forbidden", _("Only city staff record decisions and actions."))


def _checked(kind: str, text: str, owner, due_on):
    if kind not in Outcome.Kind.values:
        raise _refuse("invalid", _("Choose decision or action."), "kind")
    cleaned = clean_outcome_text(text)
    if kind == Outcome.Kind.ACTION:
        if owner is None:
            raise _refuse("invalid", _("An action needs the organisation that owns it."), "owner")
        if due_on is None:
            raise _refuse("invalid", _("An action needs a due date."), "due_on")
        return cleaned, owner, due_on
    return cleaned, None, None


def complete_action(user, outcome: Outcome, note: str = "") -> Outcome:
    """Done, with a note on what was done. Saying it twice keeps the first record."""
    if outcome.kind != Outcome.Kind.ACTION:
        raise _refuse("invalid", _("Only actions are marked done."))
    if not user.has_perm("dialogue.complete_action", outcome):
        raise _refuse("forbidden", _("Only city staff or the owner organisation mark this done."))
    cleaned = clean_note(note)
    with transaction.atomic():
        updated = Outcome.objects.filter(pk=outcome.pk, done_at__isnull=True).update(
            done_at=timezone.now(), done_by=user, done_note=cleaned
        )
    outcome.refresh_from_db()
    generations.bump(generations.PAGES)  # session pages show the state (updates send no signal)
    if not updated:
        raise _refuse("invalid", _("This action was already marked done."))
    return outcome


def reopen_action(user, outcome: Outcome) -> Outcome:
    if not user.has_perm("dialogue.complete_action", outcome):
        raise _refuse("forbidden", _("Only city staff or the owner organisation mark this done."))
    Outcome.objects.filter(pk=outcome.pk).update(done_at=None, done_by=None, done_note="")
    generations.bump(generations.PAGES)
    outcome.refresh_from_db()
    return outcome

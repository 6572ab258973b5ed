"""A proposal's lifecycle: which status may follow which and whose decision it is, each change
recorded in the proposal's public history and told to its author."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ... import notify as telling
from ... import rules as dialogue_rules
from ...models import Message, Proposal, ProposalStatus, ProposalStatusChange
from ...serializers import with_related
from ...services import broadcast_update, within_length
from ...text import clean_text
from .. import notify
from .validation import refuse

S = ProposalStatus

# Which status may follow which, and whose decision it is.
TRANSITIONS: dict[str, dict[str, str]] = {
    S.DRAFT: {S.SUBMITTED: "author"},
    S.REJECTED: {S.SUBMITTED: "author"},
    S.SUBMITTED: {S.PUBLISHED: "moderate", S.REJECTED: "moderate", S.DRAFT: "author"},
    S.PUBLISHED: {
        S.UNDER_DISCUSSION: "moderate",
        S.ADOPTED: "decide",
        S.IMPLEMENTED: "decide",
        S.NOT_ADOPTED: "decide",
    },
    S.UNDER_DISCUSSION: {
        S.ADOPTED: "decide",
        S.IMPLEMENTED: "decide",
        S.NOT_ADOPTED: "decide",
    },
    S.ADOPTED: {S.IMPLEMENTED: "decide", S.NOT_ADOPTED: "decide"},
    S.NOT_ADOPTED: {S.UNDER_DISCUSSION: "decide"},
    S.IMPLEMENTED: {},
}
REASON_REQUIRED = {S.REJECTED, S.NOT_ADOPTED}


def change_status(
    proposal: Proposal,
    user,
    to_status: str,
    *,
    reason: str = "",
    pilot=None,
) -> Proposal:
    """Move a proposal along its lifecycle; recorded in its history, e-mailed to its author."""
    reason = within_length(
        clean_text(reason or ""),
        1000,
        detail=_("The reason can have at most 1,000 characters."),
        field="reason",
    )
    with transaction.atomic():
        locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
        who = TRANSITIONS.get(locked.status, {}).get(to_status)
        if who is None:
            raise refuse(
                "invalid",
                _("A proposal that is “%(from)s” cannot become “%(to)s”.")
                % {
                    "from": S(locked.status).label,
                    "to": S(to_status).label if to_status in S.values else to_status,
                },
                "status",
            )
        allowed = {
            "author": lambda: dialogue_rules._is_author(user, locked),
            "moderate": lambda: user.has_perm("dialogue.moderate_proposal", locked),
            "decide": lambda: user.has_perm("dialogue.decide_proposal", locked),
        }[who]()
        if not allowed:
            raise refuse("forbidden", _("You are not allowed to do this here."))
        if to_status in REASON_REQUIRED and not reason:
            raise refuse("invalid", _("Please give a reason: it is shown publicly."), "reason")
        if to_status == S.ADOPTED:
            if pilot is None:
                raise refuse(
                    "invalid", _("Choose the pilot project this proposal became."), "pilot"
                )
            locked.pilot = pilot
        now = timezone.now()
        from_status = locked.status
        locked.status = to_status
        locked.status_reason = reason
        if to_status == S.SUBMITTED:
            locked.submitted_at = now
        if to_status == S.PUBLISHED and locked.published_at is None:
            locked.published_at = now
        locked.save()
        record_change(locked, user, from_status, to_status, reason)
        if locked.source_message_id and to_status == S.PUBLISHED:
            _tell_the_room(locked.source_message_id)
    return locked


def submit_proposal(proposal: Proposal, user) -> Proposal:
    return change_status(proposal, user, S.SUBMITTED)


def publish_proposal(proposal: Proposal, user, reason: str = "") -> Proposal:
    return change_status(proposal, user, S.PUBLISHED, reason=reason)


def reject_proposal(proposal: Proposal, user, reason: str) -> Proposal:
    return change_status(proposal, user, S.REJECTED, reason=reason)


def record_change(
    proposal: Proposal, user, from_status: str, to_status: str, reason: str, *, notify_author=True
) -> ProposalStatusChange:
    change = ProposalStatusChange.objects.create(
        proposal=proposal,
        changed_by=user if getattr(user, "is_authenticated", False) else None,
        from_status=from_status,
        to_status=to_status,
        reason=reason,
    )
    if notify_author:
        mail_now, batch = telling.proposal_status_changed(proposal, change.changed_by)
        if mail_now:
            transaction.on_commit(lambda: notify.status_changed.enqueue(change.pk, batch))
    return change


def _tell_the_room(message_id: int) -> None:
    """Open rooms show the link from the message to its proposal at once."""
    message = with_related(Message.objects.filter(pk=message_id)).first()
    if message is not None:
        broadcast_update(message)

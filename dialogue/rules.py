"""Who may read, post, moderate and acknowledge in a room: the dialogue app's permissions.

Built on the predicates of members/rules.py. Views, the consumer, the API, templates and
the admin ask `user.has_perm("dialogue.<verb>_<model>", room_or_session)`; services.access_for
asks them once per connection or request. A room's visibility is its session's
(Room.effective_visibility). Powers over other people's words (hide, unhide, delete others',
acknowledge) also need two-step verification for the roles that must use it.
"""

from __future__ import annotations

import rules

from django.db.models import Q
from django.utils import timezone

from members import roles
from members.models import Membership
from members.rules import (
    active_organizations,
    is_city_staff,
    is_consortium_member,
    is_editor_of,
    is_leadership,
    is_moderator,
    is_representative_of,
    two_step_satisfied,
)

from .models import PUBLIC_STATUSES, DialogueSession, Room, Visibility


def _signed_in(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def is_session_participant(user, session: DialogueSession | None) -> bool:
    """Invited by name, or a member of the organiser or of a participating organisation."""
    if session is None or not _signed_in(user):
        return False
    if session.invited.filter(pk=user.pk).exists():
        return True
    org_ids = {org.pk for org in active_organizations(user)}
    if not org_ids:
        return False
    if session.organiser_id in org_ids:
        return True
    return session.organisations.filter(pk__in=org_ids).exists()


def _can_see(user, visibility: str, session: DialogueSession | None) -> bool:
    if visibility == Visibility.PUBLIC:
        return True
    if not _signed_in(user):
        return False
    if is_moderator(user):
        return True
    if visibility == Visibility.MEMBERS:
        return bool(is_consortium_member(user))
    return is_session_participant(user, session)


def _room_of(target) -> Room | None:
    """Room permissions accept a room or a message (its room)."""
    if isinstance(target, Room):
        return target
    return getattr(target, "room", None)


@rules.predicate
def can_read_room(user, room) -> bool:
    room = _room_of(room)
    if room is None:
        return False
    session = room.session if room.session_id else None
    return _can_see(user, room.effective_visibility, session)


@rules.predicate
def can_view_session(user, session: DialogueSession | None) -> bool:
    if session is None:
        return False
    return _can_see(user, session.visibility, session)


@rules.predicate
def can_post(user, room) -> bool:
    """Signed in and allowed to read. A read-only room is refused separately (`read_only`)."""
    return _signed_in(user) and bool(can_read_room(user, room))


@rules.predicate
def can_moderate(user, room=None) -> bool:
    """The moderator's role in this room: sees hidden messages. Acting needs two-step too."""
    if not _signed_in(user) or not is_moderator(user):
        return False
    return room is None or bool(can_read_room(user, room))


@rules.predicate
def can_acknowledge(user, room=None) -> bool:
    if not _signed_in(user) or not is_leadership(user):
        return False
    return room is None or bool(can_read_room(user, room))


def official_title(user) -> str:
    """The job title leadership acknowledges with ("市長")."""
    membership = (
        Membership.objects.filter(user=user, status=Membership.Status.ACTIVE)
        .exclude(title="")
        .order_by("-role", "pk")
        .first()
    )
    return membership.title if membership else ""


# Not Django's model permission names (view_room, delete_message), which ModelBackend also
# grants to the groups that hold them for the admin; those stay the admin's.
rules.add_perm("dialogue.read_room", can_read_room)
rules.add_perm("dialogue.see_session", can_view_session)
rules.add_perm("dialogue.post_in_room", can_post)
rules.add_perm("dialogue.react_in_room", can_post)
rules.add_perm("dialogue.moderate_room", can_moderate)
rules.add_perm("dialogue.hide_message", can_moderate & two_step_satisfied)
rules.add_perm("dialogue.unhide_message", can_moderate & two_step_satisfied)
rules.add_perm("dialogue.remove_message", can_moderate & two_step_satisfied)
rules.add_perm("dialogue.acknowledge_in_room", can_acknowledge)
rules.add_perm("dialogue.acknowledge_message", can_acknowledge & two_step_satisfied)
rules.add_perm("dialogue.schedule_session", is_city_staff)


def visible_sessions_filter(user):
    """The query form of can_view_session, for listings (the same three cases)."""
    public = Q(visibility=Visibility.PUBLIC)
    if not _signed_in(user):
        return public
    if is_moderator(user):
        return Q()
    org_ids = [org.pk for org in active_organizations(user)]
    private = Q(visibility=Visibility.PRIVATE) & (
        Q(invited=user) | Q(organiser__in=org_ids) | Q(organisations__in=org_ids)
    )
    members = Q(visibility=Visibility.MEMBERS) if is_consortium_member(user) else Q(pk__in=[])
    return public | members | private


def readers_of_room(room: Room) -> Q:
    """The query form of can_read_room over people (a Q on User): notifications fan out to
    exactly those who could open the room, in one query whatever their number."""
    active = Q(is_active=True)
    visibility = room.effective_visibility
    if visibility == Visibility.PUBLIC:
        return active
    moderators = Q(is_superuser=True) | Q(groups__name__in=[roles.MODERATORS, roles.CITY_STAFF])
    member_of = Q(
        memberships__status=Membership.Status.ACTIVE,
        memberships__organization__is_active=True,
    )
    if visibility == Visibility.MEMBERS:
        return active & (moderators | member_of)
    session = room.session if room.session_id else None
    if session is None:
        return active & moderators
    org_ids = [session.organiser_id, *session.organisations.values_list("pk", flat=True)]
    participant = Q(invited_sessions=session) | Q(
        memberships__status=Membership.Status.ACTIVE,
        memberships__organization__is_active=True,
        memberships__organization__in=org_ids,
    )
    return active & (moderators | participant)


# --- Proposals ----------------------------------------------------------------------------
# Predicates take the proposal (or comment, or room message). State rules (what may follow
# what) are the services' business; these say who.


def _is_author(user, obj) -> bool:
    return _signed_in(user) and obj is not None and obj.author_id == user.pk


@rules.predicate
def can_view_proposal(user, proposal) -> bool:
    if proposal is None:
        return False
    return proposal.is_public or _is_author(user, proposal) or bool(can_moderate(user))


@rules.predicate
def can_add_proposal(user) -> bool:
    return _signed_in(user)


@rules.predicate
def can_change_proposal(user, proposal) -> bool:
    """Authors edit their drafts (and proposals sent back to them), nothing after."""
    return _is_author(user, proposal) and proposal.is_editable and not proposal.hidden


@rules.predicate
def can_support_proposal(user, proposal) -> bool:
    return _signed_in(user) and proposal is not None and proposal.is_open


@rules.predicate
def can_comment_proposal(user, proposal) -> bool:
    return _signed_in(user) and proposal is not None and proposal.is_open


@rules.predicate
def can_report_proposal(user, proposal) -> bool:
    return _signed_in(user) and proposal is not None and proposal.is_public


@rules.predicate
def can_moderate_proposals(user, obj=None) -> bool:
    """Moderators and city staff, for any proposal or comment (not tied to a room)."""
    return bool(can_moderate(user))


@rules.predicate
def can_decide_proposal(user, proposal=None) -> bool:
    """Adopt, implement or decline: the city's decision, so city staff."""
    return _signed_in(user) and bool(is_city_staff(user))


@rules.predicate
def can_acknowledge_proposal(user, proposal=None) -> bool:
    if not (_signed_in(user) and is_leadership(user)):
        return False
    return proposal is None or proposal.is_public


@rules.predicate
def can_edit_comment(user, comment) -> bool:
    return (
        _is_author(user, comment) and comment.shown and timezone.now() <= comment.editable_until()
    )


@rules.predicate
def can_delete_comment(user, comment) -> bool:
    return comment is not None and (_is_author(user, comment) or bool(can_moderate(user)))


@rules.predicate
def can_report_comment(user, comment) -> bool:
    return _signed_in(user) and comment is not None and comment.shown


@rules.predicate
def can_convert_message(user, message) -> bool:
    """Turn a room message into a draft proposal: its author or a moderator, who can read it."""
    if message is None or not _signed_in(user) or message.deleted:
        return False
    if not can_read_room(user, message.room):
        return False
    if message.hidden:
        return bool(can_moderate(user))
    return message.author_id == user.pk or bool(can_moderate(user))


rules.add_perm("dialogue.view_proposal", can_view_proposal)
rules.add_perm("dialogue.add_proposal", can_add_proposal)
rules.add_perm("dialogue.change_proposal", can_change_proposal)
rules.add_perm("dialogue.support_proposal", can_support_proposal)
rules.add_perm("dialogue.comment_proposal", can_comment_proposal)
rules.add_perm("dialogue.report_proposal", can_report_proposal)
rules.add_perm("dialogue.moderate_proposal", can_moderate_proposals & two_step_satisfied)
rules.add_perm("dialogue.decide_proposal", can_decide_proposal & two_step_satisfied)
rules.add_perm("dialogue.acknowledge_proposal", can_acknowledge_proposal & two_step_satisfied)
rules.add_perm("dialogue.edit_comment", can_edit_comment)
rules.add_perm("dialogue.delete_comment", can_delete_comment)
rules.add_perm("dialogue.report_comment", can_report_comment)
rules.add_perm("dialogue.moderate_comment", can_moderate_proposals & two_step_satisfied)
rules.add_perm("dialogue.convert_message", can_convert_message)


def visible_proposals_filter(user):
    """The query form of can_view_proposal, for listings, feeds and the API."""
    public = Q(status__in=PUBLIC_STATUSES, hidden=False)
    if not _signed_in(user):
        return public
    if is_moderator(user):
        return Q()
    return public | Q(author=user)


# --- Decisions and follow-up actions ------------------------------------------------------


@rules.predicate
def can_complete_action(user, outcome=None) -> bool:
    """City staff, or a representative or editor of the organisation that owns the action."""
    if not _signed_in(user):
        return False
    if is_city_staff(user):
        return bool(two_step_satisfied(user))
    return outcome is not None and bool(is_editor_of(user, outcome.owner))


rules.add_perm("dialogue.record_outcome", is_city_staff & two_step_satisfied)
rules.add_perm("dialogue.complete_action", can_complete_action)
# --- Attendance and contribution records (attendance.py) -------------------------------------


@rules.predicate
def is_self(user, person) -> bool:
    return _signed_in(user) and person is not None and getattr(person, "pk", None) == user.pk


@rules.predicate
def is_staff_member(user, obj=None) -> bool:
    return _signed_in(user) and bool(is_city_staff(user))


# A person's record: their own, or city staff's (personal data, so two-step like their other
# powers). An organisation's: its representatives', or city staff's; members who chose not to
# be listed are counted but named only to staff (docs/operations.md).
rules.add_perm("dialogue.view_record", is_self | (is_staff_member & two_step_satisfied))
rules.add_perm(
    "dialogue.view_organization_record",
    (is_staff_member | is_representative_of) & two_step_satisfied,
)
rules.add_perm("dialogue.export_records", is_staff_member & two_step_satisfied)
rules.add_perm("dialogue.record_attendance", is_staff_member & two_step_satisfied)

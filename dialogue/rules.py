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

from members.models import Membership
from members.rules import (
    active_organizations,
    is_city_staff,
    is_consortium_member,
    is_leadership,
    is_moderator,
    two_step_satisfied,
)

from .models import DialogueSession, Room, Visibility


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

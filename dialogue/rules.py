"""Who may read, post, moderate and acknowledge in a room.

Built on the predicates of members/rules.py; views, consumers and templates ask
`user.has_perm("dialogue.read_room", room)` and friends, or the functions below.
"""

from __future__ import annotations

import rules

from django.db.models import Q

from members.models import Membership
from members.rules import (
    active_organizations,
    is_consortium_member,
    is_leadership,
    is_moderator,
)

from .models import DialogueSession, Room, Visibility


def is_session_participant(user, session: DialogueSession | None) -> bool:
    """Invited by name, or a member of the organiser or of a participating organisation."""
    if session is None or not getattr(user, "is_authenticated", False):
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
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if is_moderator(user):
        return True
    if visibility == Visibility.MEMBERS:
        return bool(is_consortium_member(user))
    return is_session_participant(user, session)


@rules.predicate
def can_read_room(user, room: Room | None) -> bool:
    if room is None:
        return False
    return _can_see(user, room.visibility, room.session if room.session_id else None)


@rules.predicate
def can_view_session(user, session: DialogueSession | None) -> bool:
    if session is None:
        return False
    return _can_see(user, session.visibility, session)


@rules.predicate
def can_post(user, room: Room | None) -> bool:
    """Signed in and allowed to read. A read-only room is refused separately (`read_only`)."""
    return bool(getattr(user, "is_authenticated", False) and user.is_active) and can_read_room(
        user, room
    )


@rules.predicate
def can_moderate(user, room: Room | None = None) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and bool(is_moderator(user))


@rules.predicate
def can_acknowledge(user, room: Room | None = None) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and bool(is_leadership(user))


def official_title(user) -> str:
    """The job title leadership acknowledges with ("市長")."""
    membership = (
        Membership.objects.filter(user=user, status=Membership.Status.ACTIVE)
        .exclude(title="")
        .order_by("-role", "pk")
        .first()
    )
    return membership.title if membership else ""


# Not Django's model permission names (view_room, add_message), which ModelBackend would
# also grant to any group given them for the admin.
rules.add_perm("dialogue.read_room", can_read_room)
rules.add_perm("dialogue.see_session", can_view_session)
rules.add_perm("dialogue.post_in_room", can_post)
rules.add_perm("dialogue.moderate_room", can_moderate)
rules.add_perm("dialogue.acknowledge_message", can_acknowledge)


def visible_sessions_filter(user):
    """The query form of can_view_session, for listings (the same three cases)."""
    public = Q(visibility=Visibility.PUBLIC)
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return public
    if is_moderator(user):
        return Q()
    org_ids = [org.pk for org in active_organizations(user)]
    private = Q(visibility=Visibility.PRIVATE) & (
        Q(invited=user) | Q(organiser__in=org_ids) | Q(organisations__in=org_ids)
    )
    members = Q(visibility=Visibility.MEMBERS) if is_consortium_member(user) else Q(pk__in=[])
    return public | members | private

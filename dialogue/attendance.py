"""Attendance and contribution records (issue 14, part 3).

The room socket calls `joined` when a signed-in reader connects to a session's room that
takes attendance and `left` when the socket closes: nothing on the per-message path. Each
record counts the person's open sockets under a row lock; time is added only when the count
falls back to zero, so two tabs or a reconnect are never counted twice.

Who sees what (rules.py): a person their own record; representatives their organisation's,
where members who chose not to be listed (Membership.is_listed) are counted but not named;
city staff anyone's, and they export them as CSV.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from members.models import Membership, Organization, User

from .models import Acknowledgement, Attendance, DialogueSession, Message, Proposal
from .rules import visible_proposals_filter


def _now():
    """The clock, one place for tests to set it."""
    return timezone.now()


# --- recording ----------------------------------------------------------------------------


def joined(session_id: int, user_id: int) -> None:
    now = _now()
    with transaction.atomic():
        record, _created = Attendance.objects.select_for_update().get_or_create(
            session_id=session_id, user_id=user_id, defaults={"first_joined_at": now}
        )
        if record.first_joined_at is None:  # added in person before joining online
            record.first_joined_at = now
        if record.open_connections == 0:
            record.open_since = now
        record.open_connections += 1
        record.save(update_fields=["first_joined_at", "open_since", "open_connections"])


def left(session_id: int, user_id: int) -> None:
    now = _now()
    with transaction.atomic():
        record = (
            Attendance.objects.select_for_update()
            .filter(session_id=session_id, user_id=user_id)
            .first()
        )
        if record is None or record.open_connections == 0:
            return
        record.open_connections -= 1
        if record.open_connections == 0 and record.open_since is not None:
            record.seconds_present += max(0, int((now - record.open_since).total_seconds()))
            record.open_since = None
        record.save(update_fields=["open_connections", "open_since", "seconds_present"])


def add_in_person(session: DialogueSession, user: User, added_by: User) -> Attendance:
    record, _created = Attendance.objects.get_or_create(session=session, user=user)
    record.in_person = True
    record.added_by = added_by
    record.save(update_fields=["in_person", "added_by"])
    return record


# --- reading ------------------------------------------------------------------------------


def attendances_of(user: User) -> QuerySet[Attendance]:
    return (
        Attendance.objects.filter(user=user)
        .select_related("session")
        .order_by("-session__starts_at", "pk")
    )


def proposals_of(user: User, viewer) -> QuerySet[Proposal]:
    """What the viewer may see of the person's proposals: all of them for the person."""
    return (
        Proposal.objects.filter(visible_proposals_filter(viewer), author=user)
        .only("pk", "title", "slug", "status", "created_at", "author_id", "hidden")
        .order_by("-created_at", "-pk")
    )


def acknowledged_posts_of(user: User) -> QuerySet[Message]:
    """The person's shown room posts that leadership acknowledged."""
    acknowledged = Exists(Acknowledgement.objects.filter(message=OuterRef("pk")))
    return (
        Message.objects.filter(acknowledged, author=user, deleted=False, hidden=False)
        .select_related("room")
        .order_by("-created_at", "-pk")
    )


@dataclass
class Totals:
    sessions: int
    seconds: int
    trainings: int
    proposals: int
    acknowledged: int

    @property
    def minutes(self) -> int:
        return (self.seconds + 30) // 60


def totals_of(user: User, viewer) -> Totals:
    summary = attendances_of(user).aggregate(
        sessions=Count("pk"),
        seconds=Coalesce(Sum("seconds_present"), 0),
        trainings=Count("pk", filter=Q(session__is_training=True)),
    )
    return Totals(
        proposals=proposals_of(user, viewer).count(),
        acknowledged=acknowledged_posts_of(user).count(),
        **summary,
    )


@dataclass
class MemberRow:
    membership: Membership | None
    sessions: int
    seconds: int
    trainings: int
    proposals: int
    acknowledged: int
    people: int = 1

    @property
    def minutes(self) -> int:
        return (self.seconds + 30) // 60


def organisation_rows(
    organization: Organization, viewer, *, name_everyone: bool
) -> tuple[list[MemberRow], MemberRow | None]:
    """One row per active member, in one query. Members who chose not to be listed are
    summed into the second value unless `name_everyone` (city staff)."""
    user = OuterRef("user_id")
    attended = Attendance.objects.filter(user=user)
    acknowledged = Exists(Acknowledgement.objects.filter(message=OuterRef("pk")))
    memberships = (
        Membership.objects.filter(
            organization=organization, status=Membership.Status.ACTIVE, user__is_active=True
        )
        .select_related("user")
        .annotate(
            n_sessions=_subcount(attended, "user_id"),
            n_seconds=_subsum(attended, "user_id", "seconds_present"),
            n_trainings=_subcount(attended.filter(session__is_training=True), "user_id"),
            n_proposals=_subcount(
                Proposal.objects.filter(visible_proposals_filter(viewer), author=user),
                "author_id",
            ),
            n_acknowledged=_subcount(
                Message.objects.filter(acknowledged, author=user, deleted=False, hidden=False),
                "author_id",
            ),
        )
        .order_by("user__name_reading", "user__display_name", "pk")
    )
    rows: list[MemberRow] = []
    unlisted: MemberRow | None = None
    for membership in memberships:
        numbers = {
            "sessions": membership.n_sessions,
            "seconds": membership.n_seconds,
            "trainings": membership.n_trainings,
            "proposals": membership.n_proposals,
            "acknowledged": membership.n_acknowledged,
        }
        if name_everyone or membership.is_listed:
            rows.append(MemberRow(membership=membership, **numbers))
        elif unlisted is None:
            unlisted = MemberRow(membership=None, **numbers)
        else:
            unlisted.people += 1
            for key, value in numbers.items():
                setattr(unlisted, key, getattr(unlisted, key) + value)
    return rows, unlisted


def _subcount(queryset, key: str) -> Coalesce:
    grouped = queryset.order_by().values(key).annotate(total=Count("pk")).values("total")
    return Coalesce(Subquery(grouped[:1]), 0, output_field=IntegerField())


def _subsum(queryset, key: str, field: str) -> Coalesce:
    grouped = queryset.order_by().values(key).annotate(total=Sum(field)).values("total")
    return Coalesce(Subquery(grouped[:1]), 0, output_field=IntegerField())


def attendees_of(session: DialogueSession) -> QuerySet[Attendance]:
    return (
        Attendance.objects.filter(session=session)
        .select_related("user", "added_by")
        .order_by("user__name_reading", "user__display_name", "pk")
    )

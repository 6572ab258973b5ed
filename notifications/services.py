"""Telling people: the one function other apps call (`notify`), reading and marking.

`notify` fans out with one INSERT … SELECT, whatever the number of recipients, so a
mention or a published report costs the same few queries for 5 people or 5,000. The
live count and the e-mails leave after commit (STYLE.md): nobody hears about a row that
was rolled back, and a failing mail server never costs the in-app notification.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Model, QuerySet
from django.utils import timezone

from members import generations
from members.models import User

from . import kinds, live
from .models import Follow, Notification, Preference
from .tasks import send_batch

Audience = Callable[[QuerySet], QuerySet]

# Bumped after commit whenever anyone's unread notifications change (a fan-out, marking
# read): each person's count, shown in the header of every signed-in page, is then counted
# once more and kept until the next change. One number for everyone, because a fan-out
# inserts for many people in one statement.
UNREAD_GENERATION = generations.read_together("notifications:unread:generation")


def unread_changed() -> None:
    transaction.on_commit(lambda: generations.bump(UNREAD_GENERATION))


def unread_row_changed(**kwargs) -> None:
    unread_changed()


def notify(
    kind: str,
    recipients: QuerySet | Iterable[int],
    *,
    title: str,
    url: str,
    actor=None,
    target: Model | None = None,
    excerpt: str = "",
    visible_to: Audience | None = None,
    once: bool = False,
    already_emailed: bool = False,
) -> str | None:
    """Notify `recipients` (a User queryset or ids) about `target`, reachable at `url`.

    `visible_to` narrows a User queryset to those who may see the target; it must filter in
    the database (a Q), never per person. Deactivated and deleted accounts and the actor are
    left out. `once`: skip people already told about this target with this kind (reminders).
    `already_emailed`: the caller e-mailed about it itself; never e-mail it again (digests too).
    Returns the batch id, or None when nobody was left to tell.
    """
    spec = kinds.get(kind)
    if spec is None:
        raise ValueError(f"unknown notification kind {kind!r}")
    people = (
        recipients
        if isinstance(recipients, QuerySet)
        else User.objects.filter(pk__in=list(recipients))
    )
    people = people.filter(is_active=True, deleted_at__isnull=True)
    if actor is not None and getattr(actor, "pk", None):
        people = people.exclude(pk=actor.pk)
    if visible_to is not None:
        people = visible_to(people)
    target_type = ContentType.objects.get_for_model(target) if target is not None else None
    target_id = str(target.pk) if target is not None else ""
    if once and target is not None:
        people = people.exclude(
            notifications__kind=kind,
            notifications__target_type=target_type,
            notifications__target_id=target_id,
        )
    # Joins in the audience (groups, memberships) may repeat a person: one row each.
    people = User.objects.filter(pk__in=people.order_by().values("pk"))
    batch = uuid.uuid4().hex
    inserted = _insert(
        people,
        kind=kind,
        default=spec.default,
        actor_id=getattr(actor, "pk", None),
        target_type_id=target_type.pk if target_type else None,
        target_id=target_id,
        url=url[:500],
        title=title[:200],
        excerpt=excerpt[:300],
        batch=batch,
        emailed=already_emailed,
    )
    if not inserted:
        return None
    unread_changed()
    transaction.on_commit(lambda: live.push_batch(batch))
    transaction.on_commit(lambda: send_batch.enqueue(batch))
    return batch


def _insert(people: QuerySet, *, kind: str, default: str, emailed: bool, **values) -> int:
    quote = connection.ops.quote_name
    table = quote(Notification._meta.db_table)
    prefs = quote(Preference._meta.db_table)
    users = quote(User._meta.db_table)
    select_sql, select_params = people.order_by().values("pk").query.sql_with_params()
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    # Only quoted table names and the ORM's own compiled SQL are formatted in; every value
    # is a parameter.
    sql = (
        f"INSERT INTO {table} (recipient_id, kind, actor_id, target_type_id, target_id, url,"  # noqa: S608
        " title, excerpt, batch, created, read_at, email_pending, email_attempts, emailed_at)"
        " SELECT r.id, %s, %s, %s, %s, %s, %s, %s, %s, %s, NULL,"
        f" COALESCE((SELECT p.delivery FROM {prefs} p WHERE p.user_id = r.id AND p.kind = %s),"
        f" %s) = %s, 0, %s FROM {users} r WHERE r.id IN ({select_sql})"
    )
    params = [
        kind,
        values["actor_id"],
        values["target_type_id"],
        values["target_id"],
        values["url"],
        values["title"],
        values["excerpt"],
        values["batch"],
        now,
        kind,
        default,
        # Already e-mailed: compare with a value no preference has, so never pending.
        "" if emailed else kinds.IMMEDIATELY,
        now if emailed else None,
        *select_params,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


# --- reading -------------------------------------------------------------------------------


def unread_count(user) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    cached = getattr(user, "_unread_notifications", None)
    if cached is None:
        cached = user._unread_notifications = generations.remembered(
            UNREAD_GENERATION,
            f"notifications:unread:{user.pk}",
            Notification.objects.filter(recipient=user, read_at__isnull=True).count,
        )
    return cached


def mark_read(user, notification_id: int) -> Notification | None:
    """Mark one of the person's own notifications read; None when it is not theirs."""
    notification = Notification.objects.filter(pk=notification_id, recipient=user).first()
    if notification is None:
        return None
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])  # its post_save retires cached counts
        transaction.on_commit(lambda: live.push_count(user.pk))
    return notification


def mark_all_read(user) -> int:
    changed = Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    if changed:
        unread_changed()
        transaction.on_commit(lambda: live.push_count(user.pk))
    return changed


# --- preferences ---------------------------------------------------------------------------


def preferences_for(user) -> dict[str, str]:
    """Every kind's delivery for this person (a user or their id): their choice, or the
    kind's default. One query."""
    chosen = dict(Preference.objects.filter(user=user).values_list("kind", "delivery"))
    return {kind.slug: chosen.get(kind.slug, kind.default) for kind in kinds.all_kinds()}


def delivery_for(user_id: int, kind: str) -> str:
    """One person's delivery for one kind: their choice, or the kind's default."""
    if kinds.get(kind) is None:
        raise ValueError(f"unknown notification kind {kind!r}")
    return preferences_for(user_id)[kind]


def set_preference(user, kind: str, delivery: str) -> None:
    if kinds.get(kind) is None or delivery not in {kinds.IMMEDIATELY, kinds.DAILY, kinds.NEVER}:
        raise ValueError("unknown kind or delivery")
    Preference.objects.update_or_create(user=user, kind=kind, defaults={"delivery": delivery})


# --- following -----------------------------------------------------------------------------


def is_following(user, target: str) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return Follow.objects.filter(user=user, target=target).exists()


def _follows_key(user_id: int) -> str:
    return f"notifications:follows:{user_id}"


def followed_by(user) -> set[str]:
    """Everything this person follows (the follow buttons on lists), kept in the cache
    until a follow of theirs is saved or deleted (signals in apps.py: follow_row_changed)."""
    if not getattr(user, "is_authenticated", False):
        return set()
    cached = getattr(user, "_followed", None)
    if cached is None:
        cached = cache.get(_follows_key(user.pk))
        if cached is None:
            cached = set(Follow.objects.filter(user=user).values_list("target", flat=True))
            cache.set(_follows_key(user.pk), cached, 15 * 60)
        user._followed = cached
    return cached


def follows_changed(user_id: int) -> None:
    """Now, and again after commit: a reader during the transaction may have stored the
    old set."""
    cache.delete(_follows_key(user_id))
    transaction.on_commit(lambda: cache.delete(_follows_key(user_id)))


def follow_row_changed(instance: Follow, **kwargs) -> None:
    follows_changed(instance.user_id)


def set_following(user, target: str, following: bool) -> bool:
    if following:
        Follow.objects.get_or_create(user=user, target=target)
    else:
        Follow.objects.filter(user=user, target=target).delete()
    return following


def followers(*targets: str) -> QuerySet:
    """The people following any of `targets`, as a queryset `notify` can take."""
    return User.objects.filter(pk__in=Follow.objects.filter(target__in=targets).values("user"))

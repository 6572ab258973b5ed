"""The unread count, live: one channel-layer group per person.

Pages with a live room already hold a socket; the room consumer (dialogue) subscribes the
person's group through its process and turns these events into the protocol's
`notification` frame (docs/dialogue-protocol.md). No page opens a second socket for this.
"""

from __future__ import annotations

import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

from django.db.models import Count
from django.utils import translation

from .models import Notification
from .urls_util import localized

log = logging.getLogger(__name__)

EVENT = "notify.count"


def user_group(user_id: int) -> str:
    return f"notifications.user.{user_id}"


def _send(user_id: int, unread: int, latest: dict | None) -> None:
    layer = get_channel_layer()
    if layer is None:
        return
    try:
        async_to_sync(layer.group_send)(
            user_group(user_id), {"type": EVENT, "unread": unread, "latest": latest}
        )
    except Exception:
        # The count is a convenience; the notification itself is stored.
        log.warning("could not push the notification count", exc_info=True)


def push_count(user_id: int) -> None:
    unread = Notification.objects.filter(recipient_id=user_id, read_at__isnull=True).count()
    _send(user_id, unread, None)


def describe(notification: Notification, language: str) -> dict:
    with translation.override(language):
        return {
            "id": notification.pk,
            "kind": notification.kind,
            "text": notification.sentence(),
            "url": localized(f"/notifications/{notification.pk}/", language),
        }


def push_batch(batch: str) -> None:
    """Two queries for the whole batch: its rows, and every recipient's unread count."""
    rows = list(
        Notification.objects.filter(batch=batch)
        .select_related("actor", "recipient")
        .only(
            "pk",
            "kind",
            "title",
            "recipient_id",
            "recipient__preferred_language",
            "actor_id",
            "actor__display_name",
            "actor__first_name",
            "actor__last_name",
            "actor__deleted_at",
        )
    )
    if not rows:
        return
    counts = dict(
        Notification.objects.filter(
            recipient__in=Notification.objects.filter(batch=batch).values("recipient"),
            read_at__isnull=True,
        )
        .values_list("recipient")
        .annotate(n=Count("pk"))
    )
    for row in rows:
        latest = describe(row, row.recipient.preferred_language)
        _send(row.recipient_id, counts.get(row.recipient_id, 0), latest)

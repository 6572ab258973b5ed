"""What the notification centre keeps about a person, for "Download my data": the
notifications they were sent, their e-mail choices and what they follow."""

from __future__ import annotations

from typing import Any

from members import exports

from .models import Follow, Notification, Preference


def export_notifications(user) -> list[dict[str, Any]]:
    return [
        {
            "kind": n.kind,
            "title": n.title,
            "excerpt": n.excerpt,
            "address": n.url,
            "created_at": n.created,
            "read_at": n.read_at,
            "emailed_at": n.emailed_at,
        }
        for n in Notification.objects.filter(recipient=user).order_by("created", "pk")
    ]


def export_preferences(user) -> list[dict[str, Any]]:
    return [
        {"kind": p.kind, "email": p.delivery}
        for p in Preference.objects.filter(user=user).order_by("kind")
    ]


def export_follows(user) -> list[dict[str, Any]]:
    return [
        {"following": f.target, "since": f.created}
        for f in Follow.objects.filter(user=user).order_by("created", "pk")
    ]


def register() -> None:
    exports.register("notifications", export_notifications)
    exports.register("notification_preferences", export_preferences)
    exports.register("follows", export_follows)

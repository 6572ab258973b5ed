"""{% notification_bell %} for the header and {% follow_button target %} for followable pages."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext, ngettext

from . import follows, services

register = template.Library()


@register.inclusion_tag("notifications/bell.html", takes_context=True)
def notification_bell(context) -> dict:
    user = context.get("user")
    signed_in = bool(getattr(user, "is_authenticated", False))
    if not signed_in:
        return {"signed_in": False}
    return {
        "signed_in": True,
        "unread": services.unread_count(user),
        # For the room script, which keeps the count current (dialogue/room/bell.js).
        "unread_one": ngettext("%(count)s unread", "%(count)s unread", 1),
        "unread_other": ngettext("%(count)s unread", "%(count)s unread", 2),
        "announce": gettext("New notification: %(text)s"),
    }


@register.inclusion_tag("notifications/follow_button.html", takes_context=True)
def follow_button(context, prefix: str, key: object, name: str = "") -> dict:
    """A follow/unfollow button for "<prefix>:<key>" (notifications.follows); one query per
    page however many buttons it has."""
    user = context.get("user")
    request = context.get("request")
    signed_in = bool(getattr(user, "is_authenticated", False))
    target = follows.target(prefix, key)
    return {
        "signed_in": signed_in,
        "target": target,
        "name": name,
        "following": target in services.followed_by(user) if signed_in else False,
        "next": request.get_full_path() if request is not None else "",
    }

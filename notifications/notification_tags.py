"""{% notification_bell %} for the header and {% follow_button target %} for followable pages."""

from __future__ import annotations

from django import template
from django.template.loader import render_to_string
from django.utils.translation import gettext, ngettext

from members import personal

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


def _follow_button(request, user, target: str, name: str) -> str:
    signed_in = bool(getattr(user, "is_authenticated", False))
    return render_to_string(
        "notifications/follow_button.html",
        {
            "signed_in": signed_in,
            "target": target,
            "name": name,
            "following": target in services.followed_by(user) if signed_in else False,
            "next": request.get_full_path() if request is not None else "",
        },
        request=request,
    )


@register.simple_tag(takes_context=True)
def follow_button(context, prefix: str, key: object, name: str = "") -> str:
    """A follow/unfollow button for "<prefix>:<key>" (notifications.follows); one query per
    page however many buttons it has. In a page shared by everyone it is a personal part,
    filled in per request: whether one follows is the person's own."""
    request = context.get("request")
    target = follows.target(prefix, key)
    if personal.is_shared_render(request):
        # Markers carry letters and digits only: the target and name go in as hex.
        return personal.marker("follow", f"{target}\n{name}".encode().hex())
    return _follow_button(request, context.get("user"), target, name)


@personal.register_part("follow")
def follow_part(request, argument: str) -> str:
    try:
        target, name = bytes.fromhex(argument).decode().split("\n", 1)
    except ValueError:
        return ""
    return _follow_button(request, request.user, target, name)

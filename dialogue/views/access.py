"""What the pages ask before showing anything: the sessions a person may see, and how a
refusal looks."""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from .. import rules as room_rules
from ..models import DialogueSession


def visible_sessions(user):
    """The sessions this person may see (the query form of dialogue.see_session)."""
    return (
        DialogueSession.objects.filter(room_rules.visible_sessions_filter(user))
        .distinct()
        .select_related("organiser", "room")
    )


def refuse(request: HttpRequest):
    """Anonymous visitors are asked to sign in; signed-in people get a plain 403."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    raise PermissionDenied

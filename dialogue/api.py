"""The dialogue HTTP API: the room list, room history and the room actions of
docs/dialogue-protocol.md.

The actions take the same fields as the socket's frames, are checked by the same frame
checker and go through the same services, so HTTP and the socket answer alike.
Session-authenticated, so a POST needs Django's CSRF token (X-CSRFToken).
"""

from __future__ import annotations

import json

from django.http import HttpRequest, JsonResponse
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from . import conf, services
from .frames import check_frame
from .limits import check_rate
from .models import Room
from .serializers import serialize_message, timestamp
from .services import DialogueError


def ws_url(request: HttpRequest, room: Room) -> str:
    scheme = "wss" if request.is_secure() else "ws"
    return f"{scheme}://{request.get_host()}{room.ws_path}"


def session_summary(session) -> dict | None:
    if session is None:
        return None
    return {
        "id": session.pk,
        "title": session.title,
        "status": session.status,
        "starts_at": timestamp(session.starts_at),
        "ends_at": timestamp(session.ends_at),
        "url": session.get_absolute_url(),
        "ics_url": reverse("dialogue:session_ics", args=[session.pk]),
    }


def _error(status: int, code: str, detail: str) -> JsonResponse:
    return JsonResponse({"error": {"code": code, "detail": detail}}, status=status)


def _language(request: HttpRequest) -> str:
    user = request.user
    if user.is_authenticated and user.preferred_language:
        return user.preferred_language
    return translation.get_language_from_request(request)


@never_cache
@require_GET
def rooms(request: HttpRequest) -> JsonResponse:
    with translation.override(_language(request)):
        listed = []
        for room in Room.objects.select_related("session").order_by("title"):
            if not services.access_for(request.user, room).read:
                continue
            session = room.session if room.session_id else None
            listed.append(
                {
                    **room.summary(),
                    "url": room.get_absolute_url(),
                    "ws_url": ws_url(request, room),
                    "session": session_summary(session),
                }
            )
    return JsonResponse({"rooms": listed}, json_dumps_params={"ensure_ascii": False})


def _int_param(request: HttpRequest, name: str) -> int | None:
    raw = request.GET.get(name)
    if raw is None:
        return None
    if not raw.isascii() or not raw.isdigit() or len(raw) > 15:
        raise ValueError(name)
    return int(raw)


@never_cache
@require_GET
def messages(request: HttpRequest, slug: str) -> JsonResponse:
    with translation.override(_language(request)):
        room = Room.objects.select_related("session").filter(slug=slug).first()
        if room is None:
            # LocaleMiddleware turns a 404 of an unprefixed URL into a redirect to /ja/…
            # whenever the root URLconf (Wagtail's catch-all) would match that: judged
            # against the API's own URLconf, the 404 stays a 404.
            request.urlconf = "dialogue.api_root_urls"
            return _error(404, "not_found", _("That message or room does not exist."))
        access = services.access_for(request.user, room)
        if not access.read:
            return _error(403, "forbidden", _("You are not allowed to do this here."))
        try:
            after = _int_param(request, "after")
            before = _int_param(request, "before")
            limit = _int_param(request, "limit")
        except ValueError as error:
            return _error(
                400, "invalid", _("%(name)s must be a whole number.") % {"name": str(error)}
            )
        if after is not None and before is not None:
            return _error(400, "invalid", _("Give either after or before, not both."))
        if limit is None:
            limit = conf.HISTORY_DEFAULT
        if limit < 1:
            return _error(400, "invalid", _("limit must be at least 1."))
        found, complete = services.history(
            room, access, after=after, before=before, limit=min(limit, conf.HISTORY_MAX)
        )
    return JsonResponse(
        {"messages": found, "complete": complete}, json_dumps_params={"ensure_ascii": False}
    )


# --- actions (POST) -----------------------------------------------------------------------

STATUS = {
    "invalid": 400,
    "too_long": 400,
    "forbidden": 403,
    "two_step_required": 403,
    "not_found": 404,
    "read_only": 409,
    "rate_limited": 429,
}
ACTIONS = {
    "edit": "message.edit",
    "delete": "message.delete",
    "hide": "message.hide",
    "unhide": "message.unhide",
    "acknowledge": "message.acknowledge",
    "react": "reaction.toggle",
}


def _refusal(request: HttpRequest, error: DialogueError) -> JsonResponse:
    if error.code == "not_found":
        # As in messages(): judged against the API's own URLconf, the 404 stays a 404.
        request.urlconf = "dialogue.api_root_urls"
    body = {"code": error.code, "detail": str(error.detail)}
    for key in ("client_id", "id", "setup_url"):
        if key in error.context:
            body[key] = error.context[key]
    return JsonResponse(
        {"error": body},
        status=STATUS.get(error.code, 400),
        json_dumps_params={"ensure_ascii": False},
    )


def _frame(request: HttpRequest, kind: str, **fixed) -> dict:
    if len(request.body) > conf.max_frame_bytes():
        raise DialogueError(
            "too_long",
            _("A request can be at most %(kib)s KiB.") % {"kib": conf.max_frame_bytes() // 1024},
        )
    try:
        data = json.loads(request.body or b"{}")
    except (ValueError, RecursionError) as error:
        raise DialogueError("invalid", _("This is not valid JSON.")) from error
    if not isinstance(data, dict):
        raise DialogueError("invalid", _("A frame must be a JSON object."))
    frame = {**data, **fixed, "type": kind}
    check_frame(frame)
    return frame


def _room_for_action(request: HttpRequest, slug: str):
    room = Room.objects.select_related("session").filter(slug=slug).first()
    if room is None:
        raise DialogueError("not_found")
    access = services.access_for(request.user, room)
    if not access.read:
        raise DialogueError("forbidden")
    if not request.user.is_authenticated:
        raise DialogueError("forbidden", _("Sign in to take part."))
    return room, access


@require_POST
def send(request: HttpRequest, slug: str) -> JsonResponse:
    """POST a message.send frame's fields; 201 with the message, 200 if it was stored before."""
    with translation.override(_language(request)):
        try:
            room, access = _room_for_action(request, slug)
            frame = _frame(request, "message.send")
            if access.post:
                check_rate(room.pk, request.user.pk)
            message, created = services.post_message(
                room,
                request.user,
                access,
                client_id=frame["client_id"],
                body=frame["body"],
                reply_to=frame.get("reply_to"),
                as_org=frame.get("as_org"),
            )
        except DialogueError as error:
            return _refusal(request, error)
        return JsonResponse(
            {"message": serialize_message(message, moderator=access.moderate)},
            status=201 if created else 200,
            json_dumps_params={"ensure_ascii": False},
        )


@require_POST
def act(request: HttpRequest, slug: str, pk: int, action: str) -> JsonResponse:
    """POST /rooms/<slug>/messages/<id>/<action>/ with the socket frame's other fields."""
    with translation.override(_language(request)):
        try:
            if action not in ACTIONS or pk >= 2**53:
                raise DialogueError("not_found")
            room, access = _room_for_action(request, slug)
            frame = _frame(request, ACTIONS[action], id=pk)
            user = request.user
            if action == "react":
                counts, active = services.toggle_reaction(
                    room, user, access, message_id=pk, emoji=frame["emoji"]
                )
                return JsonResponse(
                    {"id": pk, "reactions": counts, "active": active},
                    json_dumps_params={"ensure_ascii": False},
                )
            if action == "edit":
                message = services.edit_message(
                    room, user, access, message_id=pk, body=frame["body"]
                )
            elif action == "delete":
                message = services.delete_message(room, user, access, message_id=pk)
            elif action == "hide":
                message = services.hide_message(
                    room, user, access, message_id=pk, reason=frame.get("reason", "")
                )
            elif action == "unhide":
                message = services.unhide_message(
                    room, user, access, message_id=pk, reason=frame.get("reason", "")
                )
            else:
                message = services.toggle_acknowledgement(room, user, access, message_id=pk)
        except DialogueError as error:
            return _refusal(request, error)
        return JsonResponse(
            {"message": serialize_message(message, moderator=access.moderate)},
            json_dumps_params={"ensure_ascii": False},
        )

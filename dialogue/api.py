"""The dialogue HTTP API: the room list and room history of docs/dialogue-protocol.md."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from . import conf, services
from .models import Room
from .serializers import timestamp


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

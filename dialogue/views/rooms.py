"""The live room's page: rendered once per generation of the room, with each person's state
added as the room script's initial JSON."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import get_language

from members import generations, personal
from members.rules import is_city_staff

from .. import conf, reading, services
from ..api import ws_url
from ..broadcast import room_generation_key
from ..client import client_strings
from ..models import Room
from ..proposal_links import from_message_prefix
from ..serializers import organisation, person
from .access import refuse


@dataclass(frozen=True)
class Latest:
    """A room's latest messages as of one generation, kept encoded for the page's JSON."""

    messages: list[dict]
    json: str  # `messages` as JSON, already escaped for a <script> element
    latest_id: int
    complete: bool


# What json_script escapes, so that text inside the JSON cannot close the <script> element.
SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def _script_json(value) -> str:
    return json.dumps(value, cls=DjangoJSONEncoder).translate(SCRIPT_ESCAPES)


def _latest(room: Room, access: services.Access, generation: int) -> Latest:
    """The room's latest messages as of its generation: one copy for moderators (who see
    hidden ones and why), one for everyone else."""
    key = f"dialogue:room-latest:{room.pk}:{generation}:{int(access.moderate)}"
    latest = generations.fetch(key)
    if latest is None:
        messages, complete = services.history(room, access, limit=conf.HELLO_MESSAGES)
        latest_id = messages[-1]["id"] if messages else 0
        latest = Latest(messages, _script_json(messages), latest_id, complete)
        generations.keep(key, latest, conf.PAGE_CACHE_TIMEOUT)
    return latest


def _initial_script(initial: dict, latest: Latest) -> str:
    """json_script(initial) with the cached, encoded messages added as the last key."""
    text = _script_json(initial)
    text = f'{text[:-1]}, "messages": {latest.json}}}'
    return f'<script id="room-initial" type="application/json">{text}</script>'


def _propose_url() -> str:
    """Where proposals from a message are made: a page lookup, kept as long as the pages."""
    key = f"dialogue:propose-url:{generations.generation(generations.PAGES)}:{get_language()}"
    url = generations.fetch(key)
    if url is None:
        url = from_message_prefix()
        generations.keep(key, url, conf.PAGE_CACHE_TIMEOUT)
    return url


def room(request: HttpRequest, slug: str) -> HttpResponse:
    room = get_object_or_404(Room.objects.select_related("session"), slug=slug)
    access = services.access_for(request.user, room)
    if not access.read:
        return refuse(request)
    generation = generations.generation(room_generation_key(room.pk))
    latest = _latest(room, access, generation)
    orgs = services.speaking_orgs(request.user) if request.user.is_authenticated else []
    me = None
    if request.user.is_authenticated:
        me = {**person(request.user), "orgs": [organisation(o) for o in orgs]}
    initial = {
        "room": room.summary(),
        "me": me,
        "can_post": access.post and not room.is_read_only,
        "can_moderate": access.moderate,
        "can_acknowledge": access.acknowledge,
        "latest_id": latest.latest_id,
        "complete": latest.complete,
        "presence": [],
        "ws_url": ws_url(request, room),
        "allowed_emoji": list(conf.allowed_emoji()),
        "orgs": [organisation(o) for o in orgs],
        "history_url": reverse("dialogue_api:messages", args=[room.slug]),
        "limits": conf.limits(),
        # Messages are drawn from their `ruby` variant (docs/dialogue-protocol.md).
        "furigana": reading.wants_furigana(request),
        "propose_url": _propose_url() if request.user.is_authenticated else "",
        # Staff record a decision or an action from a message of a session's room.
        "outcome_url": (
            reverse("dialogue:record_outcome", args=[0]).removesuffix("0/")
            if room.session_id
            and is_city_staff(request.user)  # one query for others, not the backends' three
            and request.user.has_perm("dialogue.record_outcome")
            else ""
        ),
    }
    # The page around it is the same for everyone who may read the room: its latest messages
    # as everyone sees them (hidden and deleted ones are never drawn), rendered once per
    # generation of the room and language. The person's state goes in as room_initial.
    key = f"dialogue:room-page:{room.pk}:{generation}:{get_language()}:{personal.variant(request)}"
    skeleton = None if request.GET else generations.fetch(key)
    if skeleton is None:
        public = latest.messages
        if access.moderate:
            public = _latest(room, services.Access(read=True), generation).messages
        strings = client_strings()
        shown = [_readable(m, strings) for m in public if not (m["deleted"] or m["hidden"])]
        with personal.shared_render(request) as shared:
            skeleton = render_to_string(
                "dialogue/room.html",
                {
                    "room": room,
                    "session": room.session,
                    "strings": strings,
                    "shown": shown,
                    **shared,
                },
                request,
            )
        if not request.GET:
            generations.keep(key, skeleton, conf.PAGE_CACHE_TIMEOUT)
    parts = {"room_initial": _initial_script(initial, latest)}
    return HttpResponse(personal.fill(request, skeleton, parts=parts))


def _readable(m: dict, strings: dict) -> dict:
    """What includes/message.html needs beside M to draw a message without the script."""
    kind = (m["as_org"] or {}).get("kind")
    return {
        "m": m,
        "created": dt.datetime.fromisoformat(m["created_at"]),
        "kind": strings["kinds"].get(kind, strings["kinds"]["other"]),
        "acknowledged": strings["separator"].join(
            " ".join(part for part in (ack.get("title"), ack["name"]) if part)
            for ack in m["acknowledged_by"]
        ),
    }

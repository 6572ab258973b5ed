"""Sessions calendar, session pages, iCalendar feeds and the room page."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from icalendar import Calendar, Event

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from members import generations, personal
from members.models import Membership, Organization, User
from members.rules import is_city_staff

from . import (
    conf,
    in_person,  # noqa: F401 (registers the session page's attendance part)
    outcomes,
    reading,
    services,
    session_record,
)
from . import rules as room_rules
from .api import ws_url
from .broadcast import room_generation_key
from .client import client_strings
from .models import OUTCOME_MAX, DialogueSession, Message, Outcome, Room
from .outcome_forms import OutcomeForm, settle_action
from .proposal_links import from_message_prefix
from .serializers import organisation, person

SESSIONS_PER_PAGE = 10
# Cached renderings carry the generation of what they show; this only bounds their life.
CACHE_TIMEOUT = 15 * 60


def _visible_sessions(request: HttpRequest):
    return (
        DialogueSession.objects.filter(room_rules.visible_sessions_filter(request.user))
        .distinct()
        .select_related("organiser", "room")
    )


def _refuse(request: HttpRequest):
    """Anonymous visitors are asked to sign in; signed-in people get a plain 403."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    raise PermissionDenied


def sessions(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    visible = _visible_sessions(request)
    upcoming = visible.exclude(status=DialogueSession.Status.CLOSED).filter(ends_at__gte=now)
    past = visible.exclude(pk__in=upcoming.values("pk")).order_by("-starts_at")
    page = Paginator(past, SESSIONS_PER_PAGE).get_page(request.GET.get("page"))
    rooms = [
        room
        for room in Room.objects.filter(session__isnull=True).order_by("title")
        if services.access_for(request.user, room).read
    ]
    return render(
        request,
        "dialogue/sessions.html",
        {
            "upcoming": upcoming.order_by("starts_at"),
            "past_page": page,
            "rooms": rooms,
        },
    )


def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_object_or_404(DialogueSession, pk=pk)
    if not request.user.has_perm("dialogue.see_session", session):
        return _refuse(request)
    # Who may see it is asked above, per request; what it shows is the same for everyone who
    # may, and changes with the site's content generation (sessions, memberships, pages).
    key = (
        f"dialogue:session-page:{generations.generation(generations.PAGES)}:{get_language()}:"
        f"{personal.variant(request)}:{pk}"
    )
    # The language switcher links to this path with its query: only the plain one is shared.
    skeleton = None if request.GET else cache.get(key)
    if skeleton is None:
        session = DialogueSession.objects.select_related("organiser", "related_page").get(pk=pk)
        with personal.shared_render(request) as shared:
            skeleton = render_to_string(
                "dialogue/session_detail.html",
                {
                    "session": session,
                    "room": getattr(session, "room", None),
                    "groups": _participants(session),
                    # The transcript's own address asks who may read it.
                    "transcript": session.status == DialogueSession.Status.CLOSED,
                    "decisions": session.outcomes.filter(kind=Outcome.Kind.DECISION),
                    "actions": session.outcomes.actions().select_related("owner"),
                    **shared,
                },
                request,
            )
        if not request.GET:
            cache.set(key, skeleton, CACHE_TIMEOUT)
    return HttpResponse(personal.fill(request, skeleton))


def _participants(session: DialogueSession) -> list[dict]:
    """Organiser and participating organisations, each with its invited people."""
    orgs = [session.organiser, *session.organisations.exclude(pk=session.organiser_id)]
    people = session.invited.prefetch_related(
        Prefetch(
            "memberships",
            queryset=Membership.objects.filter(status=Membership.Status.ACTIVE).select_related(
                "organization"
            ),
            to_attr="active_memberships",
        )
    ).order_by("display_name", "pk")
    groups = {org.pk: {"org": org, "people": []} for org in orgs}
    individuals: list[User] = []
    for user in people:
        placed = False
        for membership in user.active_memberships:
            group = groups.get(membership.organization_id)
            if group is None:
                group = groups[membership.organization_id] = {
                    "org": membership.organization,
                    "people": [],
                }
            group["people"].append({"user": user, "title": membership.title})
            placed = True
            break
        if not placed:
            individuals.append(user)
    result = list(groups.values())
    if individuals:
        result.append({"org": None, "people": [{"user": u, "title": ""} for u in individuals]})
    return result


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
    latest = cache.get(key)
    if latest is None:
        messages, complete = services.history(room, access, limit=conf.HELLO_MESSAGES)
        latest_id = messages[-1]["id"] if messages else 0
        latest = Latest(messages, _script_json(messages), latest_id, complete)
        cache.set(key, latest, CACHE_TIMEOUT)
    return latest


def _initial_script(initial: dict, latest: Latest) -> str:
    """json_script(initial) with the cached, encoded messages added as the last key."""
    text = _script_json(initial)
    text = f'{text[:-1]}, "messages": {latest.json}}}'
    return f'<script id="room-initial" type="application/json">{text}</script>'


def _propose_url() -> str:
    """Where proposals from a message are made: a page lookup, kept as long as the pages."""
    key = f"dialogue:propose-url:{generations.generation(generations.PAGES)}:{get_language()}"
    return cache.get_or_set(key, from_message_prefix, CACHE_TIMEOUT)


def room(request: HttpRequest, slug: str) -> HttpResponse:
    room = get_object_or_404(Room.objects.select_related("session"), slug=slug)
    access = services.access_for(request.user, room)
    if not access.read:
        return _refuse(request)
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
    skeleton = None if request.GET else cache.get(key)
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
            cache.set(key, skeleton, CACHE_TIMEOUT)
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


# --- iCalendar ----------------------------------------------------------------------------


def _event(request: HttpRequest, session: DialogueSession) -> Event:
    event = Event()
    event.add("uid", f"dialogue-session-{session.pk}@{request.get_host().split(':')[0]}")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", session.starts_at)
    event.add("dtend", session.ends_at)
    event.add("summary", session.title)
    organiser = _("Organiser: %(name)s") % {"name": session.organiser.name}
    parts = (session.theme, session.agenda, organiser)
    description = "\n\n".join(part for part in parts if part)
    if description:
        event.add("description", description)
    event.add("url", request.build_absolute_uri(session.get_absolute_url()))
    event.add(
        "status",
        {"scheduled": "TENTATIVE", "live": "CONFIRMED", "closed": "CONFIRMED"}[session.status],
    )
    return event


def _calendar(request: HttpRequest, sessions, name: str) -> HttpResponse:
    calendar = Calendar()
    calendar.add("prodid", "-//Consortium//Dialogue sessions//JA")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Asia/Tokyo")
    for session in sessions:
        calendar.add_component(_event(request, session))
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    return response


def session_ics(request: HttpRequest, pk: int) -> HttpResponse:
    session = DialogueSession.objects.select_related("organiser").filter(pk=pk).first()
    if session is None or not request.user.has_perm("dialogue.see_session", session):
        raise Http404
    response = _calendar(request, [session], session.title)
    response["Content-Disposition"] = f'attachment; filename="session-{session.pk}.ics"'
    return response


def sessions_ics(request: HttpRequest) -> HttpResponse:
    sessions = _visible_sessions(request).order_by("starts_at")[:500]
    return _calendar(request, sessions, _("Consortium dialogue sessions"))


def session_transcript(request: HttpRequest, pk: int) -> HttpResponse:
    """The whole transcript as CSV: shown messages only, for whoever may read the room."""
    session = get_object_or_404(DialogueSession.objects.select_related("room"), pk=pk)
    room = getattr(session, "room", None)
    if not request.user.has_perm("dialogue.see_session", session):
        return _refuse(request)
    if room is None or not services.access_for(request.user, room).read:
        return _refuse(request)
    response = HttpResponse(
        session_record.transcript_csv(session), content_type="text/csv; charset=utf-8"
    )
    stamp = timezone.localtime(session.starts_at).strftime("%Y%m%d")
    response["Content-Disposition"] = f'attachment; filename="transcript-{session.pk}-{stamp}.csv"'
    return response


FOLLOW_UPS_PER_PAGE = 20
FOLLOW_UP_STATES = ("open", "overdue", "done", "all")


def follow_ups(request: HttpRequest) -> HttpResponse:
    """Every action of the sessions the person may see: open, overdue or done."""
    state = request.GET.get("state", "open")
    state = state if state in FOLLOW_UP_STATES else "open"
    actions = Outcome.objects.actions().filter(
        session__in=DialogueSession.objects.filter(room_rules.visible_sessions_filter(request.user))
    )
    if state == "open":
        actions = actions.open()
    elif state == "overdue":
        actions = actions.overdue()
    elif state == "done":
        actions = actions.done()
    owners = Organization.objects.filter(actions__isnull=False).distinct().order_by("name")
    owner = request.GET.get("organisation", "")
    if owner and owner in {o.slug for o in owners}:
        actions = actions.filter(owner__slug=owner)
    else:
        owner = ""
    actions = actions.select_related("owner", "session", "done_by").order_by("due_on", "pk")
    page = Paginator(actions, FOLLOW_UPS_PER_PAGE).get_page(request.GET.get("page"))
    for action in page:
        action.can_complete = request.user.has_perm("dialogue.complete_action", action)
    return render(
        request,
        "dialogue/follow_ups.html",
        {
            "page": page,
            "state": state,
            "states": [
                ("open", _("Open")),
                ("overdue", _("Overdue")),
                ("done", _("Done")),
                ("all", _("All")),
            ],
            "owners": owners,
            "owner": owner,
            "today": timezone.localdate(),
        },
    )


@require_POST
def follow_up_done(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("dialogue:follow_ups"))
    action = get_object_or_404(
        Outcome.objects.actions().filter(
            session__in=DialogueSession.objects.filter(
                room_rules.visible_sessions_filter(request.user)
            )
        ),
        pk=pk,
    )
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}):
        back = reverse("dialogue:follow_ups")
    settle_action(request, action)
    return redirect(back)


def record_outcome(request: HttpRequest, pk: int) -> HttpResponse:
    """Staff turn a message of a session's room into a decision or an action."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not request.user.has_perm("dialogue.record_outcome"):
        raise PermissionDenied
    message = get_object_or_404(
        Message.objects.select_related("room__session", "author"),
        pk=pk,
        room__session__isnull=False,
        hidden=False,
        deleted=False,
    )
    session = message.room.session
    if not services.access_for(request.user, message.room).read:
        raise PermissionDenied
    form = OutcomeForm(request.POST or None, initial={"text": message.body[:OUTCOME_MAX]})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            outcomes.record_outcome(
                request.user,
                session,
                kind=data["kind"],
                text=data["text"],
                owner=data.get("owner"),
                due_on=data.get("due_on"),
                message=message,
            )
        except services.DialogueError as error:
            form.add_error(error.context.get("field") or None, str(error.detail))
        else:
            messages.success(request, _("Recorded in the session's decisions and actions."))
            return redirect(f"{reverse('dialogue:session', args=[session.pk])}#outcomes-title")
    return render(
        request,
        "dialogue/record_outcome.html",
        {"form": form, "message": message, "session": session},
        status=400 if form.errors else 200,
    )

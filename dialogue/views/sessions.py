"""The sessions list (upcoming, past and standing rooms), a session's page and its transcript."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language

from members import generations, personal
from members.models import Membership, User

from .. import (
    conf,
    in_person,  # noqa: F401 (registers the session page's attendance part)
    services,
    session_record,
)
from ..models import DialogueSession, Outcome, Room
from .access import refuse, visible_sessions

SESSIONS_PER_PAGE = 10


def sessions(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    visible = visible_sessions(request.user)
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
        return refuse(request)
    # Who may see it is asked above, per request; what it shows is the same for everyone who
    # may, and changes with the site's content generation (sessions, memberships, pages).
    key = (
        f"dialogue:session-page:{generations.generation(generations.PAGES)}:{get_language()}:"
        f"{personal.variant(request)}:{pk}"
    )
    # The language switcher links to this path with its query: only the plain one is shared.
    skeleton = None if request.GET else generations.fetch(key)
    if skeleton is None:
        session = DialogueSession.objects.select_related("organiser", "related_page").get(pk=pk)
        with personal.shared_render(request) as shared:
            skeleton = render_to_string(
                "dialogue/session_detail.html",
                {
                    "session": session,
                    "room": getattr(session, "room", None),
                    "groups": participants(session),
                    # The transcript's own address asks who may read it.
                    "transcript": session.status == DialogueSession.Status.CLOSED,
                    "decisions": session.outcomes.filter(kind=Outcome.Kind.DECISION),
                    "actions": session.outcomes.actions().select_related("owner"),
                    **shared,
                },
                request,
            )
        if not request.GET:
            generations.keep(key, skeleton, conf.PAGE_CACHE_TIMEOUT)
    return HttpResponse(personal.fill(request, skeleton))


def participants(session: DialogueSession) -> list[dict]:
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


def session_transcript(request: HttpRequest, pk: int) -> HttpResponse:
    """The whole transcript as CSV: shown messages only, for whoever may read the room."""
    session = get_object_or_404(DialogueSession.objects.select_related("room"), pk=pk)
    room = getattr(session, "room", None)
    if not request.user.has_perm("dialogue.see_session", session):
        return refuse(request)
    if room is None or not services.access_for(request.user, room).read:
        return refuse(request)
    response = HttpResponse(
        session_record.transcript_csv(session), content_type="text/csv; charset=utf-8"
    )
    stamp = timezone.localtime(session.starts_at).strftime("%Y%m%d")
    response["Content-Disposition"] = f'attachment; filename="transcript-{session.pk}-{stamp}.csv"'
    return response

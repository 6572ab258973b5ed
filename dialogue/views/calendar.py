"""iCalendar feeds: one session, or every session a person may see."""

from __future__ import annotations

from icalendar import Calendar, Event

from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import DialogueSession
from .access import visible_sessions


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
    sessions = visible_sessions(request.user).order_by("starts_at")[:500]
    return _calendar(request, sessions, _("Consortium dialogue sessions"))

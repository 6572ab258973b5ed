"""Demo sessions and rooms for `seed_demo`. Idempotent: re-running changes nothing.

A live public session (room "open-forum"), a members-only working-group room, a closed
session with its transcript (replies, reactions, posts on behalf of organisations, posts
acknowledged by the mayor, and who attended it) and an upcoming session.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

from members import demo as members_demo
from members.models import Organization, User
from notifications.models import Notification

from . import notify, reading
from .models import (
    Acknowledgement,
    Attendance,
    DialogueSession,
    Message,
    Reaction,
    Room,
    Visibility,
)
from .rules import official_title
from .text import render

JST = dt.timezone(dt.timedelta(hours=9))

# The four rooms: each session's texts, organisations, invited people and times (minutes from
# now, a fixed date or days ahead), and the messages; the closed session's transcript with
# replies (by key), minutes after its start, reactions and acknowledgements: dialogue/demo.json.
DATA = members_demo.load_data(__file__)
FORUM = DATA["forum"]
WORKING_GROUP = DATA["working_group"]
REPORT = DATA["report"]
UPCOMING = DATA["upcoming"]


@transaction.atomic
def seed(progress: Callable[[str], None]) -> None:
    people = {u.email: u for u in User.objects.filter(email__endswith="@example.jp")}
    orgs = {o.slug: o for o in Organization.objects.all()}
    now = timezone.now()

    live = _session(FORUM, now - dt.timedelta(minutes=FORUM["started_minutes_ago"]), orgs, people)
    for number, line in enumerate(FORUM["messages"]):
        _line(live, line, people, orgs, f"demo-live-{number}")

    wg, _created = Room.objects.update_or_create(
        slug=WORKING_GROUP["slug"],
        defaults={
            "title": WORKING_GROUP["title"],
            "visibility": Visibility(WORKING_GROUP["visibility"]),
        },
    )
    for number, line in enumerate(WORKING_GROUP["messages"]):
        _line(wg, line, people, orgs, f"demo-wg-{number}")

    started = dt.datetime.fromisoformat(REPORT["starts_at"])
    closed = _session(REPORT, started, orgs, people)
    stored: dict[str, Message] = {}
    for line in REPORT["transcript"]:
        stored[line["key"]] = _message(
            closed,
            people[line["author"]],
            orgs.get(line["organization"] or ""),
            f"demo-report-{line['key']}",
            line["text"],
            stored.get(line["reply_to"] or ""),
            started + dt.timedelta(minutes=line["minute"]),
        )
    for key, reactions in REPORT["reactions"].items():
        for emoji, emails in reactions.items():
            for email in emails:
                Reaction.objects.get_or_create(message=stored[key], user=people[email], emoji=emoji)
    for key, emails in REPORT["acknowledged"].items():
        for email in emails:
            Acknowledgement.objects.get_or_create(
                message=stored[key],
                user=people[email],
                defaults={"title": official_title(people[email])},
            )

    _attendance(closed.session, people, started)

    at = dt.time.fromisoformat(UPCOMING["starts_at_time"])
    upcoming_start = (
        (now + dt.timedelta(days=UPCOMING["starts_in_days"]))
        .astimezone(JST)
        .replace(hour=at.hour, minute=at.minute, second=0, microsecond=0)
    )
    _session(UPCOMING, upcoming_start, orgs, people, keep_times=True)
    # The demo's notifications wait in the centre; loading the demo e-mails nobody.
    Notification.objects.filter(email_pending=True).update(email_pending=False)
    progress("4 rooms, 3 sessions")


def _attendance(session: DialogueSession, people: dict[str, User], started: dt.datetime) -> None:
    """Everyone who spoke was in the room from a little before their first post to the end;
    the mayor was there in person, recorded by the DX office."""
    length = int((session.ends_at - started).total_seconds())
    first: dict[str, int] = {}
    for line in REPORT["transcript"]:
        first.setdefault(line["author"], line["minute"])
    for email, minute in first.items():
        joined = started + dt.timedelta(minutes=max(minute - 2, 0))
        in_person = email == "mayor@example.jp"
        Attendance.objects.update_or_create(
            session=session,
            user=people[email],
            defaults={
                "first_joined_at": None if in_person else joined,
                "seconds_present": 0 if in_person else length - max(minute - 2, 0) * 60,
                "in_person": in_person,
                "added_by": people["staff@example.jp"] if in_person else None,
            },
        )


def _session(
    spec: dict,
    starts_at: dt.datetime,
    orgs: dict[str, Organization],
    people: dict[str, User],
    *,
    keep_times: bool = False,
) -> Room:
    """The session and room of `spec` (a session of demo.json), starting at `starts_at`."""
    fields = {
        "title": spec["title"],
        "theme": spec["theme"],
        "agenda": spec["agenda"],
        "starts_at": starts_at,
        "ends_at": starts_at + dt.timedelta(minutes=spec["minutes"]),
        "organiser": orgs[spec["organiser"]],
        "status": DialogueSession.Status(spec["status"]),
        "visibility": Visibility(spec["visibility"]),
    }
    room = Room.objects.filter(slug=spec["slug"]).select_related("session").first()
    session = room.session if room and room.session_id else None
    if session is None:
        session = DialogueSession.objects.create(**fields)
    else:
        if keep_times:
            del fields["starts_at"], fields["ends_at"]
        for name, value in fields.items():
            setattr(session, name, value)
        session.save()
    session.organisations.set([orgs[slug] for slug in spec["participants"]])
    session.invited.set([people[email] for email in spec["invited"]])
    room, _created = Room.objects.update_or_create(
        slug=spec["slug"],
        defaults={
            "title": spec["room_title"],
            "visibility": fields["visibility"],
            "session": session,
        },
    )
    return room


def _line(
    room: Room,
    line: dict,
    people: dict[str, User],
    orgs: dict[str, Organization],
    client_id: str,
) -> Message:
    """A message of the live rooms, posted now."""
    author, org = people[line["author"]], orgs.get(line["organization"] or "")
    return _message(room, author, org, client_id, line["text"], None, None)


def _message(
    room: Room,
    author: User,
    org: Organization | None,
    client_id: str,
    text: str,
    reply_to: Message | None,
    created_at: dt.datetime | None,
) -> Message:
    people = [(u.pk, u.public_name) for u in User.objects.filter(email__endswith="@example.jp")]
    html = render(text, people)
    message, _created = Message.objects.update_or_create(
        author=author,
        client_id=client_id,
        defaults={
            "room": room,
            "as_org": org,
            "body": text,
            "html": html,
            "ruby": reading.ruby_html(html),
            "reply_to": reply_to,
            **({"created_at": created_at} if created_at else {}),
        },
    )
    if _created:
        # The demo accounts find their mentions and replies waiting in the notification centre.
        notify.message_posted(message, reply_to)
    return message

"""What the dialogue app tells people through notifications: mentions, replies, proposal news,
invitations (with the .ics) and reminders. Each call hands `notifications.notify` a set of
people and the query form of who may see the thing, so nobody hears of a room or proposal
they cannot open, and a fan-out costs the same few queries for 5 people or 500.
"""

from __future__ import annotations

import datetime as dt
import re

from icalendar import Calendar, Event

from django.conf import settings
from django.db.models import Q
from django.db.models.signals import m2m_changed
from django.urls import reverse
from django.utils import timezone

from members import roles
from members.models import Membership, User
from notifications import follows, kinds, services
from notifications.urls_util import neutral

from .models import DialogueSession, Message, Outcome, Proposal, Room
from .proposal_links import proposal_url as proposal_link
from .rules import readers_of_room
from .text import excerpt

# At most this many people are notified by one message's mentions (a mass mention is cut
# to the first ten named).
MAX_MENTIONS = 10
_MENTION = re.compile(r'<span class="mention" data-user-id="(\d+)">')


def mentioned_ids(html: str, limit: int | None = MAX_MENTIONS) -> list[int]:
    found: list[int] = []
    for match in _MENTION.finditer(html):
        pk = int(match.group(1))
        if pk not in found:
            found.append(pk)
        if len(found) == limit:
            break
    return found


def message_url(message: Message) -> str:
    return neutral(reverse("dialogue:room", args=[message.room.slug])) + f"#msg-{message.pk}"


def _room_audience(room: Room):
    readers = readers_of_room(room)
    return lambda people: people.filter(pk__in=User.objects.filter(readers).values("pk"))


def message_posted(message: Message, parent: Message | None) -> None:
    """Called by post_message in its transaction: mentions, then a reply to someone else."""
    mentioned = [pk for pk in mentioned_ids(message.html) if pk != message.author_id]
    replied = parent is not None and parent.author_id != message.author_id and not parent.deleted
    if not mentioned and not replied:
        return
    room = message.room
    audience = _room_audience(room)
    common = {
        "title": room.title,
        "url": message_url(message),
        "actor": message.author,
        "target": message,
        "excerpt": excerpt(message.body),
        "visible_to": audience,
    }
    if mentioned:
        services.notify(kinds.MENTION.slug, mentioned, **common)
    if replied and parent.author_id not in mentioned:
        services.notify(kinds.REPLY.slug, [parent.author_id], **common)


# --- proposals ----------------------------------------------------------------------------


def proposal_url(proposal: Proposal) -> str:
    return neutral(proposal_link(proposal, settings.LANGUAGE_CODE) or "/")


def _proposal_audience(proposal: Proposal):
    if proposal.is_public:
        return None
    moderators = Q(is_superuser=True) | Q(groups__name__in=_moderator_groups())
    allowed = User.objects.filter(Q(pk=proposal.author_id) | moderators).values("pk")
    return lambda people: people.filter(pk__in=allowed)


def _moderator_groups() -> list[str]:
    return [roles.MODERATORS, roles.CITY_STAFF]


def proposal_status_changed(proposal: Proposal, actor) -> tuple[bool, str]:
    """Tell the author (and followers). Returns whether the author is to be e-mailed now,
    and the batch of their in-app notification ("" when there is none: their own act).

    The author's immediate e-mail is proposals/notify.py's own (it carries the reason and
    what happens next), sent only when they chose "immediately" for this kind; the in-app
    notification is then marked e-mailed so no digest repeats it (a failed send hands it
    back to the ordinary retries). "Daily" leaves it for the digest, "never" for the centre
    alone — the same rule as every other kind."""
    url = proposal_url(proposal)
    delivery = services.delivery_for(proposal.author_id, kinds.PROPOSAL_STATUS.slug)
    mail_now = delivery == kinds.IMMEDIATELY
    batch = services.notify(
        kinds.PROPOSAL_STATUS.slug,
        [proposal.author_id],
        title=proposal.title,
        url=url,
        actor=actor,
        target=proposal,
        visible_to=_proposal_audience(proposal),
        already_emailed=mail_now,
    )
    services.notify(
        kinds.FOLLOWED_UPDATE.slug,
        services.followers(follows.target("proposal", proposal.pk)).exclude(pk=proposal.author_id),
        title=proposal.title,
        url=url,
        actor=actor,
        target=proposal,
        visible_to=_proposal_audience(proposal),
    )
    return mail_now, batch or ""


def proposal_commented(proposal: Proposal, comment) -> None:
    url = proposal_url(proposal)
    common = {
        "title": proposal.title,
        "url": url,
        "actor": comment.author,
        "target": proposal,
        "excerpt": excerpt(comment.body),
        "visible_to": _proposal_audience(proposal),
    }
    services.notify(kinds.PROPOSAL_COMMENT.slug, [proposal.author_id], **common)
    services.notify(
        kinds.FOLLOWED_UPDATE.slug,
        services.followers(follows.target("proposal", proposal.pk)).exclude(pk=proposal.author_id),
        **common,
    )


# --- sessions -----------------------------------------------------------------------------


def session_url(session: DialogueSession) -> str:
    return neutral(reverse("dialogue:session", args=[session.pk]))


def _session_audience(session: DialogueSession):
    return _room_audience(Room(session=session))


def session_invited(session: DialogueSession, user_ids: list[int], actor=None) -> None:
    services.notify(
        kinds.SESSION_INVITATION.slug,
        user_ids,
        title=session.title,
        url=session_url(session),
        actor=actor,
        target=session,
        visible_to=_session_audience(session),
        once=True,
    )


def session_participants(session: DialogueSession):
    """Invited by name, or active members of the organiser or a participating organisation."""
    org_ids = [session.organiser_id, *session.organisations.values_list("pk", flat=True)]
    members = Membership.objects.filter(
        status=Membership.Status.ACTIVE, organization__in=org_ids, organization__is_active=True
    ).values("user")
    return User.objects.filter(Q(invited_sessions=session) | Q(pk__in=members)).distinct()


REMIND_BEFORE = dt.timedelta(minutes=30)


def remind_upcoming(now=None, within: dt.timedelta = REMIND_BEFORE) -> int:
    """Tell the participants of sessions starting within `within`; each person once."""
    now = now or timezone.now()
    sessions = DialogueSession.objects.filter(
        starts_at__gt=now, starts_at__lte=now + within
    ).exclude(status=DialogueSession.Status.CLOSED)
    told = 0
    for session in sessions:
        batch = services.notify(
            kinds.SESSION_REMINDER.slug,
            session_participants(session),
            title=session.title,
            url=session_url(session),
            target=session,
            visible_to=_session_audience(session),
            once=True,
        )
        told += batch is not None
    return told


# --- reports and follow-up actions -------------------------------------------------------


def session_attendees(session: DialogueSession):
    """Who took part: recorded attendance (online or in person), or a message in its room."""
    attended = User.objects.filter(attendances__session=session).values("pk")
    spoke = Message.objects.filter(room__session=session).values("author")
    return User.objects.filter(Q(pk__in=attended) | Q(pk__in=spoke))


def report_published(session: DialogueSession, *, title: str, url: str, target) -> str | None:
    """A session's report is out: tell those who took part and may see the session, once."""
    return services.notify(
        kinds.REPORT_PUBLISHED.slug,
        session_attendees(session),
        title=title,
        url=neutral(url),
        target=target,
        visible_to=_session_audience(session),
        once=True,
    )


def remind_due_actions(today: dt.date | None = None) -> int:
    """Tell the representatives and editors of each open action's owner organisation when it
    is due within a week or overdue; each action once."""
    today = today or timezone.localdate()
    due = (
        Outcome.objects.actions()
        .open()
        .filter(due_on__lte=today + dt.timedelta(days=7))
        .select_related("session", "owner")
    )
    told = 0
    for action in due:
        people = Membership.objects.filter(
            organization=action.owner_id,
            status=Membership.Status.ACTIVE,
            role__in=[Membership.Role.REPRESENTATIVE, Membership.Role.EDITOR],
        ).values("user")
        batch = services.notify(
            kinds.ACTION_DUE.slug,
            User.objects.filter(pk__in=people),
            title=action.text[:200],
            url=f"{reverse('dialogue:follow_ups')}?state=all#action-{action.pk}",
            target=action,
            visible_to=_session_audience(action.session),
            once=True,
        )
        told += batch is not None
    return told


# --- the invitation's calendar file, and wiring -----------------------------------------------


def session_ics(session: DialogueSession) -> bytes:
    """The same event as the session's .ics download (views/calendar.py, session_ics)."""
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    calendar = Calendar()
    calendar.add("prodid", "-//Consortium//Dialogue sessions//JA")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = Event()
    event.add("uid", f"dialogue-session-{session.pk}@{base.split('://', 1)[-1].split(':')[0]}")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", session.starts_at)
    event.add("dtend", session.ends_at)
    event.add("summary", session.title)
    if session.agenda:
        event.add("description", session.agenda)
    event.add("url", base + session.get_absolute_url())
    calendar.add_component(event)
    return calendar.to_ical()


def _invitation_attachments(notification) -> list[tuple[str, bytes, str]]:
    session = DialogueSession.objects.filter(pk=notification.target_id or 0).first()
    if session is None:
        return []
    return [(f"session-{session.pk}.ics", session_ics(session), "text/calendar")]


def _invited_changed(sender, instance, action, pk_set, reverse=False, **kwargs) -> None:
    """People added to a session that has not ended are told, once each."""
    if action != "post_add" or not pk_set or reverse:
        return
    if instance.status == DialogueSession.Status.CLOSED or instance.ends_at <= timezone.now():
        return
    session_invited(instance, sorted(pk_set))


def _find_proposal(key: str):
    if not (key.isdigit() and len(key) <= 15):
        return None
    return Proposal.objects.filter(pk=int(key)).first()


def connect() -> None:
    kinds.set_attachments(kinds.SESSION_INVITATION.slug, _invitation_attachments)
    m2m_changed.connect(
        _invited_changed,
        sender=DialogueSession.invited.through,
        dispatch_uid="dialogue_session_invited_notify",
    )
    follows.register(
        "proposal",
        _find_proposal,
        lambda user, proposal: user.has_perm("dialogue.view_proposal", proposal),
    )

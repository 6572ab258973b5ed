"""What a session leaves behind, read from its room: who took part (by organisation), the
posts leadership acknowledged, the most-reacted posts, the proposals it discussed, and the
transcript. Reports (cms) and their drafting task read these; nothing here writes."""

from __future__ import annotations

import csv
import io
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import Membership, Organization

from .models import Acknowledgement, DialogueSession, Message, Proposal

# Posts that are not hidden, deleted or emptied by an account deletion.
SHOWN = Q(hidden=False, deleted=False)


@dataclass
class Post:
    pk: int
    text: str
    author: str
    organisation: str
    created_at: object
    reactions: int = 0
    acknowledged_by: list[str] = field(default_factory=list)


def _messages(session: DialogueSession):
    room = getattr(session, "room", None)
    if room is None:
        return Message.objects.none()
    return Message.objects.filter(room=room).filter(SHOWN)


def _posts(messages) -> list[Post]:
    messages = list(messages.select_related("author", "as_org"))
    acknowledged: dict[int, list[str]] = defaultdict(list)
    for ack in (
        Acknowledgement.objects.filter(message__in=[m.pk for m in messages])
        .select_related("user")
        .order_by("created_at")
    ):
        acknowledged[ack.message_id].append(
            f"{ack.title} {ack.user.public_name}".strip() if ack.title else ack.user.public_name
        )
    return [
        Post(
            pk=m.pk,
            text=m.body,
            author=m.author.public_name,
            organisation=m.as_org.localized_name() if m.as_org else "",
            created_at=m.created_at,
            reactions=getattr(m, "reaction_total", 0),
            acknowledged_by=acknowledged.get(m.pk, []),
        )
        for m in messages
    ]


def acknowledged_posts(session: DialogueSession) -> list[Post]:
    messages = (
        _messages(session)
        .filter(acknowledgements__isnull=False)
        .annotate(reaction_total=Count("reactions", distinct=True))
        .distinct()
        .order_by("id")
    )
    return _posts(messages)


def most_reacted(session: DialogueSession, limit: int = 5) -> list[Post]:
    messages = (
        _messages(session)
        .annotate(reaction_total=Count("reactions"))
        .filter(reaction_total__gt=0)
        .order_by("-reaction_total", "id")[:limit]
    )
    return _posts(messages)


def participation(session: DialogueSession) -> list[tuple[str, int]]:
    """People who took part, counted by organisation: the organisation they spoke for, else
    their first active membership, else "individual". Largest first, then by name."""
    authors = _messages(session).values_list("author_id", "as_org_id").distinct()
    spoke_for: dict[int, int | None] = {}
    for author_id, org_id in authors:
        if org_id is not None or author_id not in spoke_for:
            spoke_for[author_id] = org_id or spoke_for.get(author_id)
    missing = [a for a, org in spoke_for.items() if org is None]
    for user_id, org_id in (
        Membership.objects.filter(
            user_id__in=missing, status=Membership.Status.ACTIVE, organization__is_active=True
        )
        .order_by("user_id", "pk")
        .values_list("user_id", "organization_id")
    ):
        if spoke_for.get(user_id) is None:
            spoke_for[user_id] = org_id
    names = {
        org.pk: org.localized_name()
        for org in Organization.objects.filter(pk__in={o for o in spoke_for.values() if o})
    }
    counts = Counter(names.get(org, _("Individuals")) for org in spoke_for.values())
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def discussed_proposals(session: DialogueSession):
    return Proposal.objects.public().filter(sessions=session).order_by("title")


TRANSCRIPT_COLUMNS = ("time", "author", "on behalf of", "text")


def transcript_rows(session: DialogueSession):
    """Every shown message in order; a deleted account reads "former member"."""
    messages = _messages(session).select_related("author", "as_org").order_by("id")
    for message in messages.iterator(chunk_size=2000):
        yield (
            timezone.localtime(message.created_at).strftime("%Y-%m-%d %H:%M:%S"),
            message.author.public_name,
            message.as_org.localized_name() if message.as_org else "",
            message.body,
        )


def transcript_csv(session: DialogueSession) -> bytes:
    """UTF-8 with a BOM and CRLF, so that Excel on Japanese Windows opens it as written."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([_("Time"), _("Author"), _("On behalf of"), _("Text")])
    for row in transcript_rows(session):
        writer.writerow(row)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")

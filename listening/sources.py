"""Where a map's comments come from: a small registry, so new sources plug in.

A source has a key (stored on `OpinionMap.source_kind`), a label for the staff form, a way to
list its comments (already filtered to what may be shown: never hidden or deleted messages)
and a rule for who may read a map made from it. Published proposals and their shown comments
are the "proposals" source: public, so whoever may read the site may read its map.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from dialogue import proposal_links
from dialogue import rules as dialogue_rules
from dialogue.models import Comment, Message, Proposal


@dataclass(frozen=True)
class SourceComment:
    key: str  # unique within the map: "message:12"
    comment_id: str  # what exports call comment_id
    text: str
    url: str = ""
    label: str = ""  # a short description of the source, for links
    attributes: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Source:
    key: str
    label: object  # a lazy translation
    comments: Callable[[object], Iterable[SourceComment]]
    # Who may read a map of this source (beyond staff and its published flag).
    may_read: Callable[[object, object], bool]


REGISTRY: dict[str, Source] = {}


def register(source: Source) -> Source:
    REGISTRY[source.key] = source
    return source


def get(key: str) -> Source:
    return REGISTRY[key]


def choices() -> list[tuple[str, object]]:
    return [(s.key, s.label) for s in REGISTRY.values()]


def _message_comments(messages) -> Iterable[SourceComment]:
    visible = messages.filter(hidden=False, deleted=False).select_related("room").order_by("id")
    for message in visible.iterator(chunk_size=2000):
        yield SourceComment(
            key=f"message:{message.pk}",
            comment_id=str(message.pk),
            text=message.body,
            url=f"{reverse('dialogue:room', args=[message.room.slug])}#message-{message.pk}",
            label=message.room.title,
        )


def _room_comments(opinion_map) -> Iterable[SourceComment]:
    if opinion_map.room_id is None:
        return []
    return _message_comments(Message.objects.filter(room_id=opinion_map.room_id))


def _session_comments(opinion_map) -> Iterable[SourceComment]:
    room = opinion_map.private_room
    if room is None:
        return []
    return _message_comments(Message.objects.filter(room=room))


def _csv_comments(opinion_map) -> Iterable[SourceComment]:
    for row in opinion_map.uploaded.all().iterator(chunk_size=2000):
        yield SourceComment(
            key=f"csv:{row.row}",
            comment_id=row.comment_id or str(row.row),
            text=row.text,
            label=str(_("row %(row)s") % {"row": row.row}),
            attributes=row.attributes,
        )


def _proposal_comments(opinion_map) -> Iterable[SourceComment]:
    """Every public proposal (title and summary) and the shown comments on them."""
    base = proposal_links.short_url_prefix()
    proposals = Proposal.objects.public().order_by("id").only("id", "title", "summary")
    for proposal in proposals.iterator(chunk_size=2000):
        yield SourceComment(
            key=f"proposal:{proposal.pk}",
            comment_id=f"proposal-{proposal.pk}",
            text=f"{proposal.title}\n{proposal.summary}".strip(),
            url=f"{base}{proposal.pk}/" if base else "",
            label=proposal.title,
        )
    comments = (
        Comment.objects.filter(
            proposal__in=Proposal.objects.public(), hidden=False, deleted_at__isnull=True
        )
        .select_related("proposal")
        .only("id", "body", "proposal__id", "proposal__title")
        .order_by("id")
    )
    for comment in comments.iterator(chunk_size=2000):
        yield SourceComment(
            key=f"comment:{comment.pk}",
            comment_id=f"comment-{comment.pk}",
            text=comment.body,
            url=f"{base}{comment.proposal_id}/#comment-{comment.pk}" if base else "",
            label=comment.proposal.title,
        )


def _room_reader(user, opinion_map) -> bool:
    return bool(dialogue_rules.can_read_room(user, opinion_map.room))


def _session_reader(user, opinion_map) -> bool:
    room = opinion_map.private_room
    return bool(dialogue_rules.can_view_session(user, opinion_map.session)) and (
        room is None or bool(dialogue_rules.can_read_room(user, room))
    )


register(Source("room", _("Messages of a room"), _room_comments, _room_reader))
register(Source("session", _("Messages of a session"), _session_comments, _session_reader))
register(
    Source(
        "proposals",
        _("Published proposals and their comments"),
        _proposal_comments,
        lambda _u, _m: True,
    )
)
register(Source("csv", _("Uploaded CSV of comments"), _csv_comments, lambda _u, _m: True))

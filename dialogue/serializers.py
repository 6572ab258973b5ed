"""The message object M of the protocol: built here and nowhere else.

The consumer, the HTTP history API and the room page's first render all call
`serialize_message`. A query set passed through `with_related` serialises without further
queries; a freshly posted message carries empty reaction and acknowledgement caches.
"""

from __future__ import annotations

from collections import Counter

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from .models import Acknowledgement, Message, Proposal, Reaction
from .proposal_links import proposal_url
from .text import excerpt


def with_related(queryset: QuerySet[Message]) -> QuerySet[Message]:
    return queryset.select_related("room", "author", "as_org", "reply_to__author").prefetch_related(
        Prefetch("reactions", queryset=Reaction.objects.only("id", "message_id", "emoji")),
        Prefetch(
            "acknowledgements",
            queryset=Acknowledgement.objects.select_related("user").order_by("created_at", "pk"),
        ),
        Prefetch(
            "raised_proposals",
            queryset=Proposal.objects.public().only("id", "title", "slug", "source_message_id"),
            to_attr="public_proposals",
        ),
    )


def person(user) -> dict:
    return {"id": user.pk, "name": user.public_name}


def organisation(org) -> dict | None:
    if org is None:
        return None
    return {"slug": org.slug, "name": org.name, "kind": org.kind}


def timestamp(value) -> str | None:
    if value is None:
        return None
    return timezone.localtime(value).isoformat(timespec="milliseconds")


def reaction_counts(message: Message) -> dict[str, int]:
    cached = getattr(message, "_reaction_counts", None)
    if cached is not None:
        return dict(cached)
    counts = Counter(r.emoji for r in message.reactions.all())
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def acknowledgements(message: Message) -> list[dict]:
    cached = getattr(message, "_acknowledged_by", None)
    if cached is not None:
        return list(cached)
    return [{**person(ack.user), "title": ack.title} for ack in message.acknowledgements.all()]


def _quote(message: Message) -> dict | None:
    parent = message.reply_to
    if parent is None:
        return None
    gone = parent.deleted or parent.hidden
    return {
        "id": parent.pk,
        "author": None if gone else person(parent.author),
        "excerpt": "" if gone else excerpt(parent.body),
        "deleted": gone,
    }


def raised_proposals(message: Message) -> list[dict]:
    """Public proposals raised from the message (only when loaded through with_related)."""
    return [
        {"id": p.pk, "title": p.title, "url": proposal_url(p)}
        for p in getattr(message, "public_proposals", ())
    ]


def serialize_message(message: Message, *, moderator: bool = False) -> dict:
    """M. Deleted messages keep their id with an empty body; hidden ones are blanked except
    for moderators, who also see why."""
    blank = message.deleted or (message.hidden and not moderator)
    data = {
        "id": message.pk,
        "client_id": message.client_id,
        "room": message.room.slug,
        "author": person(message.author),
        "as_org": organisation(message.as_org),
        "body": "" if blank else message.body,
        "html": "" if blank else message.html,
        # `html` with furigana over kanji, for readers who turned furigana on; null when it
        # would not differ (nothing to read), so the reader shows `html`.
        "ruby": None if blank or not message.ruby else message.ruby,
        "reply_to": message.reply_to_id,
        "quote": None if blank else _quote(message),
        "created_at": timestamp(message.created_at),
        "edited_at": timestamp(message.edited_at),
        "deleted": message.deleted,
        "hidden": message.hidden,
        "reactions": {} if blank else reaction_counts(message),
        "acknowledged_by": [] if blank else acknowledgements(message),
        "proposals": [] if blank else raised_proposals(message),
    }
    if message.hidden and moderator:
        data["hidden_reason"] = message.hidden_reason
    return data

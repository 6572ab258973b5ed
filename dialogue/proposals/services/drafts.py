"""Writing a proposal: a draft created or changed by its author, or raised from a room message."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from ...models import BODY_MAX, SUMMARY_MAX, TITLE_MAX, Message, Proposal, ProposalStatus
from ...services import speaking_orgs
from ...text import clean_text, excerpt, render
from .validation import clean_as, org_for, refuse, saved_once
from .workflow import record_change

PROPOSALS_PER_HOUR = 5


def save_draft(
    user,
    *,
    title: str,
    summary: str,
    body: str,
    themes=(),
    place: str = "",
    as_org=None,
    proposal: Proposal | None = None,
    submission_key: str = "",
    source_message: Message | None = None,
    plain_title: str = "",
    plain_body: str = "",
) -> tuple[Proposal, bool]:
    """Create a draft, or update one the author may still change. Returns (proposal, created):
    the same submission_key twice (a double click, a resent form) gives the first draft."""
    if proposal is None and not user.has_perm("dialogue.add_proposal"):
        raise refuse("forbidden", _("Please sign in to write a proposal."))
    if proposal is not None and not user.has_perm("dialogue.change_proposal", proposal):
        raise refuse("forbidden", _("This proposal can no longer be changed."))
    values = {
        "title": clean_as("title", title),
        "summary": clean_as("summary", summary),
        "body": clean_as("body", body),
        "place": clean_as("place", place),
        "as_org": org_for(user, as_org),
        "plain_title": clean_as("plain_title", plain_title),
        "plain_body": clean_as("plain_body", plain_body),
    }
    values["html"] = render(values["body"])
    values["plain_html"] = render(values["plain_body"]) if values["plain_body"] else ""
    themes = list(themes)
    submission_key = (submission_key or "")[:64]
    created = proposal is None
    with transaction.atomic():
        if created:
            proposal = Proposal(author=user, submission_key=submission_key, **values)
            proposal.source_message = source_message
            proposal, created = saved_once(
                proposal,
                PROPOSALS_PER_HOUR,
                _(
                    "You have started %(n)s proposals in the last hour. Thank you! Please "
                    "wait a little before starting another one."
                ),
            )
            if not created:
                return proposal, False
            record_change(proposal, user, "", ProposalStatus.DRAFT, "", notify_author=False)
            if source_message is not None:
                session_id = source_message.room.session_id
                if session_id:
                    proposal.sessions.add(session_id)
        else:
            for name, value in values.items():
                setattr(proposal, name, value)
            proposal.save()
        proposal.themes.set(themes)
    return proposal, created


def draft_from_message(message: Message, user) -> Proposal:
    """A room message becomes a draft proposal, prefilled and linked both ways (the message
    lists the proposals raised from it once they are public)."""
    if not user.has_perm("dialogue.convert_message", message):
        raise refuse("forbidden", _("Only the author or a moderator can do this."))
    existing = Proposal.objects.filter(source_message=message, author=user).first()
    if existing is not None:
        return existing
    text = clean_text(message.body)
    first_line = text.split("\n", 1)[0]
    title = excerpt(first_line.replace("*", ""), TITLE_MAX)
    room = message.room
    where = room.session.title if room.session_id else room.title
    summary = excerpt(
        str(_("Raised in “%(where)s”: %(text)s") % {"where": where, "text": text}),
        SUMMARY_MAX,
    )
    as_org = None
    if message.as_org_id and message.author_id == user.pk:
        as_org = next((o for o in speaking_orgs(user) if o.pk == message.as_org_id), None)
    proposal, _created = save_draft(
        user,
        title=title,
        summary=summary,
        body=text[:BODY_MAX],
        as_org=as_org,
        submission_key=f"message-{message.pk}",
        source_message=message,
    )
    return proposal

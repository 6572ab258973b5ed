"""What the proposals keep about a person, for "Download my data": what they proposed (drafts
included), their comments, what they supported and what they reported to moderators."""

from __future__ import annotations

from typing import Any

from members import exports

from ..models import Comment, Proposal, Report, Support


def export_proposals(user) -> list[dict[str, Any]]:
    return [
        {
            "id": p.pk,
            "title": p.title,
            "summary": p.summary,
            "text": p.body,
            "title_in_plain_japanese": p.plain_title,
            "text_in_plain_japanese": p.plain_body,
            "place": p.place,
            "on_behalf_of": p.as_org.name if p.as_org else None,
            "themes": [theme.slug for theme in p.themes.all()],
            "status": p.status,
            "reason_given_for_the_status": p.status_reason,
            "created_at": p.created_at,
            "hidden_by_moderator": p.hidden,
        }
        for p in Proposal.objects.filter(author=user)
        .select_related("as_org")
        .prefetch_related("themes")
        .order_by("created_at", "pk")
    ]


def export_comments(user) -> list[dict[str, Any]]:
    return [
        {
            "id": c.pk,
            "proposal": c.proposal_id,
            "reply_to": c.parent_id,
            "on_behalf_of": c.as_org.name if c.as_org else None,
            "text": c.body,
            "created_at": c.created_at,
            "deleted": c.deleted_at is not None,
            "hidden_by_moderator": c.hidden,
        }
        for c in Comment.objects.filter(author=user)
        .select_related("as_org")
        .order_by("created_at", "pk")
    ]


def export_supports(user) -> list[dict[str, Any]]:
    return [
        {"proposal": s.proposal_id, "title": s.proposal.title, "created_at": s.created_at}
        for s in Support.objects.filter(user=user)
        .select_related("proposal")
        .order_by("created_at", "pk")
    ]


def export_reports(user) -> list[dict[str, Any]]:
    return [
        {
            "proposal": r.proposal_id,
            "comment": r.comment_id,
            "what_is_wrong": r.reason,
            "created_at": r.created_at,
        }
        for r in Report.objects.filter(reporter=user).order_by("created_at", "pk")
    ]


def register() -> None:
    exports.register("proposals", export_proposals)
    exports.register("proposal_comments", export_comments)
    exports.register("proposal_supports", export_supports)
    exports.register("proposal_reports", export_reports)

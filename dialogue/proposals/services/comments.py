"""Comments on a proposal: written, edited for a while and deleted by their author, with the
proposal's counts kept true."""

from __future__ import annotations

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ... import notify as telling
from ...models import Comment, Proposal, Support
from ...text import render
from .validation import clean_as, org_for, refuse, saved_once

COMMENTS_PER_HOUR = 30


def post_comment(
    proposal: Proposal,
    user,
    *,
    body: str,
    parent: Comment | None = None,
    as_org=None,
    submission_key: str = "",
) -> tuple[Comment, bool]:
    if not user.has_perm("dialogue.comment_proposal", proposal):
        raise refuse("forbidden", _("Comments are closed for this proposal."))
    text = clean_as("comment", body)
    org = org_for(user, as_org)
    if parent is not None:
        if parent.proposal_id != proposal.pk or not parent.shown:
            raise refuse("not_found", _("The comment you reply to is not here."), "parent")
        # One level of replies: a reply to a reply joins the same thread.
        if parent.parent_id is not None:
            parent = parent.parent
    submission_key = (submission_key or "")[:64]
    with transaction.atomic():
        comment = Comment(
            proposal=proposal,
            author=user,
            as_org=org,
            parent=parent,
            body=text,
            html=render(text),
            submission_key=submission_key,
        )
        comment, created = saved_once(
            comment,
            COMMENTS_PER_HOUR,
            _(
                "You have written %(n)s comments in the last hour. Thank you for taking part! "
                "Please wait a little before writing more."
            ),
        )
        if not created:
            return comment, False
        Proposal.objects.filter(pk=proposal.pk).update(comment_count=F("comment_count") + 1)
        telling.proposal_commented(proposal, comment)
    return comment, True


def edit_comment(comment: Comment, user, *, body: str) -> Comment:
    if not user.has_perm("dialogue.edit_comment", comment):
        raise refuse(
            "forbidden",
            _("Comments can be changed by their author for %(n)s minutes.")
            % {"n": Comment.EDIT_WINDOW_MINUTES},
        )
    text = clean_as("comment", body)
    comment.body = text
    comment.html = render(text)
    comment.edited_at = timezone.now()
    comment.save(update_fields=["body", "html", "edited_at"])
    return comment


def uncount(comment: Comment) -> None:
    if comment.shown:
        Proposal.objects.filter(pk=comment.proposal_id, comment_count__gt=0).update(
            comment_count=F("comment_count") - 1
        )


def delete_comment(comment: Comment, user) -> Comment:
    """Soft delete: the comment keeps its place in the thread, without its text."""
    if not user.has_perm("dialogue.delete_comment", comment):
        raise refuse("forbidden", _("You are not allowed to do this here."))
    with transaction.atomic():
        if comment.deleted_at is None:
            uncount(comment)
            comment.deleted_at = timezone.now()
            comment.body = ""
            comment.html = ""
            comment.save(update_fields=["deleted_at", "body", "html"])
    return comment


def recount(proposal_id: int) -> None:
    """Counts from the rows (after an edit in the admin, or to repair)."""
    Proposal.objects.filter(pk=proposal_id).update(
        support_count=Support.objects.filter(proposal_id=proposal_id).count(),
        comment_count=Comment.objects.filter(
            proposal_id=proposal_id, hidden=False, deleted_at__isnull=True
        ).count(),
    )

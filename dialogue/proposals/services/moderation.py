"""What moderators do with proposals and comments: hide them with a public reason, and deal
with what people report."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ...models import Comment, Proposal, Report
from .comments import uncount
from .validation import clean_as, refuse


def hide_proposal(proposal: Proposal, user, reason: str) -> Proposal:
    if not user.has_perm("dialogue.moderate_proposal", proposal):
        raise refuse("forbidden", _("You are not allowed to do this here."))
    reason = clean_as("hiding", reason)
    proposal.hide(user, reason)
    Report.objects.filter(proposal=proposal, resolved_at__isnull=True).update(
        resolved_at=timezone.now(), resolved_by=user
    )
    return proposal


def hide_comment(comment: Comment, user, reason: str) -> Comment:
    if not user.has_perm("dialogue.moderate_comment", comment):
        raise refuse("forbidden", _("You are not allowed to do this here."))
    reason = clean_as("hiding", reason)
    with transaction.atomic():
        uncount(comment)
        comment.hide(user, reason)
        Report.objects.filter(comment=comment, resolved_at__isnull=True).update(
            resolved_at=timezone.now(), resolved_by=user
        )
    return comment


def report(user, *, reason: str, proposal: Proposal | None = None, comment=None) -> Report:
    """Ask the moderators to look. Reporting the same thing twice keeps the first report."""
    if comment is not None:
        allowed = user.has_perm("dialogue.report_comment", comment)
    else:
        allowed = user.has_perm("dialogue.report_proposal", proposal)
    if not allowed:
        raise refuse("forbidden", _("You are not allowed to do this here."))
    reason = clean_as("report", reason)
    target = {"comment": comment} if comment is not None else {"proposal": proposal}
    with transaction.atomic():
        existing = Report.objects.filter(reporter=user, **target).first()
        if existing is not None:
            return existing
        try:
            with transaction.atomic():
                return Report.objects.create(reporter=user, reason=reason, **target)
        except IntegrityError:
            return Report.objects.get(reporter=user, **target)


def dismiss_report(report_obj: Report, user) -> Report:
    if not user.has_perm("dialogue.moderate_proposal"):
        raise refuse("forbidden", _("You are not allowed to do this here."))
    report_obj.resolved_at = timezone.now()
    report_obj.resolved_by = user
    report_obj.save(update_fields=["resolved_at", "resolved_by"])
    return report_obj

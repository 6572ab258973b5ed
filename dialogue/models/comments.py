"""What is said about a proposal: comments and replies, and reports asking the moderators to
look at a proposal or a comment."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..moderation import Moderated
from .authorship import author_field, on_behalf_of_field, submitted_once
from .proposals import Proposal

COMMENT_MAX = 2_000


class Comment(Moderated, models.Model):
    """A comment on a proposal, or a reply to one (one level: replies have no replies)."""

    EDIT_WINDOW_MINUTES = 15

    proposal = models.ForeignKey(
        Proposal, verbose_name=_("proposal"), on_delete=models.CASCADE, related_name="comments"
    )
    author = author_field("proposal_comments")
    as_org = on_behalf_of_field()
    parent = models.ForeignKey(
        "self",
        verbose_name=_("reply to"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="replies",
    )
    body = models.TextField(_("comment"), max_length=COMMENT_MAX)
    html = models.TextField(_("rendered comment"), blank=True, editable=False)
    submission_key = models.CharField(max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)
    deleted_at = models.DateTimeField(_("deleted"), null=True, blank=True)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "pk"]
        constraints = [submitted_once("comment")]

    def __str__(self) -> str:
        return f"#{self.pk} {self.body[:40]}"

    @property
    def deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def shown(self) -> bool:
        return not (self.deleted or self.hidden)

    def editable_until(self):
        return self.created_at + timezone.timedelta(minutes=self.EDIT_WINDOW_MINUTES)


class Report(models.Model):
    """Someone asking the moderators to look at a proposal or a comment."""

    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    proposal = models.ForeignKey(
        Proposal, null=True, blank=True, on_delete=models.CASCADE, related_name="reports"
    )
    comment = models.ForeignKey(
        Comment, null=True, blank=True, on_delete=models.CASCADE, related_name="reports"
    )
    reason = models.CharField(_("what is wrong"), max_length=500)
    created_at = models.DateTimeField(_("reported"), default=timezone.now)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("resolved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(proposal__isnull=False, comment__isnull=True)
                | models.Q(proposal__isnull=True, comment__isnull=False),
                name="dialogue_report_one_target",
            ),
            models.UniqueConstraint(
                fields=["reporter", "proposal"],
                condition=models.Q(comment__isnull=True),
                name="dialogue_report_proposal_once",
            ),
            models.UniqueConstraint(
                fields=["reporter", "comment"],
                condition=models.Q(proposal__isnull=True),
                name="dialogue_report_comment_once",
            ),
        ]

    def __str__(self) -> str:
        target = f"comment {self.comment_id}" if self.comment_id else f"proposal {self.proposal_id}"
        return f"{target}: {self.reason[:40]}"

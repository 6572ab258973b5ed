"""Moderation shared by room messages, proposals and comments: hiding with a public reason."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Moderated(models.Model):
    """Hidden by a moderator: kept for the record, shown to nobody but moderators."""

    hidden = models.BooleanField(_("hidden by a moderator"), default=False)
    hidden_reason = models.CharField(_("reason for hiding"), max_length=500, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("hidden by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        abstract = True

    def hide(self, by, reason: str) -> None:
        self.hidden = True
        self.hidden_reason = reason
        self.hidden_by = by
        self.save(update_fields=["hidden", "hidden_reason", "hidden_by"])

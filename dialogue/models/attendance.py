"""Who attended which session: recorded from the room, or added by staff for people there
in person (docs/operations.md, "Attendance records")."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .rooms import DialogueSession


class Attendance(models.Model):
    """One person at one session. Time present is summed over the intervals during which
    the person had at least one socket open: several tabs or a reconnect count once."""

    wagtail_reference_index_ignore = True

    session = models.ForeignKey(
        DialogueSession,
        verbose_name=_("session"),
        on_delete=models.CASCADE,
        related_name="attendances",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="attendances",
    )
    first_joined_at = models.DateTimeField(_("first joined"), null=True, blank=True)
    seconds_present = models.PositiveIntegerField(_("seconds present"), default=0)
    in_person = models.BooleanField(_("attended in person"), default=False)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Sockets of this person open in the session's room now, and since when the count has
    # been above zero (dialogue/attendance.py changes both under a row lock).
    open_connections = models.PositiveIntegerField(default=0, editable=False)
    open_since = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance records")
        ordering = ["-session__starts_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["session", "user"], name="dialogue_attendance_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.session}"

    @property
    def minutes_present(self) -> int:
        return (self.seconds_present + 30) // 60

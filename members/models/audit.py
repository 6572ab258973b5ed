"""The audit log of what was said and done on an organisation's behalf."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .organizations import Organization
from .users import actor_field


class AuditEntry(models.Model):
    """What was said and done on an organisation's behalf, kept when the thing itself changes.

    Written by the service functions in the same transaction as the change they record
    (dialogue/services.py through members.audit.record), never edited afterwards. The target
    is whatever was acted on (a message, a membership), by content type and id, so the
    entry outlives it.
    """

    # Shown in a Wagtail viewset, but indexing its references would add queries to every
    # send on an organisation's behalf; nothing needs "where is this entry used".
    wagtail_reference_index_ignore = True

    class Action(models.TextChoices):
        POST = "post", _("Posted on the organisation's behalf")
        EDIT = "edit", _("Edited")
        DELETE = "delete", _("Deleted")
        HIDE = "hide", _("Hidden by a moderator")
        UNHIDE = "unhide", _("Shown again by a moderator")
        ACKNOWLEDGE = "acknowledge", _("Acknowledged")
        UNACKNOWLEDGE = "unacknowledge", _("Acknowledgement withdrawn")
        ERASE = "erase", _("Erased when the author deleted their account")
        DELEGATE = "delegate", _("Changed who may speak for the organisation")

    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    actor = actor_field()
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organisation"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="audit_entries",
    )
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    target_type = models.ForeignKey(
        "contenttypes.ContentType",
        verbose_name=_("kind of target"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    target_id = models.CharField(_("target id"), max_length=40, blank=True)
    # Where it happened, in words (a room's title), as it was then.
    context = models.CharField(_("where"), max_length=200, blank=True)
    previous_text = models.TextField(_("previous text"), blank=True)
    new_text = models.TextField(_("new text"), blank=True)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("audit log entry")
        verbose_name_plural = _("audit log")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["organization", "-created_at"], name="members_audit_org_time"),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} #{self.target_id}"

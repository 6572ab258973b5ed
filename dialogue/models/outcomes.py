"""What a session decided and who does what next: decisions and follow-up actions."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.models import Organization

from .rooms import DialogueSession, Message

OUTCOME_MAX = 1000
NOTE_MAX = 1000


class OutcomeQuerySet(models.QuerySet):
    def actions(self) -> OutcomeQuerySet:
        return self.filter(kind=Outcome.Kind.ACTION)

    def open(self) -> OutcomeQuerySet:
        return self.filter(done_at__isnull=True)

    def done(self) -> OutcomeQuerySet:
        return self.filter(done_at__isnull=False)

    def overdue(self, today=None) -> OutcomeQuerySet:
        today = today or timezone.localdate()
        return self.actions().open().filter(due_on__lt=today)


class Outcome(models.Model):
    """A decision taken in a session, or an action an organisation owns, with a due date.

    Staff record them from a message of the session's room or on their own. An action is
    done when staff or its owner organisation say so, with a note."""

    class Kind(models.TextChoices):
        DECISION = "decision", _("Decision")
        ACTION = "action", _("Action")

    wagtail_reference_index_ignore = True

    session = models.ForeignKey(
        DialogueSession,
        verbose_name=_("session"),
        on_delete=models.CASCADE,
        related_name="outcomes",
    )
    message = models.ForeignKey(
        Message,
        verbose_name=_("from the message"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="outcomes",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    text = models.TextField(_("what was decided or is to be done"))
    owner = models.ForeignKey(
        Organization,
        verbose_name=_("owner organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="actions",
    )
    due_on = models.DateField(_("due date"), null=True, blank=True)
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("marked done by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    done_note = models.TextField(_("note on completion"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    objects = OutcomeQuerySet.as_manager()

    class Meta:
        verbose_name = _("decision or action")
        verbose_name_plural = _("decisions and actions")
        ordering = ["kind", "due_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="decision")
                | models.Q(owner__isnull=False, due_on__isnull=False),
                name="dialogue_action_has_owner_and_due_date",
            )
        ]
        indexes = [
            models.Index(fields=["owner", "done_at", "due_on"], name="dialogue_outcome_owner")
        ]

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def is_done(self) -> bool:
        return self.done_at is not None

    @property
    def is_overdue(self) -> bool:
        return (
            self.kind == self.Kind.ACTION
            and not self.is_done
            and self.due_on is not None
            and self.due_on < timezone.localdate()
        )

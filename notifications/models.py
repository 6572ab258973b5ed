"""Notifications, each person's choice of how to hear about each kind, and what they follow."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from members.models import actor_field

from . import kinds


class Delivery(models.TextChoices):
    IMMEDIATELY = kinds.IMMEDIATELY, _("E-mail me at once")
    DAILY = kinds.DAILY, _("In a daily digest")
    NEVER = kinds.NEVER, _("Never by e-mail")


class NotificationQuerySet(models.QuerySet):
    def unread(self) -> NotificationQuerySet:
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """One person told about one thing. The target's title and address are kept as they were
    when it happened; the sentence comes from the kind, in the reader's language."""

    wagtail_reference_index_ignore = True

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("kind"), max_length=40)
    actor = actor_field()
    target_type = models.ForeignKey(
        "contenttypes.ContentType",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    target_id = models.CharField(max_length=40, blank=True)
    url = models.CharField(pgettext_lazy("web", "address"), max_length=500)
    title = models.CharField(_("title"), max_length=200)
    excerpt = models.CharField(_("excerpt"), max_length=300, blank=True)
    # One fan-out shares a batch: its e-mails are sent by one task.
    batch = models.CharField(max_length=32, db_index=True)
    created = models.DateTimeField(_("created"), default=timezone.now, db_index=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    # Waiting for an immediate e-mail (cleared when sent); a failed send stays pending
    # and `send_notifications` retries it.
    email_pending = models.BooleanField(default=False)
    email_attempts = models.PositiveSmallIntegerField(default=0)
    emailed_at = models.DateTimeField(_("e-mailed"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notif_recipient_unread"),
            models.Index(fields=["email_pending"], name="notif_email_pending"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient_id}: {self.title}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None

    def sentence(self) -> str:
        kind = kinds.get(self.kind)
        actor = self.actor.public_name if self.actor_id and self.actor else ""
        if kind is None:
            return self.title
        return str(kind.sentence) % {"actor": actor or _("Someone"), "title": self.title}


class Preference(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(_("kind"), max_length=40)
    delivery = models.CharField(_("e-mail"), max_length=12, choices=Delivery.choices)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notif_preference_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind}: {self.delivery}"


class Follow(models.Model):
    """A person following something: `target` is "<followable kind>:<key>", e.g.
    "pilot:<translation key>", "proposal:12", "organization:3", "theme:mobility"."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows"
    )
    target = models.CharField(_("followed"), max_length=120, db_index=True)
    created = models.DateTimeField(_("since"), auto_now_add=True)

    class Meta:
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        constraints = [
            models.UniqueConstraint(fields=["user", "target"], name="notif_follow_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.target}"

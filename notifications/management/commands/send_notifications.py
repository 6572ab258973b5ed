"""Retry the immediate e-mails a failing mail server left pending. Run every few minutes
(cron or a systemd timer; docs/deployment.md)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from notifications import mail
from notifications.models import Notification


class Command(BaseCommand):
    help = "Send notification e-mails still pending (a failed send is retried up to 5 times)."

    def handle(self, *args, **options) -> None:
        sent = mail.send_pending(Notification.objects.filter(email_pending=True))
        self.stdout.write(f"sent {sent}")

"""Remind participants of sessions starting within 30 minutes. Run every 5 minutes from cron
or a systemd timer (docs/deployment.md); each person is reminded of a session once."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from dialogue import notify


class Command(BaseCommand):
    help = "Notify the participants of sessions that start in the next 30 minutes (once each)."

    def handle(self, *args, **options) -> None:
        self.stdout.write(f"sessions {notify.remind_upcoming()}")

"""Tell owner organisations of actions due within a week or overdue. Run once a day from cron
or a systemd timer (docs/deployment.md); each action is told once."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from dialogue import notify


class Command(BaseCommand):
    help = "Notify owner organisations of follow-up actions due within a week or overdue."

    def handle(self, *args, **options) -> None:
        self.stdout.write(f"actions {notify.remind_due_actions()}")

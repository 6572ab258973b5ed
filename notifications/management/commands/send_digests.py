"""The daily digest: once a day from cron or a systemd timer (docs/deployment.md). Running
it twice sends nothing twice: a digest marks what it held as e-mailed."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from notifications import mail


class Command(BaseCommand):
    help = "E-mail each person a digest of their unread, not yet e-mailed daily notifications."

    def handle(self, *args, **options) -> None:
        self.stdout.write(f"digests {mail.send_digests()}")

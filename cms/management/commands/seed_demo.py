"""Load the fictional Midorino City consortium: organisations, people, pages."""

from __future__ import annotations

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from cms.demo import organizations as demo_organizations
from cms.demo import pages as cms_demo
from cms.demo import pilots as cms_demo_pilots
from cms.demo import proposals as proposals_demo
from cms.demo import reports as reports_demo
from dialogue import demo as dialogue_demo
from members import demo as members_demo
from members.models import User

DEMO_PASSWORD = "midorino-demo-2026"  # noqa: S105 (documented demo password)


class Command(BaseCommand):
    help = "Create the demo consortium. Safe to run again: it updates instead of duplicating."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--force", action="store_true", help="Run even when DEBUG is off.")
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing when the database has users."
        )
        parser.add_argument("--password", default=DEMO_PASSWORD, help="Password of new accounts.")

    def handle(self, *args, force: bool, if_empty: bool, password: str, **options) -> None:
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG is off: this looks like production. Use --force to seed demo data anyway."
            )
        if if_empty and User.objects.exists():
            self.stdout.write("The database already has users: demo data not loaded.")
            return

        steps = [
            ("members", lambda report: members_demo.seed(password, report)),
            ("pages", cms_demo.seed),
            ("organisations", demo_organizations.seed),
            ("pilots", lambda report: cms_demo_pilots.seed(report, password)),
            ("dialogue", dialogue_demo.seed),
            ("proposals", proposals_demo.seed),
            ("reports", reports_demo.seed),
        ]
        started = time.monotonic()
        for number, (name, step) in enumerate(steps, start=1):
            self.stdout.write(f"[{number}/{len(steps)}] {name} …", ending="")
            self.stdout.flush()

            def report(what: str) -> None:
                self.stdout.write(f" {what};", ending="")

            step(report)
            self.stdout.write(self.style.SUCCESS(" done"))
        self.stdout.write(f"Demo data ready in {time.monotonic() - started:.1f}s.")
        self.stdout.write(f"Demo accounts (password: {password}):")
        for email in [*members_demo.DEMO_EMAILS, cms_demo_pilots.REVIEWER[0]]:
            self.stdout.write(f"  {email}")

"""Demo organisation spaces for `seed_demo`: directories and one filled-in page per organisation.

Runs after the members and pages steps. Idempotent: a page is revised only when its demo
text differs from what is published.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction

from members import demo as members_demo
from members.models import Organization

from ..organizations import spaces

# Each organisation's lead and contacts, by slug: cms/demo/organizations.json.
DETAILS = members_demo.load_data(__file__)["details"]
NO_DETAILS = {"lead": "", "contact_email": "", "contact_phone": "", "address": ""}


@transaction.atomic
def seed(progress: Callable[[str], None]) -> None:
    directories = spaces.ensure_directories()
    progress(f"{len(directories)} directories")
    count = 0
    for organization in Organization.objects.order_by("pk"):
        spaces.ensure_space(organization)
        details = DETAILS.get(organization.slug, NO_DETAILS)
        for page in organization.pages.all():
            ja = page.locale.language_code == "ja"
            wanted = {
                "lead": details["lead"] if ja else "",
                "contact_email": details["contact_email"],
                "contact_phone": details["contact_phone"],
                "address": details["address"] if ja else "",
                "website": organization.website,
            }
            if any(getattr(page, field) != value for field, value in wanted.items()):
                for field, value in wanted.items():
                    setattr(page, field, value)
                page.save_revision().publish()
        count += 1
    progress(f"{count} organisation pages and editors' groups")

"""Demo organisation spaces for `seed_demo`: directories and one filled-in page per organisation.

Runs after the members and pages steps. Idempotent: a page is revised only when its demo
text differs from what is published.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction

from members.models import Organization

from ..organizations import spaces

# slug: (lead, contact e-mail, telephone, address)
DETAILS = {
    "city-dx-office": (
        "コンソーシアムの事務局です。対話の場づくりと実証実験の伴走を担当しています。",
        "dx@example.jp",
        "0000-00-0000",
        "みどり野市役所 本庁舎3階",
    ),
    "chamber-of-commerce": (
        "商店街のキャッシュレス化と事業承継の相談に取り組んでいます。",
        "info@chamber.example.jp",
        "0000-00-0001",
        "みどり野市中央1-2-3",
    ),
    "agricultural-coop": (
        "スマート農業の実証と、直売所のオンライン予約を進めています。",
        "info@ja.example.jp",
        "0000-00-0002",
        "みどり野市田園4-5",
    ),
    "tourism-association": (
        "温泉と里山の魅力を、多言語の案内とデータで伝えます。",
        "info@kanko.example.jp",
        "0000-00-0003",
        "みどり野駅前観光案内所",
    ),
    "women-entrepreneurs": (
        "起業の学び合いと、子育てと両立できる働き方を広げています。",
        "hello@women.example.jp",
        "",
        "",
    ),
    "machitsunagi": (
        "地域の譲り合い掲示板の実証実験を市と一緒に行っています。",
        "contact@machitsunagi.example.jp",
        "",
        "みどり野市本町2-8",
    ),
    "residents-circle": (
        "月に一度、公民館でまちの将来について話し合っています。どなたでも参加できます。",
        "",
        "",
        "みどり野中央公民館",
    ),
}


@transaction.atomic
def seed(progress: Callable[[str], None]) -> None:
    directories = spaces.ensure_directories()
    progress(f"{len(directories)} directories")
    count = 0
    for organization in Organization.objects.order_by("pk"):
        spaces.ensure_space(organization)
        lead, email, phone, address = DETAILS.get(organization.slug, ("", "", "", ""))
        for page in organization.pages.all():
            wanted = {
                "lead": lead if page.locale.language_code == "ja" else "",
                "contact_email": email,
                "contact_phone": phone,
                "address": address if page.locale.language_code == "ja" else "",
                "website": organization.website,
            }
            if any(getattr(page, field) != value for field, value in wanted.items()):
                for field, value in wanted.items():
                    setattr(page, field, value)
                page.save_revision().publish()
        count += 1
    progress(f"{count} organisation pages and editors' groups")

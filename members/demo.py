"""Demo organisations and people for `seed_demo`. Idempotent: re-running changes nothing."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

from allauth.account.models import EmailAddress

from django.contrib.auth.models import Group
from django.db import transaction

from . import roles
from .models import Invitation, Membership, Organization, OrganizationKind, PlaceName, User


def load_data(beside: str) -> Any:
    """The demo data of a seed module, from the JSON file of the same name beside it.

    The one loader for every app's demo data: decimals stay exact (Decimal), dates stay
    ISO strings for the seed module to read.
    """
    return json.loads(Path(beside).with_suffix(".json").read_text("utf-8"), parse_float=Decimal)


ORGANIZATIONS = [
    # slug, name, its reading (for furigana; empty where the place names suffice), English
    # name, kind, description
    (
        "city-dx-office",
        "みどり野市 DX推進課",
        "",
        "Midorino City DX Office",
        OrganizationKind.CITY_OFFICE,
        "市のデジタル変革を担当し、コンソーシアムの事務局を務めます。",
    ),
    (
        "chamber-of-commerce",
        "みどり野商工会",
        "",
        "Midorino Chamber of Commerce and Industry",
        OrganizationKind.CHAMBER,
        "地元の商店・事業者約600社が加盟する商工会です。",
    ),
    (
        "agricultural-coop",
        "JAみどり野（農協）",
        "",
        "JA Midorino (Agricultural Co-op)",
        OrganizationKind.COOP,
        "米・野菜・果樹の生産者を支える農業協同組合です。",
    ),
    (
        "tourism-association",
        "みどり野観光協会",
        "",
        "Midorino Tourism Association",
        OrganizationKind.TOURISM,
        "温泉と里山の観光を案内し、観光事業者をつなぎます。",
    ),
    (
        "women-entrepreneurs",
        "みどり野女性起業家ネットワーク",
        "",
        "Midorino Women Entrepreneurs' Network",
        OrganizationKind.ENTREPRENEURS,
        "市内で起業した女性たちが学び合い、支え合うネットワークです。",
    ),
    (
        "machitsunagi",
        "株式会社まちつなぎ",
        "かぶしきがいしゃ まちつなぎ",
        "Machitsunagi Inc.",
        OrganizationKind.COMPANY,
        "地域の不用品を譲り合う掲示板サービスを運営し、市と実証実験を行っています。",
    ),
    (
        "residents-circle",
        "みどり野まちづくり市民の会",
        "みどりの まちづくり しみんのかい",
        "Midorino Residents' Circle",
        OrganizationKind.RESIDENTS,
        "まちの将来を語り合う住民のグループです。",
    ),
]

# How the city reads its place names: a dictionary reads みどり野 as みどりや.
PLACE_NAMES = [
    ("みどり野市", "みどりの し"),
    ("みどり野", "みどりの"),
    ("本町", "ほんまち"),
]

# email, display name, reading, organisation slug or None, role in it, job title, groups
PEOPLE = [
    ("admin@example.jp", "管理者（デモ）", "かんりしゃ", None, None, "", [], True),
    (
        "staff@example.jp",
        "佐藤 健一",
        "さとう けんいち",
        "city-dx-office",
        Membership.Role.REPRESENTATIVE,
        "DX推進課 主査",
        [roles.CITY_STAFF, roles.MODERATORS],
        False,
    ),
    (
        "mayor@example.jp",
        "高橋 誠",
        "たかはし まこと",
        "city-dx-office",
        Membership.Role.MEMBER,
        "市長",
        [roles.LEADERSHIP],
        False,
    ),
    (
        "chamber@example.jp",
        "鈴木 一郎",
        "すずき いちろう",
        "chamber-of-commerce",
        Membership.Role.REPRESENTATIVE,
        "事務局長",
        [],
        False,
    ),
    (
        "coop@example.jp",
        "田中 美穂",
        "たなか みほ",
        "agricultural-coop",
        Membership.Role.REPRESENTATIVE,
        "営農企画課長",
        [],
        False,
    ),
    (
        "tourism@example.jp",
        "山田 花子",
        "やまだ はなこ",
        "tourism-association",
        Membership.Role.REPRESENTATIVE,
        "事務局次長",
        [],
        False,
    ),
    (
        "moderator@example.jp",
        "中村 由美",
        "なかむら ゆみ",
        "city-dx-office",
        Membership.Role.MEMBER,
        "DX推進課 対話推進担当",
        [roles.MODERATORS],
        False,
    ),
    (
        "cdo@example.jp",
        "小林 大輔",
        "こばやし だいすけ",
        "city-dx-office",
        Membership.Role.MEMBER,
        "最高デジタル責任者（CDO）",
        [roles.LEADERSHIP],
        False,
    ),
    (
        "chamber-editor@example.jp",
        "加藤 直樹",
        "かとう なおき",
        "chamber-of-commerce",
        Membership.Role.EDITOR,
        "広報担当",
        [],
        False,
    ),
    (
        "chamber-member@example.jp",
        "吉田 誠二",
        "よしだ せいじ",
        "chamber-of-commerce",
        Membership.Role.MEMBER,
        "吉田酒店 店主",
        [],
        False,
    ),
    (
        "women@example.jp",
        "松本 玲奈",
        "まつもと れな",
        "women-entrepreneurs",
        Membership.Role.REPRESENTATIVE,
        "代表",
        [],
        False,
    ),
    (
        "company@example.jp",
        "井上 拓也",
        "いのうえ たくや",
        "machitsunagi",
        Membership.Role.REPRESENTATIVE,
        "代表取締役",
        [],
        False,
    ),
    (
        "circle@example.jp",
        "木村 和子",
        "きむら かずこ",
        "residents-circle",
        Membership.Role.REPRESENTATIVE,
        "世話人",
        [],
        False,
    ),
    # A resident with no organisation: signs up to take part as themselves.
    ("resident@example.jp", "伊藤 さくら", "いとう さくら", None, None, "", [], False),
]

# An open invitation, so the members page has something to show: (from, organisation, to, role)
INVITATIONS = [
    ("chamber@example.jp", "chamber-of-commerce", "newcomer@example.jp", Membership.Role.EDITOR),
]

DEMO_EMAILS = [person[0] for person in PEOPLE]


@transaction.atomic
def seed(password: str, progress: Callable[[str], None]) -> None:
    for name, reading in PLACE_NAMES:
        PlaceName.objects.update_or_create(name=name, defaults={"reading": reading})
    for slug, name, reading, name_en, kind, description in ORGANIZATIONS:
        Organization.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name,
                "name_reading": reading,
                "name_en": name_en,
                "kind": kind,
                "description": description,
                "member_since": dt.date(2024, 4, 1),
                "is_active": True,
            },
        )
    progress(f"{len(ORGANIZATIONS)} organisations")

    for email, name, reading, org_slug, role, title, groups, superuser in PEOPLE:
        user = ensure_person(email, name, reading, password, superuser=superuser)
        # Only the role groups: editors' groups follow memberships (see cms.organizations.spaces).
        user.groups.remove(*Group.objects.filter(name__in=roles.ALL).exclude(name__in=groups))
        user.groups.add(*Group.objects.filter(name__in=groups))
        if org_slug:
            Membership.objects.update_or_create(
                user=user,
                organization=Organization.objects.get(slug=org_slug),
                defaults={
                    "role": role,
                    "title": title,
                    "status": Membership.Status.ACTIVE,
                    "is_listed": True,
                },
            )
    progress(f"{len(PEOPLE)} demo accounts")

    for sender, org_slug, email, role in INVITATIONS:
        organization = Organization.objects.get(slug=org_slug)
        if not Invitation.objects.pending().filter(organization=organization, email=email).exists():
            Invitation.objects.create(
                organization=organization,
                email=email,
                role=role,
                invited_by=User.objects.get(email=sender),
            )
    progress(f"{len(INVITATIONS)} open invitation")


def ensure_person(
    email: str, name: str, reading: str, password: str, *, superuser: bool = False
) -> User:
    """A demo account with a verified address; an existing one keeps its password."""
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User(email=email)
        user.set_password(password)
    user.display_name = name
    user.name_reading = reading
    user.is_superuser = superuser
    user.is_staff = superuser
    user.save()
    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    return user

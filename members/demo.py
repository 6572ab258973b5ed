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


# Organisations (with their readings where the place names do not suffice), the city's
# place-name readings (a dictionary reads みどり野 as みどりや), demo people with their roles,
# and one open invitation: members/demo.json.
DATA = load_data(__file__)
ORGANIZATIONS = DATA["organizations"]
PLACE_NAMES = DATA["place_names"]
PEOPLE = DATA["people"]
INVITATIONS = DATA["invitations"]
DEMO_EMAILS = [person["email"] for person in PEOPLE]


@transaction.atomic
def seed(password: str, progress: Callable[[str], None]) -> None:
    for place in PLACE_NAMES:
        PlaceName.objects.update_or_create(
            name=place["name"], defaults={"reading": place["reading"]}
        )
    for org in ORGANIZATIONS:
        Organization.objects.update_or_create(
            slug=org["slug"],
            defaults={
                "name": org["name"],
                "name_reading": org["name_reading"],
                "name_en": org["name_en"],
                "kind": OrganizationKind(org["kind"]),
                "description": org["description"],
                "member_since": dt.date(2024, 4, 1),
                "is_active": True,
            },
        )
    progress(f"{len(ORGANIZATIONS)} organisations")

    for person in PEOPLE:
        user = ensure_person(
            person["email"],
            person["name"],
            person["reading"],
            password,
            superuser=person["superuser"],
        )
        groups = person["groups"]
        unknown = set(groups) - set(roles.ALL)
        if unknown:
            raise ValueError(f"demo.json names groups that are not roles: {sorted(unknown)}")
        # Only the role groups: editors' groups follow memberships (see cms.organizations.spaces).
        user.groups.remove(*Group.objects.filter(name__in=roles.ALL).exclude(name__in=groups))
        user.groups.add(*Group.objects.filter(name__in=groups))
        if person["organization"]:
            Membership.objects.update_or_create(
                user=user,
                organization=Organization.objects.get(slug=person["organization"]),
                defaults={
                    "role": Membership.Role(person["role"]),
                    "title": person["title"],
                    "status": Membership.Status.ACTIVE,
                    "is_listed": True,
                },
            )
    progress(f"{len(PEOPLE)} demo accounts")

    for invitation in INVITATIONS:
        organization = Organization.objects.get(slug=invitation["organization"])
        email = invitation["email"]
        if not Invitation.objects.pending().filter(organization=organization, email=email).exists():
            Invitation.objects.create(
                organization=organization,
                email=email,
                role=Membership.Role(invitation["role"]),
                invited_by=User.objects.get(email=invitation["sender"]),
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

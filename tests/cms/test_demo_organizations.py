"""The demo: every account has its real role, every organisation its page; re-running is safe."""

from __future__ import annotations

import pytest

from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command

from wagtail.models import Revision

from cms.models import OrganizationPage
from members import roles
from members.demo import PEOPLE
from members.models import Invitation, Organization, User

pytestmark = pytest.mark.django_db


def _state() -> tuple:
    return (
        User.objects.count(),
        OrganizationPage.objects.count(),
        # Only our pages: the skeleton's home-page step republishes its translation each run.
        Revision.objects.filter(
            content_type=ContentType.objects.get_for_model(OrganizationPage)
        ).count(),
        Invitation.objects.count(),
        sorted(
            (u.email, tuple(sorted(u.groups.values_list("name", flat=True))))
            for u in User.objects.all()
        ),
    )


def test_seed_demo_gives_every_account_its_role_and_every_organisation_its_page(capsys) -> None:
    call_command("seed_demo", "--force")
    first = _state()
    call_command("seed_demo", "--force")
    assert _state() == first

    for organization in Organization.objects.all():
        languages = {
            p.locale.language_code
            for p in OrganizationPage.objects.filter(organization=organization)
        }
        assert languages == {"ja", "en"}, organization.slug

    for person in PEOPLE:
        org_slug, role = person["organization"], person["role"]
        user = User.objects.get(email=person["email"])
        names = set(user.groups.values_list("name", flat=True))
        assert set(person["groups"]) <= names
        assert user.is_superuser is person["superuser"]
        if org_slug:
            membership = user.memberships.get(organization__slug=org_slug)
            assert membership.role == role
            editor_group = f"Editors: {membership.organization.name}"
            assert (editor_group in names) is (role in ("editor", "representative"))
        else:
            assert not user.memberships.exists()

    assert User.objects.get(email="staff@example.jp").groups.filter(name=roles.CITY_STAFF).exists()
    assert Invitation.objects.pending().filter(email="newcomer@example.jp").count() == 1

from __future__ import annotations

from types import SimpleNamespace

import pytest

from members import roles
from members.models import Membership
from tests.members.factories import MembershipFactory, OrganizationFactory, UserFactory, in_group


@pytest.fixture
def people(db):
    """Everyone the proposal rules tell apart."""
    org = OrganizationFactory(slug="tourism-association", name="観光協会", name_en="Tourism")
    # An editor: editors speak for their organisation unless its representatives say no.
    member = MembershipFactory(
        organization=org,
        user=UserFactory(display_name="山田 花子", preferred_language="en"),
        role=Membership.Role.EDITOR,
    ).user
    mayor = in_group(UserFactory(display_name="高橋 誠", two_step=True), roles.LEADERSHIP)
    MembershipFactory(user=mayor, organization=OrganizationFactory(), title="市長")
    return SimpleNamespace(
        org=org,
        author=UserFactory(display_name="伊藤 さくら"),
        member=member,
        resident=UserFactory(display_name="住民 さん"),
        moderator=in_group(UserFactory(display_name="佐藤 健一", two_step=True), roles.MODERATORS),
        staff=in_group(UserFactory(display_name="市 職員", two_step=True), roles.CITY_STAFF),
        mayor=mayor,
    )

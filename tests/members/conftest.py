from __future__ import annotations

import pytest

from members.models import Membership

from .factories import MembershipFactory, OrganizationFactory, UserFactory


@pytest.fixture
def organization(db):
    return OrganizationFactory(name="みどり野商工会", slug="chamber")


@pytest.fixture
def other_organization(db):
    return OrganizationFactory(name="JAみどり野", slug="coop")


@pytest.fixture
def representative(organization):
    return MembershipFactory(
        organization=organization, role=Membership.Role.REPRESENTATIVE, user__email="rep@example.jp"
    ).user


@pytest.fixture
def other_representative(other_organization):
    return MembershipFactory(
        organization=other_organization,
        role=Membership.Role.REPRESENTATIVE,
        user__email="other-rep@example.jp",
    ).user


@pytest.fixture
def stranger(db):
    return UserFactory(email="stranger@example.jp")

"""One test per permission of cms/rules.py."""

from __future__ import annotations

import pytest

from django.contrib.auth.models import AnonymousUser, Group

from members import roles
from tests.members.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("role", "allowed"),
    [(roles.CITY_STAFF, True), (roles.REVIEWERS, False), (roles.MODERATORS, False), (None, False)],
)
def test_import_measurement(role, allowed) -> None:
    user = UserFactory()
    if role:
        user.groups.add(Group.objects.get(name=role))
    assert user.has_perm("cms.import_measurement") is allowed
    assert not AnonymousUser().has_perm("cms.import_measurement")

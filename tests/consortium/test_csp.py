"""The Content-Security-Policy header: strict on the site, looser only under the admins."""

from __future__ import annotations

import re

import pytest

from django.contrib.auth.models import Group
from django.test import Client

from members import roles
from tests.members.factories import UserFactory

pytestmark = pytest.mark.django_db


def _directives(header: str) -> dict[str, list[str]]:
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


def test_public_pages_allow_no_inline_script_and_no_other_origin(home_pages) -> None:
    client = Client()
    for path in ("/ja/", "/ja/accounts/login/", "/ja/dialogue/"):
        response = client.get(path)
        assert response.status_code == 200
        policy = _directives(response.headers["Content-Security-Policy"])
        assert policy["script-src"] == ["'self'"]
        assert policy["default-src"] == ["'self'"]
        assert policy["object-src"] == ["'none'"]
        assert "'unsafe-inline'" not in policy["style-src"]
        every = " ".join(" ".join(v) for v in policy.values())
        assert not re.search(r"https?:|\*", every), every
        # And the page itself has no inline script that would need one.
        html = response.content.decode()
        for tag in re.findall(r"<script\b[^>]*>", html):
            assert "src=" in tag or 'type="application/json"' in tag, tag
        assert not re.search(r"\son[a-z]+=", html)


def test_a_page_served_from_the_page_cache_has_the_header_too(home_pages) -> None:
    Client().get("/ja/")
    again = Client().get("/ja/")
    assert again.headers.get("X-Page-Cache") == "hit"
    assert "script-src 'self'" in again.headers["Content-Security-Policy"]


def test_the_admin_policy_is_scoped_to_the_admin(home_pages) -> None:
    staff = UserFactory(two_step=True)
    staff.groups.add(Group.objects.get(name=roles.CITY_STAFF))
    client = Client()
    client.force_login(staff)
    admin = _directives(client.get("/admin/").headers["Content-Security-Policy"])
    assert "'unsafe-eval'" in admin["script-src"]
    assert "'unsafe-inline'" in admin["script-src"]
    assert not any("http" in v for values in admin.values() for v in values)
    site = _directives(client.get("/ja/").headers["Content-Security-Policy"])
    assert site["script-src"] == ["'self'"]
    # A path that only starts like the admin is not the admin.
    assert "'unsafe-eval'" not in client.get("/ja/administration/").headers.get(
        "Content-Security-Policy", ""
    )

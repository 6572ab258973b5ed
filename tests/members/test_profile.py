"""Profile: edit, download my data, delete my account."""

from __future__ import annotations

import json

import pytest

from django.test import Client
from django.utils import translation

from members import exports
from members.models import Membership, User

from .factories import AuthenticatorFactory, InvitationFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

PROFILE = "/ja/members/profile/"


@pytest.fixture
def person(db) -> User:
    return UserFactory(email="hanako@example.jp", display_name="山田 花子")


@pytest.fixture
def client_of(person) -> Client:
    client = Client()
    client.force_login(person)
    return client


def test_profile_needs_sign_in() -> None:
    for url in [PROFILE, PROFILE + "data/", PROFILE + "delete/"]:
        response = Client().get(url)
        assert response.status_code == 302
        assert "/accounts/login/" in response.headers["Location"]


def test_profile_shows_links_and_own_organisations(client_of, person) -> None:
    MembershipFactory(user=person, organization__name="観光協会", role="representative")
    MembershipFactory(user=person, organization__name="去った団体", status=Membership.Status.LEFT)
    MembershipFactory(organization__name="他人の団体")
    html = client_of.get(PROFILE).content.decode()
    for url in ["/ja/accounts/email/", "/ja/accounts/password/change/", "/ja/accounts/2fa/"]:
        assert f'href="{url}"' in html
    assert "観光協会" in html
    assert "メンバーを管理" in html
    assert "去った団体" not in html
    assert "他人の団体" not in html


def test_profile_edit_saves_and_switches_language(client_of, person) -> None:
    response = client_of.post(
        PROFILE,
        {
            "display_name": "  山田   花子 ",
            "name_reading": "やまだ はなこ",
            "preferred_language": "en",
        },
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/en/members/profile/"
    assert response.cookies["django_language"].value == "en"
    person.refresh_from_db()
    assert person.display_name == "山田 花子"
    assert person.preferred_language == "en"


@pytest.mark.parametrize(
    "data",
    [
        {"display_name": "", "name_reading": "", "preferred_language": "ja"},
        {"display_name": "   ", "name_reading": "", "preferred_language": "ja"},
        {"display_name": "名" * 81, "name_reading": "", "preferred_language": "ja"},
        {"display_name": "ok", "name_reading": "よ" * 81, "preferred_language": "ja"},
        {"display_name": "ok", "name_reading": "", "preferred_language": "fr"},
        {"display_name": "ok", "name_reading": "", "preferred_language": "ja'; DROP TABLE x;--"},
    ],
)
def test_bad_profile_input_changes_nothing(client_of, person, data) -> None:
    response = client_of.post(PROFILE, data)
    assert response.status_code == 400
    person.refresh_from_db()
    assert person.display_name == "山田 花子"
    assert person.preferred_language == "ja"


def test_hostile_display_name_is_escaped_everywhere(client_of, person) -> None:
    client_of.post(
        PROFILE,
        {"display_name": "<script>alert(1)</script>\u202e", "preferred_language": "ja"},
    )
    html = client_of.get(PROFILE).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


def test_download_my_data(client_of, person) -> None:
    membership = MembershipFactory(user=person, organization__name="商工会", role="editor")
    InvitationFactory(organization=membership.organization, invited_by=person, email="a@example.jp")
    InvitationFactory(email="not-mine@example.jp")
    response = client_of.get(PROFILE + "data/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    assert response["Cache-Control"] == "no-store"
    data = json.loads(response.content)
    assert data["account"]["email"] == "hanako@example.jp"
    assert data["account"]["display_name"] == "山田 花子"
    assert data["email_addresses"] == [
        {"email": "hanako@example.jp", "verified": True, "primary": True}
    ]
    assert data["memberships"][0]["organization"] == "商工会"
    assert data["memberships"][0]["role"] == "editor"
    assert [i["email"] for i in data["invitations_sent"]] == ["a@example.jp"]
    assert "not-mine@example.jp" not in response.content.decode()
    assert "password" not in data["account"]


def test_other_apps_add_their_sections_through_the_registry(client_of, person, monkeypatch) -> None:
    monkeypatch.setattr(exports, "_registry", exports.registered())
    exports.register("test_messages", lambda user: [{"text": f"hello from {user.pk}"}])
    data = json.loads(client_of.get(PROFILE + "data/").content)
    assert data["test_messages"] == [{"text": f"hello from {person.pk}"}]
    with pytest.raises(ValueError):
        exports.register("test_messages", lambda user: None)


def test_delete_needs_the_right_password_and_confirmation(client_of, person) -> None:
    for data in [
        {"password": "wrong", "confirm": "on", "texts": "keep"},
        {"password": "correct horse battery", "texts": "keep"},
        {"password": "correct horse battery", "confirm": "on"},
        {"password": "correct horse battery", "confirm": "on", "texts": "<script>"},
        {"password": "x" * 5000, "confirm": "on"},
        {},
    ]:
        response = client_of.post(PROFILE + "delete/", data)
        assert response.status_code == 400
    person.refresh_from_db()
    assert person.is_active
    assert person.deleted_at is None


def test_delete_my_account_anonymises_and_frees_the_address(client_of, person) -> None:
    membership = MembershipFactory(user=person, role="member", is_listed=True)
    pending = InvitationFactory(organization=membership.organization, invited_by=person)
    response = client_of.post(
        PROFILE + "delete/",
        {"password": "correct horse battery", "confirm": "on", "texts": "keep"},
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert not person.is_active
    assert person.deleted_at is not None
    assert "hanako" not in person.email
    assert person.display_name == ""
    assert not person.has_usable_password()
    assert not person.emailaddress_set.exists()
    with translation.override("ja"):
        assert person.public_name == "元メンバー"
    with translation.override("en"):
        assert person.public_name == "former member"
    membership.refresh_from_db()
    assert membership.status == Membership.Status.LEFT
    assert not membership.is_listed
    pending.refresh_from_db()
    assert pending.revoked_at is not None
    # Signed out, and cannot sign in again.
    assert client_of.get(PROFILE).status_code == 302
    assert not Client().login(email="hanako@example.jp", password="correct horse battery")
    # The address is free for a new account.
    assert UserFactory(email="hanako@example.jp").pk != person.pk


def test_each_person_decides_whether_they_are_listed(client_of, person) -> None:
    membership = MembershipFactory(user=person, is_listed=False)
    url = f"/ja/members/profile/memberships/{membership.pk}/listing/"
    assert client_of.get(url).status_code == 405
    client_of.post(url, {"is_listed": "on"})
    membership.refresh_from_db()
    assert membership.is_listed
    client_of.post(url, {})
    membership.refresh_from_db()
    assert not membership.is_listed


def test_nobody_changes_someone_elses_listing(client_of) -> None:
    theirs = MembershipFactory(is_listed=True)
    left = MembershipFactory(is_listed=True, status=Membership.Status.LEFT)
    for membership in (theirs, left):
        response = client_of.post(f"/ja/members/profile/memberships/{membership.pk}/listing/")
        assert response.status_code == 404
        membership.refresh_from_db()
        assert membership.is_listed


def test_data_lists_second_factors_without_secrets(client_of, person) -> None:
    secret = AuthenticatorFactory(user=person).data["secret"]
    response = client_of.get(PROFILE + "data/")
    data = json.loads(response.content)
    assert [a["type"] for a in data["two_step_verification"]] == ["totp"]
    assert secret not in response.content.decode()

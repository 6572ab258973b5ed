"""Sign-in: two-step verification for people with power, social buttons, rate limits."""

from __future__ import annotations

import pytest
from allauth.socialaccount.models import SocialApp

from django.contrib.auth.models import Group
from django.test import Client

from members import roles
from members.models import User

from .factories import AuthenticatorFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

TOTP_SETUP = "/ja/accounts/2fa/totp/activate/"


def _signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _in_role(role: str, two_step: bool = False) -> User:
    user = UserFactory(two_step=two_step)
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.mark.parametrize("role", roles.ALL)
@pytest.mark.parametrize("path", ["/admin/", "/admin/pages/", "/django-admin/"])
def test_roles_must_set_up_mfa_before_the_admin(role, path) -> None:
    client = _signed_in(_in_role(role))
    response = client.get(path, HTTP_ACCEPT_LANGUAGE="ja")
    assert response.status_code == 302
    assert response.headers["Location"] == TOTP_SETUP
    # allauth asks for the password again before the set-up page; the message waits.
    page = client.get(TOTP_SETUP, follow=True)
    assert "2段階認証が必要です" in page.content.decode()


def test_superuser_must_set_up_mfa_too() -> None:
    admin = UserFactory(is_superuser=True, is_staff=True)
    response = _signed_in(admin).get("/admin/")
    assert response.headers["Location"] == TOTP_SETUP
    AuthenticatorFactory(user=admin)
    assert _signed_in(admin).get("/admin/").status_code == 200
    assert _signed_in(admin).get("/django-admin/").status_code == 200


def test_city_staff_with_mfa_reach_the_admin() -> None:
    staff = _in_role(roles.CITY_STAFF, two_step=True)
    assert _signed_in(staff).get("/admin/").status_code == 200


def test_message_is_translated_in_english() -> None:
    client = _signed_in(_in_role(roles.LEADERSHIP))
    client.cookies["django_language"] = "en"
    response = client.get("/admin/")
    assert response.headers["Location"] == "/en/accounts/2fa/totp/activate/"
    assert (
        "Your role needs two-step verification"
        in client.get(response.headers["Location"], follow=True).content.decode()
    )


def test_plain_members_are_not_forced() -> None:
    editor = MembershipFactory(role="editor").user
    response = _signed_in(editor).get("/admin/")
    assert response.headers.get("Location") != TOTP_SETUP


def test_mfa_rule_can_be_switched_off_for_a_deployment(settings) -> None:
    settings.MFA_REQUIRED_FOR_STAFF = False
    staff = _in_role(roles.CITY_STAFF)
    assert _signed_in(staff).get("/admin/").status_code == 200


@pytest.mark.parametrize("path", ["/admin/login/", "/django-admin/login/"])
def test_admin_login_forms_are_closed(path) -> None:
    """They would skip allauth's rate limits and second step."""
    staff = _in_role(roles.CITY_STAFF, two_step=True)
    client = Client()
    response = client.post(
        path + "?next=/admin/", {"username": staff.email, "password": "correct horse battery"}
    )
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/ja/accounts/login/")
    assert "_auth_user_id" not in client.session
    assert client.get(path).status_code == 302


def test_sign_in_with_mfa_asks_for_the_code() -> None:
    staff = _in_role(roles.CITY_STAFF, two_step=True)
    client = Client()
    response = client.post(
        "/ja/accounts/login/", {"login": staff.email, "password": "correct horse battery"}
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/ja/accounts/2fa/authenticate/"
    assert "_auth_user_id" not in client.session


def test_social_buttons_only_when_configured() -> None:
    html = Client().get("/ja/accounts/login/").content.decode()
    assert "/accounts/line/login/" not in html
    assert "/accounts/google/login/" not in html
    SocialApp.objects.create(provider="line", name="LINE", client_id="line-id", secret="s")
    html = Client().get("/ja/accounts/login/").content.decode()
    assert "/ja/accounts/line/login/" in html
    assert "/accounts/google/login/" not in html
    SocialApp.objects.create(provider="google", name="Google", client_id="g-id", secret="s")
    html = Client().get("/ja/accounts/login/").content.decode()
    assert "/ja/accounts/line/login/" in html
    assert "/ja/accounts/google/login/" in html


def test_repeated_bad_logins_are_refused() -> None:
    person = UserFactory(email="target@example.jp")
    client = Client()
    for _attempt in range(5):
        response = client.post(
            "/ja/accounts/login/", {"login": "target@example.jp", "password": "guess"}
        )
        assert response.status_code == 200
        assert "ログイン失敗が連続" not in response.content.decode()
    response = client.post(
        "/ja/accounts/login/", {"login": "target@example.jp", "password": "guess"}
    )
    assert response.status_code in (200, 429)
    assert "ログイン失敗が連続" in response.content.decode()
    # Even the right password is refused while the limit holds.
    response = client.post(
        "/ja/accounts/login/", {"login": person.email, "password": "correct horse battery"}
    )
    assert "_auth_user_id" not in client.session
    # Another account from elsewhere is unaffected.
    other = UserFactory(email="other@example.jp")
    fresh = Client(REMOTE_ADDR="192.0.2.7")
    fresh.post("/ja/accounts/login/", {"login": other.email, "password": "correct horse battery"})
    assert fresh.session.get("_auth_user_id") == str(other.pk)


def _signup(data: dict) -> tuple[Client, object]:
    client = Client()
    base = {"email": "new@example.jp", "password1": "a-long-pass-9x", "password2": "a-long-pass-9x"}
    return client, client.post("/ja/accounts/signup/", {**base, **data})


def test_signup_asks_for_the_public_name() -> None:
    _client, response = _signup(
        {"display_name": "  高橋   陽子 ", "name_reading": "たかはし ようこ"}
    )
    assert response.status_code == 302
    user = User.objects.get(email="new@example.jp")
    assert user.display_name == "高橋 陽子"
    assert user.name_reading == "たかはし ようこ"


@pytest.mark.parametrize("name", ["", "   ", "名" * 81])
def test_signup_refuses_a_missing_or_oversized_name(name) -> None:
    _client, response = _signup({"display_name": name})
    assert response.status_code == 200
    assert not User.objects.filter(email="new@example.jp").exists()


def test_hostile_name_at_signup_is_stored_as_text_and_escaped() -> None:
    client, response = _signup({"display_name": "<img src=x onerror=alert(1)>"})
    assert response.status_code == 302
    user = User.objects.get(email="new@example.jp")
    client.force_login(user)
    html = client.get("/ja/members/profile/").content.decode()
    assert "<img src=x onerror=alert(1)>" not in html

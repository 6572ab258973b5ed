"""Sign-up, e-mail verification and sign-in through allauth, with e-mail as the login."""

from __future__ import annotations

import re

import pytest

from django.core import mail
from django.test import Client

from members.models import User

from .factories import UserFactory

pytestmark = pytest.mark.django_db

GOOD = {
    "email": "hanako@example.jp",
    "display_name": "山田 花子",
    "name_reading": "やまだ はなこ",
    "password1": "Kawa-no-nagare-2026",
    "password2": "Kawa-no-nagare-2026",
}


def signup(client: Client, **changes) -> object:
    return client.post("/ja/accounts/signup/", {**GOOD, **changes})


def test_sign_up_sends_a_verification_mail_and_keeps_the_name(client: Client) -> None:
    response = signup(client)
    assert response.status_code == 302
    user = User.objects.get(email="hanako@example.jp")
    assert user.display_name == "山田 花子"
    assert user.name_reading == "やまだ はなこ"
    assert user.preferred_language == "ja"
    assert len(mail.outbox) == 1
    assert "/ja/accounts/confirm-email/" in mail.outbox[0].body


def test_unverified_people_cannot_sign_in_until_they_confirm(client: Client) -> None:
    signup(client)
    client.logout()
    response = client.post(
        "/ja/accounts/login/", {"login": GOOD["email"], "password": GOOD["password1"]}
    )
    assert response.headers["Location"] == "/ja/accounts/confirm-email/"
    assert "_auth_user_id" not in client.session

    key = re.search(r"/confirm-email/([^/]+)/", mail.outbox[-1].body).group(1)
    client.post(f"/ja/accounts/confirm-email/{key}/")
    response = client.post(
        "/ja/accounts/login/", {"login": "HANAKO@example.jp", "password": GOOD["password1"]}
    )
    assert response.headers["Location"] == "/ja/"
    assert client.session["_auth_user_id"] == str(User.objects.get().pk)


def test_duplicate_email_creates_nobody_and_tells_the_owner(client: Client) -> None:
    # allauth prevents account enumeration: the form answers as usual and the owner of
    # the address is told by mail that someone tried to sign up with it.
    UserFactory(email="hanako@example.jp")
    response = signup(client, email="Hanako@Example.JP")
    assert response.headers["Location"] == "/ja/accounts/confirm-email/"
    assert User.objects.count() == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["hanako@example.jp"]
    assert "アカウントが既に存在" in mail.outbox[0].subject
    assert "/ja/accounts/password/reset/" in mail.outbox[0].body


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"display_name": ""}, "display_name"),
        ({"display_name": "   "}, "display_name"),
        ({"display_name": "あ" * 81}, "display_name"),
        ({"email": "not-an-email"}, "email"),
        ({"email": "a@b.jp' OR '1'='1"}, "email"),
        ({"password2": "something-else-2026"}, "password2"),
        ({"password1": "123", "password2": "123"}, "password1"),
    ],
)
def test_bad_sign_up_input_gets_a_field_error_and_creates_nobody(
    client: Client, changes: dict, field: str
) -> None:
    response = signup(client, **changes)
    assert response.status_code == 200
    assert response.context["form"].errors.get(field), response.context["form"].errors
    assert not User.objects.exists()
    assert mail.outbox == []


def test_hostile_name_is_stored_as_text_and_escaped(client: Client, home_pages) -> None:
    hostile = '<script>alert("x")</script>\u202e花子\u200b'
    signup(client, display_name=hostile)
    user = User.objects.get()
    assert user.display_name == hostile
    user.emailaddress_set.update(verified=True)
    client.force_login(user)
    html = client.get("/ja/").content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


def test_control_characters_in_the_name_are_refused(client: Client) -> None:
    response = signup(client, display_name="花子\x00\x07")
    assert response.context["form"].errors["display_name"]
    assert not User.objects.exists()


def test_password_reset_mail_is_sent_in_japanese(client: Client) -> None:
    UserFactory(email="hanako@example.jp")
    response = client.post("/ja/accounts/password/reset/", {"email": "hanako@example.jp"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "/ja/accounts/password/reset/key/" in mail.outbox[0].body
    assert "パスワード" in mail.outbox[0].body


def test_logout_needs_a_post(client: Client) -> None:
    client.force_login(UserFactory())
    client.get("/ja/accounts/logout/")
    assert "_auth_user_id" in client.session
    client.post("/ja/accounts/logout/")
    assert "_auth_user_id" not in client.session


def test_manager_normalises_email_and_requires_one() -> None:
    user = User.objects.create_user("Taro@Example.JP", "pw-2026-long")
    assert user.email == "taro@example.jp"
    assert User.objects.get_by_natural_key("TARO@example.jp") == user
    with pytest.raises(ValueError):
        User.objects.create_user("", "pw")


def test_public_name_never_shows_the_email() -> None:
    user = UserFactory(display_name="", email="secret@example.jp")
    assert "secret" not in user.public_name

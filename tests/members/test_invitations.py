"""Invitations: a representative or city staff invites by e-mail; the link works once."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from django.contrib.auth.models import Group
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from members import roles
from members.models import Invitation, Membership, User

from .factories import InvitationFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

MANAGE = "/ja/members/organizations/{slug}/"


def _link(token: str, lang: str = "ja") -> str:
    return f"/{lang}/members/invitations/{token}/"


def _signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _snapshot() -> tuple:
    return (
        list(Invitation.objects.order_by("pk").values()),
        list(Membership.objects.order_by("pk").values()),
    )


# --- Sending -----------------------------------------------------------------------------


def test_representative_invites_by_email(organization, representative) -> None:
    client = _signed_in(representative)
    response = client.post(
        MANAGE.format(slug=organization.slug), {"email": " Colleague@Example.JP ", "role": "editor"}
    )
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.email == "colleague@example.jp"
    assert invitation.role == Membership.Role.EDITOR
    assert invitation.invited_by == representative
    assert len(invitation.token) >= 40
    assert invitation.expires - invitation.created == pytest.approx(
        dt.timedelta(days=7), abs=dt.timedelta(seconds=5)
    )
    [message] = mail.outbox
    assert message.to == ["colleague@example.jp"]
    assert "みどり野商工会" in message.subject
    assert f"http://testserver{_link(invitation.token)}" in message.body
    page = client.get(MANAGE.format(slug=organization.slug)).content.decode()
    assert "colleague@example.jp" in page
    assert "招待を送りました" in page
    assert "<h1>みどり野商工会 のメンバー</h1>" in page


def test_invitation_email_is_in_the_inviters_language(organization, representative) -> None:
    client = _signed_in(representative)
    client.post("/en/members/organizations/chamber/", {"email": "a@example.jp", "role": "member"})
    assert "Invitation to join" in mail.outbox[0].subject
    client.post("/ja/members/organizations/chamber/", {"email": "b@example.jp", "role": "member"})
    assert "招待" in mail.outbox[1].subject


def test_city_staff_may_invite_to_any_organisation(organization) -> None:
    staff = UserFactory()
    staff.groups.add(Group.objects.get(name=roles.CITY_STAFF))
    response = _signed_in(staff).post(
        MANAGE.format(slug=organization.slug), {"email": "new@example.jp", "role": "member"}
    )
    assert response.status_code == 302
    assert Invitation.objects.filter(organization=organization).count() == 1


@pytest.mark.parametrize("who", ["other_representative", "plain_member", "stranger"])
def test_others_cannot_invite_or_see_the_members(request, organization, representative, who):
    if who == "plain_member":
        user = MembershipFactory(organization=organization, role=Membership.Role.MEMBER).user
    else:
        user = request.getfixturevalue(who)
    client = _signed_in(user)
    before = _snapshot()
    page = client.get(MANAGE.format(slug=organization.slug))
    assert page.status_code == 403
    assert "rep@example.jp" not in page.content.decode()
    response = client.post(
        MANAGE.format(slug=organization.slug), {"email": "x@example.jp", "role": "representative"}
    )
    assert response.status_code == 403
    assert "代表者と市の職員だけ" in response.content.decode()
    assert _snapshot() == before
    assert mail.outbox == []


def test_anonymous_is_sent_to_sign_in(organization) -> None:
    response = Client().post(MANAGE.format(slug=organization.slug), {"email": "x@example.jp"})
    assert response.status_code == 302
    assert "/accounts/login/" in response.headers["Location"]
    assert not Invitation.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        {"email": "not-an-address", "role": "member"},
        {"email": "<script>alert(1)</script>@example.jp", "role": "member"},
        {"email": "x' OR 1=1 --@example.jp", "role": "member"},
        {"email": "a" * 300 + "@example.jp", "role": "member"},
        {"email": "ok@example.jp", "role": "superuser"},
        {"email": "ok@example.jp"},
        {"email": "\u202eok@example.jp", "role": "member"},
        {},
    ],
)
def test_malformed_invitations_are_refused(organization, representative, data) -> None:
    client = _signed_in(representative)
    response = client.post(MANAGE.format(slug=organization.slug), data)
    assert response.status_code == 400
    assert "<script>alert(1)</script>" not in response.content.decode()
    assert not Invitation.objects.exists()
    assert mail.outbox == []


def test_no_second_invitation_to_a_member_or_an_open_invitation(organization, representative):
    client = _signed_in(representative)
    response = client.post(
        MANAGE.format(slug=organization.slug), {"email": "REP@example.jp", "role": "member"}
    )
    assert response.status_code == 400
    assert "既にメンバー" in response.content.decode()
    InvitationFactory(organization=organization, email="open@example.jp")
    response = client.post(
        MANAGE.format(slug=organization.slug), {"email": "Open@example.jp", "role": "member"}
    )
    assert response.status_code == 400
    assert Invitation.objects.count() == 1


# --- Accepting ---------------------------------------------------------------------------


def test_new_person_signs_up_through_the_link_and_lands_as_member(organization, representative):
    invitation = InvitationFactory(
        organization=organization,
        email="Newcomer@Example.jp",
        role="editor",
        invited_by=representative,
    )
    client = Client()
    page = client.get(_link(invitation.token))
    assert page.status_code == 200
    html = page.content.decode()
    assert "みどり野商工会" in html
    signup_url = (
        re.search(r'href="(/ja/accounts/signup/[^"]+)"', html).group(1).replace("&amp;", "&")
    )
    assert "email=newcomer%40example.jp" in signup_url
    response = client.post(
        signup_url,
        {
            "email": "newcomer@example.jp",
            "display_name": "新しい 仲間",
            "password1": "a-long-pass-phrase-9",
            "password2": "a-long-pass-phrase-9",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response.headers["Location"] == _link(invitation.token)
    user = User.objects.get(email="newcomer@example.jp")
    assert user.display_name == "新しい 仲間"
    membership = Membership.objects.get(user=user, organization=organization)
    assert membership.role == Membership.Role.EDITOR
    assert membership.status == Membership.Status.ACTIVE
    invitation.refresh_from_db()
    assert invitation.accepted_by == user
    landing = client.get(response.headers["Location"])
    assert landing.status_code == 200
    assert "data-accepted" in landing.content.decode()
    # Signed in straight away: the link proved the address, no confirmation mail needed.
    assert landing.wsgi_request.user == user


def test_existing_person_signs_in_from_the_link_then_accepts(organization) -> None:
    invitation = InvitationFactory(organization=organization, email="known@example.jp")
    user = UserFactory(email="known@example.jp")
    client = Client()
    html = client.get(_link(invitation.token)).content.decode()
    login_url = re.search(r'href="(/ja/accounts/login/[^"]+)"', html).group(1).replace("&amp;", "&")
    response = client.post(
        login_url, {"login": "known@example.jp", "password": "correct horse battery"}
    )
    assert response.headers["Location"] == _link(invitation.token)
    # Signing in alone joins nothing: the person accepts on the page.
    assert not Membership.objects.filter(user=user).exists()
    assert "招待を承諾する" in client.get(_link(invitation.token)).content.decode()
    client.post(_link(invitation.token))
    assert Membership.objects.get(user=user).organization == organization


def test_existing_user_accepts_case_insensitively(organization) -> None:
    invitation = InvitationFactory(
        organization=organization, email="yamada@example.jp", role="member"
    )
    user = UserFactory(email="Yamada@Example.JP".lower())
    client = _signed_in(user)
    assert client.get(_link(invitation.token)).status_code == 200
    response = client.post(_link(invitation.token))
    assert response.status_code == 302
    assert Membership.objects.get(user=user, organization=organization).role == "member"


@pytest.mark.parametrize(
    ("current", "invited", "result"),
    [
        ("representative", "member", "representative"),
        ("editor", "member", "editor"),
        ("member", "editor", "editor"),
    ],
)
def test_accepting_never_lowers_an_active_role(organization, current, invited, result) -> None:
    membership = MembershipFactory(organization=organization, role=current)
    invitation = InvitationFactory(
        organization=organization, email=membership.user.email, role=invited
    )
    _signed_in(membership.user).post(_link(invitation.token))
    membership.refresh_from_db()
    assert membership.role == result


def test_accepting_revives_a_left_membership(organization) -> None:
    membership = MembershipFactory(
        organization=organization, status=Membership.Status.LEFT, role="editor"
    )
    invitation = InvitationFactory(organization=organization, email=membership.user.email)
    _signed_in(membership.user).post(_link(invitation.token))
    membership.refresh_from_db()
    assert membership.status == Membership.Status.ACTIVE
    assert membership.role == "member"
    assert membership.left_at is None


def _refused(client: Client, token: str, method: str = "post"):
    before = _snapshot()
    response = getattr(client, method)(_link(token))
    assert _snapshot() == before
    return response, response.content.decode()


def test_expired_link_is_refused(organization) -> None:
    invitation = InvitationFactory(
        organization=organization, expires=timezone.now() - dt.timedelta(seconds=1)
    )
    user = UserFactory(email=invitation.email)
    response, html = _refused(_signed_in(user), invitation.token)
    assert response.status_code == 410
    assert "有効期限が切れています" in html
    assert not Membership.objects.filter(user=user).exists()


def test_link_works_once(organization) -> None:
    invitation = InvitationFactory(organization=organization)
    first = UserFactory(email=invitation.email)
    _signed_in(first).post(_link(invitation.token))
    # The same person sees their membership; anyone else sees "already used".
    assert _signed_in(first).get(_link(invitation.token)).status_code == 200
    second = UserFactory()
    second.emails = None
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(user=second, email=invitation.email.upper(), verified=True)
    response, html = _refused(_signed_in(second), invitation.token)
    assert response.status_code == 410
    assert "既に使われています" in html
    response, html = _refused(Client(), invitation.token, "get")
    assert response.status_code == 410


@pytest.mark.parametrize(
    "token",
    ["forged-token", "a" * 43, "x" * 500, "<img src=x onerror=alert(1)>", "' OR 1=1 --", "招待"],
)
def test_forged_link_is_refused(organization, token) -> None:
    real = InvitationFactory(organization=organization)
    user = UserFactory(email=real.email)
    response, html = _refused(_signed_in(user), token)
    assert response.status_code == 404
    assert "招待のリンクが正しくありません" in html
    assert "<script>alert(1)</script>" not in html


def test_tampered_real_token_is_refused(organization) -> None:
    real = InvitationFactory(organization=organization)
    user = UserFactory(email=real.email)
    tampered = real.token[:-1] + ("A" if real.token[-1] != "A" else "B")
    response, _html = _refused(_signed_in(user), tampered)
    assert response.status_code == 404


def test_revoked_link_is_refused(organization, representative) -> None:
    invitation = InvitationFactory(organization=organization)
    _signed_in(representative).post(
        reverse("members:invitation_revoke", args=[organization.slug, invitation.pk])
    )
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    user = UserFactory(email=invitation.email)
    response, html = _refused(_signed_in(user), invitation.token)
    assert response.status_code == 410
    assert "取り消されました" in html


def test_link_is_bound_to_the_invited_address(organization) -> None:
    invitation = InvitationFactory(organization=organization, email="invited@example.jp")
    intruder = UserFactory(email="intruder@example.jp")
    response, html = _refused(_signed_in(intruder), invitation.token)
    assert response.status_code == 403
    assert "別のメールアドレス" in html
    response, _html = _refused(_signed_in(intruder), invitation.token, "get")
    assert response.status_code == 403
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_signup_through_the_link_always_holds_the_invited_address(organization) -> None:
    """Typing another address at sign-up still ends with the proven, invited one."""
    invitation = InvitationFactory(organization=organization, email="invited@example.jp")
    client = Client()
    client.get(_link(invitation.token))
    client.post(
        "/ja/accounts/signup/",
        {
            "email": "other@example.jp",
            "display_name": "新しい 仲間",
            "password1": "a-long-pass-phrase-9",
            "password2": "a-long-pass-phrase-9",
        },
    )
    [membership] = Membership.objects.filter(organization=organization)
    assert membership.user.email == "invited@example.jp"
    assert membership.user.emailaddress_set.get(email="invited@example.jp").verified


def test_organisation_name_is_escaped_on_the_invitation_page(db) -> None:
    from .factories import OrganizationFactory

    organization = OrganizationFactory(name="<script>alert('x')</script>団体")
    invitation = InvitationFactory(organization=organization)
    html = Client().get(_link(invitation.token)).content.decode()
    assert "<script>alert('x')</script>" not in html
    assert "&lt;script&gt;" in html


# --- Managing members --------------------------------------------------------------------


def test_representative_changes_role_and_removes(organization, representative) -> None:
    colleague = MembershipFactory(organization=organization, role=Membership.Role.MEMBER)
    client = _signed_in(representative)
    client.post(
        reverse("members:membership_role", args=[organization.slug, colleague.pk]),
        {"role": "editor"},
    )
    colleague.refresh_from_db()
    assert colleague.role == Membership.Role.EDITOR
    client.post(reverse("members:membership_remove", args=[organization.slug, colleague.pk]))
    colleague.refresh_from_db()
    assert colleague.status == Membership.Status.LEFT
    assert colleague.left_at is not None
    assert (
        colleague.user.public_name
        not in client.get(MANAGE.format(slug=organization.slug))
        .content.decode()
        .split('id="members-title"')[1]
        .split('id="invitations-title"')[0]
    )


def test_last_representative_cannot_leave_or_step_down(organization, representative) -> None:
    own = Membership.objects.get(user=representative)
    client = _signed_in(representative)
    before = _snapshot()
    response = client.post(
        reverse("members:membership_role", args=[organization.slug, own.pk]),
        {"role": "member"},
        follow=True,
    )
    assert "少なくとも1人の代表者" in response.content.decode()
    client.post(reverse("members:membership_remove", args=[organization.slug, own.pk]))
    assert _snapshot() == before


@pytest.mark.parametrize("role", ["superuser", "", "<b>x</b>", "representative'--"])
def test_bad_role_changes_nothing(organization, representative, role) -> None:
    colleague = MembershipFactory(organization=organization)
    before = _snapshot()
    _signed_in(representative).post(
        reverse("members:membership_role", args=[organization.slug, colleague.pk]), {"role": role}
    )
    assert _snapshot() == before


def test_other_organisations_representative_is_refused(
    organization, representative, other_organization, other_representative
) -> None:
    colleague = MembershipFactory(organization=organization)
    invitation = InvitationFactory(organization=organization)
    client = _signed_in(other_representative)
    before = _snapshot()
    for url, data in [
        (
            reverse("members:membership_role", args=[organization.slug, colleague.pk]),
            {"role": "representative"},
        ),
        (reverse("members:membership_remove", args=[organization.slug, colleague.pk]), {}),
        (reverse("members:invitation_revoke", args=[organization.slug, invitation.pk]), {}),
    ]:
        response = client.post(url, data)
        assert response.status_code == 403
        assert "代表者と市の職員だけ" in response.content.decode()
    # Nor through their own organisation's URL with someone else's membership id.
    for url in [
        reverse("members:membership_remove", args=[other_organization.slug, colleague.pk]),
        reverse("members:invitation_revoke", args=[other_organization.slug, invitation.pk]),
    ]:
        assert client.post(url).status_code == 404
    assert _snapshot() == before


def test_management_actions_need_post(organization, representative) -> None:
    colleague = MembershipFactory(organization=organization)
    client = _signed_in(representative)
    url = reverse("members:membership_remove", args=[organization.slug, colleague.pk])
    assert client.get(url).status_code == 405


def test_organisation_list_shows_only_own(organization, representative, other_organization):
    html = _signed_in(representative).get("/ja/members/organizations/").content.decode()
    assert "みどり野商工会" in html
    assert "JAみどり野" not in html


def test_invitations_are_rate_limited(organization, representative, settings) -> None:
    settings.MEMBERS_INVITATIONS_PER_HOUR = 2
    client = _signed_in(representative)
    url = MANAGE.format(slug=organization.slug)
    for n in range(2):
        assert client.post(url, {"email": f"p{n}@example.jp", "role": "member"}).status_code == 302
    response = client.post(url, {"email": "p9@example.jp", "role": "member"})
    assert response.status_code == 400
    assert "しばらくしてから" in response.content.decode()
    assert Invitation.objects.count() == 2
    assert len(mail.outbox) == 2

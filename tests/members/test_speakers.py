"""Who may speak on an organisation's behalf, and the log of what was said on it.

The entries that rooms write are tested in tests/dialogue/test_org_audit.py.
"""

from __future__ import annotations

import pytest

from django.contrib.auth.models import AnonymousUser, Group
from django.test import Client

from members import audit, roles
from members.models import AuditEntry, Membership, User
from members.rules import speaking_organization, speaking_organizations

from .factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

SPEAKERS = "/ja/members/organizations/{slug}/speakers/"
LOG = "/ja/members/organizations/{slug}/log/"
MANAGE = "/ja/members/organizations/{slug}/"
HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def _signed_in(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _staff(two_step: bool = False) -> User:
    user = UserFactory(two_step=two_step)
    user.groups.add(Group.objects.get(name=roles.CITY_STAFF))
    return user


@pytest.fixture
def team(organization, representative):
    editor = MembershipFactory(organization=organization, role=Membership.Role.EDITOR)
    member = MembershipFactory(organization=organization, role=Membership.Role.MEMBER)
    return editor, member


def _speaks(user: User, organization) -> bool:
    fresh = User.objects.get(pk=user.pk)
    return fresh.has_perm("members.speak_for_organization", organization)


def _state() -> list:
    return list(Membership.objects.order_by("pk").values_list("pk", "speaks_for_organization"))


# --- The rule -----------------------------------------------------------------------------


def test_by_default_representatives_and_editors_speak_members_do_not(
    organization, representative, team, other_organization
) -> None:
    editor, member = team
    assert _speaks(representative, organization)
    assert _speaks(editor.user, organization)
    assert not _speaks(member.user, organization)
    assert not _speaks(representative, other_organization)
    assert not AnonymousUser().has_perm("members.speak_for_organization", organization)


def test_a_member_who_left_or_an_inactive_organisation_speaks_for_nobody(
    organization, representative
) -> None:
    assert speaking_organization(representative, organization.slug) == organization
    assert speaking_organizations(User.objects.get(pk=representative.pk)) == [organization]
    organization.is_active = False
    organization.save()
    assert speaking_organization(representative, organization.slug) is None
    assert speaking_organizations(User.objects.get(pk=representative.pk)) == []


def test_the_organisations_a_person_speaks_for_follow_a_change_at_once(organization, team) -> None:
    """They are kept in the cache between requests (members.rules._standing); every change
    to a membership or an organisation retires them."""
    _editor, member = team
    assert speaking_organizations(User.objects.get(pk=member.user.pk)) == []
    member.speaks_for_organization = True
    member.save()
    assert speaking_organizations(User.objects.get(pk=member.user.pk)) == [organization]
    organization.name = "改名した組織"
    organization.save()
    assert speaking_organizations(User.objects.get(pk=member.user.pk))[0].name == "改名した組織"
    member.delete()
    assert speaking_organizations(User.objects.get(pk=member.user.pk)) == []


# --- The representatives' choice ----------------------------------------------------------


def test_representative_chooses_who_speaks_and_the_choice_is_logged(
    organization, representative, team
) -> None:
    editor, member = team
    page = _signed_in(representative).get(MANAGE.format(slug=organization.slug))
    html = page.content.decode()
    assert "組織を代表して発言できる人" in html
    assert f'value="{editor.pk}"' in html and f'value="{member.pk}"' in html
    assert LOG.format(slug=organization.slug) in html

    response = _signed_in(representative).post(
        SPEAKERS.format(slug=organization.slug), {"speakers": [member.pk]}
    )
    assert response.status_code == 302
    assert _speaks(member.user, organization)
    assert not _speaks(editor.user, organization)
    assert _speaks(representative, organization)  # representatives always do
    entries = AuditEntry.objects.filter(action=AuditEntry.Action.DELEGATE).order_by("target_id")
    assert [(e.target_id, e.previous_text, e.new_text, e.actor) for e in entries] == sorted(
        [
            (str(editor.pk), "yes", "no", representative),
            (str(member.pk), "no", "yes", representative),
        ]
    )
    # Saving the same choice again changes and logs nothing.
    _signed_in(representative).post(
        SPEAKERS.format(slug=organization.slug), {"speakers": [member.pk]}
    )
    assert AuditEntry.objects.count() == 2


def test_city_staff_may_choose_too(organization, team) -> None:
    _editor, member = team
    _signed_in(_staff()).post(SPEAKERS.format(slug=organization.slug), {"speakers": [member.pk]})
    assert _speaks(member.user, organization)


@pytest.mark.parametrize("who", ["anonymous", "member", "editor", "other_rep", "stranger"])
def test_forged_posts_by_others_change_nothing(
    who, organization, team, other_representative, stranger
) -> None:
    editor, member = team
    user = {
        "anonymous": None,
        "member": member.user,
        "editor": editor.user,
        "other_rep": other_representative,
        "stranger": stranger,
    }[who]
    before = _state()
    response = _signed_in(user).post(
        SPEAKERS.format(slug=organization.slug), {"speakers": [member.pk]}
    )
    assert response.status_code in {302, 403}
    if user is not None:
        assert response.status_code == 403
    else:
        assert "/accounts/login/" in response.headers["Location"]
    assert _state() == before
    assert not AuditEntry.objects.exists()


def test_a_representative_cannot_reach_another_organisations_members(
    organization, representative, other_organization
) -> None:
    theirs = MembershipFactory(organization=other_organization)
    before = _state()
    for payload in ({"speakers": [theirs.pk]}, {"speakers": ["abc"]}, {"speakers": ["9" * 30]}):
        response = _signed_in(representative).post(
            SPEAKERS.format(slug=organization.slug), payload, follow=True
        )
        assert "読み取れませんでした" in response.content.decode()
    # Posting to the other organisation's address is refused outright.
    response = _signed_in(representative).post(
        SPEAKERS.format(slug=other_organization.slug), {"speakers": [theirs.pk]}
    )
    assert response.status_code == 403
    assert _state() == before
    assert not AuditEntry.objects.exists()


def test_get_is_not_allowed_and_unknown_organisations_are_404(organization, representative) -> None:
    client = _signed_in(representative)
    assert client.get(SPEAKERS.format(slug=organization.slug)).status_code == 405
    assert client.post(SPEAKERS.format(slug="no-such-org"), {}).status_code == 404


def test_withdrawing_the_right_takes_effect_at_once(organization, representative, team) -> None:
    editor, _member = team
    user = User.objects.get(pk=editor.user.pk)
    assert speaking_organization(user, organization.slug) == organization
    _signed_in(representative).post(SPEAKERS.format(slug=organization.slug), {})
    assert speaking_organization(user, organization.slug) is None


# --- The organisation's log ---------------------------------------------------------------


def _entry(organization, actor, **fields) -> AuditEntry:
    return audit.record(actor=actor, organization=organization, **fields)


def test_representatives_read_their_log_with_hostile_text_escaped(
    organization, representative, other_organization
) -> None:
    _entry(
        organization,
        representative,
        action=AuditEntry.Action.EDIT,
        context=HOSTILE,
        previous_text="元の文\n" + HOSTILE,
        new_text="直した文",
        reason=HOSTILE,
    )
    _entry(other_organization, None, action=AuditEntry.Action.POST, new_text="よその団体の発言")
    response = _signed_in(representative).get(LOG.format(slug=organization.slug))
    assert response.status_code == 200
    html = response.content.decode()
    assert "元の文<br>" in html and "直した文" in html
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "よその団体の発言" not in html


def test_the_log_filters_by_action_and_ignores_nonsense(organization, representative) -> None:
    _entry(organization, representative, action=AuditEntry.Action.POST, new_text="投稿した")
    _entry(organization, representative, action=AuditEntry.Action.DELETE, previous_text="消した")
    client = _signed_in(representative)
    html = client.get(LOG.format(slug=organization.slug) + "?action=delete").content.decode()
    assert "消した" in html and "投稿した" not in html
    for query in ("?action=<x>", "?page=abc", "?page=99999", "?action=" + "x" * 5000):
        response = client.get(LOG.format(slug=organization.slug) + query)
        assert response.status_code == 200


@pytest.mark.parametrize("who", ["member", "editor", "other_rep", "stranger"])
def test_nobody_else_reads_an_organisations_log(
    who, organization, team, other_representative, stranger
) -> None:
    editor, member = team
    _entry(organization, None, action=AuditEntry.Action.POST, new_text="内部の記録")
    user = {
        "member": member.user,
        "editor": editor.user,
        "other_rep": other_representative,
        "stranger": stranger,
    }[who]
    response = _signed_in(user).get(LOG.format(slug=organization.slug))
    assert response.status_code == 403
    assert "内部の記録" not in response.content.decode()
    anonymous = _signed_in(None).get(LOG.format(slug=organization.slug))
    assert anonymous.status_code == 302


def test_the_log_is_paginated(organization, representative) -> None:
    for n in range(55):
        _entry(organization, representative, action=AuditEntry.Action.POST, new_text=f"発言{n}番")
    client = _signed_in(representative)
    first = client.get(LOG.format(slug=organization.slug)).content.decode()
    assert "発言54番" in first and "発言0番" not in first
    second = client.get(LOG.format(slug=organization.slug) + "?page=2").content.decode()
    assert "発言0番" in second


# --- Staff read the whole log in the Wagtail admin ----------------------------------------


def test_staff_read_the_log_in_the_admin_escaped_and_read_only(organization, representative):
    entry = _entry(
        organization,
        representative,
        action=AuditEntry.Action.HIDE,
        context=HOSTILE,
        previous_text=HOSTILE,
        reason="不適切",
    )
    client = _signed_in(_staff(two_step=True))
    index = client.get("/admin/audit_log/")
    assert index.status_code == 200
    html = index.content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;" in html
    filtered = client.get("/admin/audit_log/?action=post")
    assert filtered.status_code == 200
    assert "&lt;script&gt;" not in filtered.content.decode()
    inspect = client.get(f"/admin/audit_log/inspect/{entry.pk}/")
    assert inspect.status_code == 200
    assert "<script>alert" not in inspect.content.decode()
    assert "&lt;script&gt;" in inspect.content.decode()
    # Nobody edits, adds or deletes entries, not even through a forged request.
    for path in (f"/admin/audit_log/edit/{entry.pk}/", "/admin/audit_log/add/"):
        assert client.get(path).status_code in {302, 403}
        client.post(path, {"reason": "書き換え"})
    client.post(f"/admin/audit_log/delete/{entry.pk}/")
    entry.refresh_from_db()
    assert entry.reason == "不適切"
    assert AuditEntry.objects.count() == 1


def test_people_who_are_not_staff_do_not_see_the_admin_log(organization) -> None:
    _entry(organization, None, action=AuditEntry.Action.POST, new_text="内部")
    moderator = UserFactory(two_step=True)
    moderator.groups.add(Group.objects.get(name=roles.MODERATORS))
    response = _signed_in(moderator).get("/admin/audit_log/")
    assert response.status_code in {302, 403}

"""Attendance and contribution records: who sees which, the non-listed counted but not
named, the CSV Excel opens in Japanese, and staff recording in-person attendance."""

from __future__ import annotations

import datetime as dt
import json
from types import SimpleNamespace

import pytest

from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from dialogue.models import Acknowledgement, Attendance, DialogueSession, ProposalStatus
from members import roles
from members.models import Membership
from tests.dialogue.factories import DialogueSessionFactory, MessageFactory
from tests.dialogue.proposals.factories import ProposalFactory
from tests.members.factories import MembershipFactory, OrganizationFactory, UserFactory
from tests.support.clients import as_user

pytestmark = pytest.mark.django_db


def staffed(user):
    user.groups.add(Group.objects.get_or_create(name=roles.CITY_STAFF)[0])
    return user


@pytest.fixture
def people(db):
    org = OrganizationFactory(slug="kanko", name="観光協会")
    other = OrganizationFactory(slug="shoko", name="商工会")
    rep = MembershipFactory(
        organization=org,
        role=Membership.Role.REPRESENTATIVE,
        is_listed=True,
        user__display_name="代表 太郎",
    ).user
    member = MembershipFactory(
        organization=org, is_listed=True, user__display_name="会員 花子"
    ).user
    hidden = MembershipFactory(
        organization=org, is_listed=False, user__display_name="非掲載 次郎"
    ).user
    other_rep = MembershipFactory(
        organization=other, role=Membership.Role.REPRESENTATIVE, user__display_name="他団体 代表"
    ).user
    resident = UserFactory(display_name="住民 さくら")
    staff = staffed(UserFactory(display_name="職員 一郎", two_step=True))
    staff_without_two_step = staffed(UserFactory(display_name="職員 二郎"))
    moderator = UserFactory(display_name="モデレーター", two_step=True)
    moderator.groups.add(Group.objects.get_or_create(name=roles.MODERATORS)[0])
    training = DialogueSessionFactory(
        title="デジタル研修 第1回",
        is_training=True,
        status=DialogueSession.Status.CLOSED,
        starts_at=timezone.now() - dt.timedelta(days=2),
        ends_at=timezone.now() - dt.timedelta(days=2) + dt.timedelta(hours=1),
    )
    forum = DialogueSessionFactory(title="対話フォーラム", status=DialogueSession.Status.CLOSED)
    for user, session, seconds in (
        (member, training, 1800),
        (member, forum, 600),
        (hidden, forum, 1200),
        (rep, forum, 60),
    ):
        Attendance.objects.create(
            session=session, user=user, first_joined_at=session.starts_at, seconds_present=seconds
        )
    ProposalFactory(author=member, title="公開の提案")
    ProposalFactory(author=member, title="書きかけの提案", status=ProposalStatus.DRAFT)
    acknowledged = MessageFactory(author=member, body="市長が認めた発言")
    Acknowledgement.objects.create(message=acknowledged, user=staff, title="市長")
    MessageFactory(author=member, body="普通の発言")
    return SimpleNamespace(
        org=org,
        other=other,
        rep=rep,
        member=member,
        hidden=hidden,
        other_rep=other_rep,
        resident=resident,
        staff=staff,
        staff_without_two_step=staff_without_two_step,
        moderator=moderator,
        training=training,
        forum=forum,
    )


# --- one's own record ---------------------------------------------------------------------


def test_anonymous_visitors_are_asked_to_sign_in() -> None:
    for url in (
        "/ja/dialogue/record/",
        "/ja/dialogue/record/people/1/",
        "/ja/dialogue/record/organisations/kanko/",
        "/ja/dialogue/record/people/1.csv",
        "/ja/dialogue/record/organisations/kanko.csv",
    ):
        response = Client().get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/ja/accounts/login/"), url


def test_own_record_lists_sessions_trainings_proposals_and_acknowledged_posts(people) -> None:
    html = as_user(people.member).get("/ja/dialogue/record/").content.decode()
    assert "私の記録" in html
    assert "デジタル研修 第1回" in html and "対話フォーラム" in html
    assert "40分" in html  # 1800 + 600 seconds in total
    assert "公開の提案" in html and "書きかけの提案" in html  # one's own drafts too
    assert "市長が認めた発言" in html and "普通の発言" not in html
    assert "<caption>" in html and 'scope="col"' in html and 'scope="row"' in html
    assert "CSV" not in html


@pytest.mark.parametrize(
    "who", ["resident", "member", "rep", "other_rep", "moderator", "staff", "hidden"]
)
def test_every_role_sees_its_own_record(people, who) -> None:
    response = as_user(getattr(people, who)).get("/en/dialogue/record/")
    assert response.status_code == 200
    assert "My record" in response.content.decode()


def test_the_account_menu_links_to_my_record(people) -> None:
    html = as_user(people.resident).get("/ja/dialogue/").content.decode()
    assert 'href="/ja/dialogue/record/"' in html
    assert 'href="/ja/dialogue/record/"' not in Client().get("/ja/dialogue/").content.decode()


# --- someone else's record ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("member", 200),  # one's own, by its address
        ("staff", 200),
        ("resident", 403),
        ("hidden", 403),
        ("rep", 403),  # the organisation's table, not a member's whole record
        ("other_rep", 403),
        ("moderator", 403),
        ("staff_without_two_step", 403),
    ],
)
def test_a_persons_record_is_theirs_and_staffs(people, who, status) -> None:
    response = as_user(getattr(people, who)).get(f"/ja/dialogue/record/people/{people.member.pk}/")
    assert response.status_code == status
    if status == 200:
        assert "公開の提案" in response.content.decode()


def test_staff_see_drafts_others_would_not(people) -> None:
    html = as_user(people.staff).get(f"/ja/dialogue/record/people/{people.member.pk}/")
    assert "書きかけの提案" in html.content.decode()
    assert f"/ja/dialogue/record/people/{people.member.pk}.csv" in html.content.decode()


# --- an organisation's record -------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("rep", 200),
        ("staff", 200),
        ("member", 403),
        ("hidden", 403),
        ("resident", 403),
        ("other_rep", 403),
        ("moderator", 403),
        ("staff_without_two_step", 403),
    ],
)
def test_an_organisations_record_is_its_representatives_and_staffs(people, who, status) -> None:
    response = as_user(getattr(people, who)).get("/ja/dialogue/record/organisations/kanko/")
    assert response.status_code == status


def test_representatives_see_the_non_listed_counted_but_not_named(people) -> None:
    html = as_user(people.rep).get("/ja/dialogue/record/organisations/kanko/").content.decode()
    assert "会員 花子" in html and "代表 太郎" in html
    assert "非掲載 次郎" not in html
    assert "掲載を希望しない会員 1人" in html
    assert "<td>20</td>" in html  # the non-listed member's 1,200 seconds, counted
    assert "公開の提案" not in html  # counts only
    assert ".csv" not in html


def test_staff_see_everyone_named_and_may_export(people) -> None:
    html = as_user(people.staff).get("/ja/dialogue/record/organisations/kanko/").content.decode()
    assert "非掲載 次郎" in html
    assert "/ja/dialogue/record/organisations/kanko.csv" in html


def test_representatives_find_the_record_from_the_organisation_page(people, home_pages) -> None:
    org = OrganizationFactory(slug="onsen", name="温泉組合")
    rep = MembershipFactory(organization=org, role=Membership.Role.REPRESENTATIVE).user
    member = MembershipFactory(organization=org).user
    link = 'href="/ja/dialogue/record/organisations/onsen/"'
    assert link in as_user(rep).get("/ja/organizations/onsen/").content.decode()
    assert link not in as_user(member).get("/ja/organizations/onsen/").content.decode()
    assert link not in Client().get("/ja/organizations/onsen/").content.decode()


# --- CSV ----------------------------------------------------------------------------------


def _csv_lines(response) -> list[str]:
    body = response.content
    assert body.startswith("\ufeff".encode())
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert b"\r\n" in body and b"\n" not in body.replace(b"\r\n", b"")
    return body.decode("utf-8-sig").split("\r\n")


def test_person_csv_opens_in_excel_in_japanese(people) -> None:
    response = as_user(people.staff).get(f"/ja/dialogue/record/people/{people.member.pk}.csv")
    lines = _csv_lines(response)
    assert lines[0] == "種別,日時,タイトル,出席時間（分）,対面,状態"
    assert any(line.startswith("研修,") and "デジタル研修 第1回,30," in line for line in lines)
    assert any("書きかけの提案" in line for line in lines)
    assert any("市長が認めた発言" in line for line in lines)


def test_organisation_csv_names_everyone_for_staff(people) -> None:
    response = as_user(people.staff).get("/ja/dialogue/record/organisations/kanko.csv")
    lines = _csv_lines(response)
    assert lines[0].startswith("名前,役割,役職,出席したセッション")
    assert any(line.startswith("非掲載 次郎,") for line in lines)


def test_csv_defuses_formulas_in_names(people) -> None:
    people.member.display_name = '=HYPERLINK("http://evil")'
    people.member.save()
    response = as_user(people.staff).get("/ja/dialogue/record/organisations/kanko.csv")
    assert "'=HYPERLINK" in response.content.decode("utf-8-sig")


@pytest.mark.parametrize(
    "who", ["rep", "member", "resident", "moderator", "staff_without_two_step"]
)
def test_only_staff_export(people, who) -> None:
    client = as_user(getattr(people, who))
    assert client.get("/ja/dialogue/record/organisations/kanko.csv").status_code == 403
    assert client.get(f"/ja/dialogue/record/people/{people.member.pk}.csv").status_code == 403


# --- staff add in-person attendance -------------------------------------------------------


def test_staff_record_in_person_attendance_from_the_session_page(people) -> None:
    client = as_user(people.staff)
    page = client.get(f"/ja/dialogue/sessions/{people.training.pk}/").content.decode()
    assert "対面での出席を記録" in page
    response = client.post(
        f"/ja/dialogue/sessions/{people.training.pk}/attendance/",
        {"email": people.resident.email.upper()},
    )
    assert response.status_code == 302
    record = Attendance.objects.get(session=people.training, user=people.resident)
    assert (record.in_person, record.added_by, record.seconds_present) == (True, people.staff, 0)
    page = client.get(f"/ja/dialogue/sessions/{people.training.pk}/").content.decode()
    assert "住民 さくら" in page
    # The person now has a completed training.
    mine = as_user(people.resident).get("/ja/dialogue/record/").content.decode()
    assert "デジタル研修 第1回" in mine


@pytest.mark.parametrize(
    "who", ["rep", "member", "resident", "other_rep", "moderator", "staff_without_two_step", None]
)
def test_nobody_else_records_attendance(people, who) -> None:
    client = as_user(getattr(people, who) if who else None)
    page = client.get(f"/ja/dialogue/sessions/{people.forum.pk}/").content.decode()
    assert "attendance/" not in page
    response = client.post(
        f"/ja/dialogue/sessions/{people.forum.pk}/attendance/", {"email": people.resident.email}
    )
    assert response.status_code == (302 if who is None else 403)
    if who is None:
        assert "/accounts/login/" in response["Location"]
    assert not Attendance.objects.filter(user=people.resident).exists()


@pytest.mark.parametrize(
    "email",
    [
        "<script>alert(1)</script>@example.jp",
        "' OR 1=1; DROP TABLE dialogue_attendance; --",
        "x@example.jp' OR '1'='1",
        "a" * 300 + "@example.jp",
        "ｙａｍａｄａ＠ｅｘａｍｐｌｅ．ｊｐ",
        "",
        "nobody@example.jp",
    ],
)
def test_hostile_input_on_the_staff_form_is_refused_and_escaped(people, email) -> None:
    response = as_user(people.staff).post(
        f"/ja/dialogue/sessions/{people.forum.pk}/attendance/", {"email": email}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html
    assert 'aria-invalid="true"' in html
    assert Attendance.objects.count() == 4


# --- cost ---------------------------------------------------------------------------------


def _attend(user, n: int) -> None:
    start = timezone.now() - dt.timedelta(days=400)
    for i in range(n):
        session = DialogueSessionFactory(
            starts_at=start + dt.timedelta(days=i),
            ends_at=start + dt.timedelta(days=i, hours=1),
            is_training=i % 2 == 0,
        )
        Attendance.objects.create(
            session=session, user=user, first_joined_at=session.starts_at, seconds_present=60
        )


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    "url",
    [
        "/ja/dialogue/record/",
        "/ja/dialogue/record/people/{pk}/",
        "/ja/dialogue/record/people/{pk}.csv",
        "/ja/dialogue/record/organisations/kanko/",
        "/ja/dialogue/record/organisations/kanko.csv",
    ],
)
def test_queries_do_not_grow_with_the_number_of_sessions(people, url) -> None:
    viewer = people.member if url == "/ja/dialogue/record/" else people.staff
    client = as_user(viewer)
    url = url.format(pk=people.member.pk)
    _attend(people.member, 5)
    _attend(people.hidden, 5)
    client.get(url)  # caches filled once per process (site, locales) are not the point
    few = _queries(client, url)
    _attend(people.member, 95)
    _attend(people.hidden, 95)
    client.get(url)  # the new organisations retired the person's cached groups (roles generation)
    many = _queries(client, url)
    assert few == many, (few, many)


def test_attendance_is_in_download_my_data(people) -> None:
    response = as_user(people.member).get("/ja/members/profile/data/")
    assert response.status_code == 200
    rows = json.loads(response.content)["dialogue_attendance"]
    assert sorted((r["session"], r["seconds_present"], r["training"]) for r in rows) == [
        ("デジタル研修 第1回", 1800, True),
        ("対話フォーラム", 600, False),
    ]


def test_names_and_titles_are_escaped_on_every_record_page(people) -> None:
    people.member.display_name = "<script>alert('name')</script>"
    people.member.save()
    people.forum.title = "<img src=x onerror=alert(1)>会"
    people.forum.save()
    for client, url in (
        (as_user(people.member), "/ja/dialogue/record/"),
        (as_user(people.staff), f"/ja/dialogue/record/people/{people.member.pk}/"),
        (as_user(people.staff), "/ja/dialogue/record/organisations/kanko/"),
        (as_user(people.rep), "/ja/dialogue/record/organisations/kanko/"),
        (as_user(people.staff), f"/ja/dialogue/sessions/{people.forum.pk}/"),
    ):
        html = client.get(url).content.decode()
        assert "<script>alert('name')" not in html, url
        assert "<img src=x" not in html, url


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (roles.CITY_STAFF, True),
        (roles.MODERATORS, False),
        (roles.LEADERSHIP, False),
        (roles.REVIEWERS, False),
        ("editor", False),
        ("representative", False),  # of another organisation than the person's
        (None, False),
    ],
)
def test_record_permissions_for_every_role(people, role, expected) -> None:
    user = UserFactory(two_step=True)
    if role in roles.ALL:
        user.groups.add(Group.objects.get_or_create(name=role)[0])
    elif role is not None:
        MembershipFactory(user=user, organization=people.other, role=role)
    assert user.has_perm("dialogue.record_attendance") is expected
    assert user.has_perm("dialogue.export_records") is expected
    assert user.has_perm("dialogue.view_record", people.member) is expected
    assert user.has_perm("dialogue.view_organization_record", people.org) is expected
    assert user.has_perm("dialogue.view_record", user)  # one's own, always
    if role == "representative":
        assert user.has_perm("dialogue.view_organization_record", people.other)

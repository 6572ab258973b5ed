"""Decisions and follow-up actions: who records them, who marks them done, who sees them."""

from __future__ import annotations

import datetime as dt

import pytest

from django.urls import reverse
from django.utils import timezone

from dialogue import outcomes
from dialogue.models import Outcome
from dialogue.services import DialogueError
from members import roles
from members.models import Membership
from tests.dialogue.factories import MessageFactory
from tests.members.factories import MembershipFactory, UserFactory, in_group

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()


def action(session, owner, due=TODAY + dt.timedelta(days=7), **kwargs):
    return Outcome.objects.create(
        session=session, kind="action", text="周知のチラシを作る", owner=owner, due_on=due, **kwargs
    )


def test_staff_record_a_decision_and_an_action_from_a_message(staff, closed, world):
    decision = outcomes.record_outcome(
        staff, closed, kind="decision", text="  屋根を付ける  ", message=closed.message
    )
    assert decision.text == "屋根を付ける" and decision.owner is None
    assert decision.message == closed.message and decision.created_by == staff
    act = outcomes.record_outcome(
        staff, closed, kind="action", text="見積もりを取る", owner=world.org, due_on=TODAY
    )
    assert act.kind == "action" and act.owner == world.org and not act.is_done


@pytest.mark.parametrize("who", ["member", "outsider", "moderator", "mayor", "staff_without_2fa"])
def test_only_city_staff_with_two_step_record(who, world, closed):
    user = (
        in_group(UserFactory(), roles.CITY_STAFF)
        if who == "staff_without_2fa"
        else getattr(world, who)
    )
    with pytest.raises(DialogueError) as refused:
        outcomes.record_outcome(user, closed, kind="decision", text="決定")
    assert refused.value.code == "forbidden"
    assert not Outcome.objects.exists()


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"kind": "decision", "text": "   "}, "text"),
        ({"kind": "decision", "text": "あ" * 1001}, "text"),
        ({"kind": "nonsense", "text": "決定"}, "kind"),
        ({"kind": "action", "text": "やること", "due_on": TODAY}, "owner"),
        ({"kind": "action", "text": "やること", "owner": "org"}, "due_on"),
    ],
)
def test_bad_outcomes_are_refused_with_the_field(values, field, staff, closed, world):
    if values.get("owner") == "org":
        values["owner"] = world.org
    with pytest.raises(DialogueError) as refused:
        outcomes.record_outcome(staff, closed, **values)
    assert refused.value.context["field"] == field
    assert not Outcome.objects.exists()


def test_a_message_of_another_room_or_a_hidden_one_is_refused(staff, closed, world):
    elsewhere = MessageFactory(room=world.public)
    hidden = MessageFactory(room=closed.room, hidden=True)
    for message in (elsewhere, hidden):
        with pytest.raises(DialogueError):
            outcomes.record_outcome(staff, closed, kind="decision", text="x", message=message)


def test_the_owner_organisation_or_staff_mark_an_action_done(staff, closed, world):
    first = action(closed, world.org)
    with pytest.raises(DialogueError):
        outcomes.complete_action(world.other_member, first, "別団体")
    plain = MembershipFactory(organization=world.org, role=Membership.Role.MEMBER).user
    with pytest.raises(DialogueError):
        outcomes.complete_action(plain, first, "一般会員")
    done = outcomes.complete_action(world.member, first, "チラシを配りました <script>x</script>")
    assert done.is_done and done.done_by == world.member
    with pytest.raises(DialogueError):
        outcomes.complete_action(staff, first, "二度目")
    assert Outcome.objects.get(pk=first.pk).done_note.startswith("チラシを配りました")
    outcomes.reopen_action(staff, first)
    assert not Outcome.objects.get(pk=first.pk).is_done
    outcomes.complete_action(staff, first, "")
    assert Outcome.objects.get(pk=first.pk).done_by == staff


def test_overdue_is_an_open_action_past_its_date(closed, world):
    late = action(closed, world.org, due=TODAY - dt.timedelta(days=1))
    action(closed, world.org, due=TODAY - dt.timedelta(days=3), done_at=timezone.now())
    assert late.is_overdue
    assert list(Outcome.objects.overdue()) == [late]


def test_follow_ups_page_filters_and_hides_what_one_may_not_see(client, closed, world):
    open_one = action(closed, world.org)
    late = action(closed, world.other_org, due=TODAY - dt.timedelta(days=2))
    done = action(closed, world.org, done_at=timezone.now(), done_note="完了しました")
    secret = action(world.private.session, world.org)
    Outcome.objects.filter(pk=secret.pk).update(text="非公開の行動")

    def shown(query: str = "", user=None) -> str:
        if user is not None:
            client.force_login(user)
        response = client.get(reverse("dialogue:follow_ups") + query)
        assert response.status_code == 200
        return response.content.decode()

    html = shown()
    assert f'id="action-{open_one.pk}"' in html and f'id="action-{late.pk}"' in html
    assert f'id="action-{done.pk}"' not in html and "非公開の行動" not in html
    html = shown("?state=overdue")
    assert f'id="action-{late.pk}"' in html and f'id="action-{open_one.pk}"' not in html
    assert "完了しました" in shown("?state=done")
    html = shown("?state=all&organisation=chamber")
    assert f'id="action-{late.pk}"' in html and f'id="action-{open_one.pk}"' not in html
    # Garbage filters fall back to the defaults instead of failing.
    assert f'id="action-{open_one.pk}"' in shown("?state=%00'OR 1=1&organisation=<x>&page=-3")
    # The invited person sees the private session's action; no form to mark it done.
    html = shown("?state=all", user=world.invited)
    assert "非公開の行動" in html and 'name="note"' not in html
    # An editor of the owner organisation gets the form for their organisation's actions.
    html = shown("?state=open&organisation=tourism-association", user=world.member)
    assert html.count('name="note"') == 2  # open_one and the private one


def test_follow_ups_queries_do_not_grow(client, closed, world, django_assert_max_num_queries):
    for _ in range(5):
        action(closed, world.org)
    client.force_login(world.member)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        client.get(reverse("dialogue:follow_ups"))
    Outcome.objects.bulk_create(
        [
            Outcome(session=closed, kind="action", text=f"行動{i}", owner=world.org, due_on=TODAY)
            for i in range(60)
        ]
    )
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("dialogue:follow_ups"))


def test_marking_done_over_http(client, closed, world):
    act = action(closed, world.org)
    url = reverse("dialogue:follow_up_done", args=[act.pk])
    response = client.post(url, {"note": "済"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(world.other_member)
    assert client.post(url, {"note": "済"}).status_code == 403
    client.force_login(world.member)
    response = client.post(url, {"note": "済んだ", "next": "https://evil.example/"})
    assert response["Location"] == reverse("dialogue:follow_ups")
    assert Outcome.objects.get(pk=act.pk).done_note == "済んだ"
    response = client.post(url, {"note": "x" * 1001}, follow=True)
    assert "1,000" in response.content.decode()  # already done: or too long — never a 500
    client.force_login(world.outsider)
    secret = action(world.private.session, world.org)
    assert client.post(reverse("dialogue:follow_up_done", args=[secret.pk])).status_code == 404


def test_recording_from_a_message_page(client, staff, closed, world):
    url = reverse("dialogue:record_outcome", args=[closed.message.pk])
    assert "/accounts/login/" in client.get(url)["Location"]
    client.force_login(world.member)
    assert client.get(url).status_code == 403
    client.force_login(staff)
    page = client.get(url).content.decode()
    assert "駅前の駐輪場を来年度に屋根付きにする" in page
    response = client.post(url, {"kind": "action", "text": "<img src=x onerror=alert(1)>"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "アクションには担当団体が必要です。" in html  # said at the field
    response = client.post(
        url,
        {
            "kind": "action",
            "text": "<img src=x onerror=alert(1)> '; DROP TABLE x; --",
            "owner": world.org.pk,
            "due_on": "2027-03-31",
        },
    )
    assert response.status_code == 302
    saved = Outcome.objects.get()
    assert saved.message == closed.message and saved.due_on == dt.date(2027, 3, 31)
    session_page = client.get(reverse("dialogue:session", args=[closed.pk])).content.decode()
    assert "&lt;img src=x onerror=alert(1)&gt;" in session_page
    assert "<img src=x" not in session_page


def test_transcript_csv_leaves_out_hidden_and_names_former_members(client, closed, world):
    MessageFactory(room=closed.room, body="見せない発言", hidden=True)
    gone = UserFactory(display_name="去った人")
    MessageFactory(room=closed.room, author=gone, body="去った人の発言")
    gone.deleted_at = timezone.now()
    gone.save()
    response = client.get(reverse("dialogue:transcript", args=[closed.pk]))
    assert response.status_code == 200
    body = response.content
    assert body.startswith("\ufeff".encode()) and b"\r\n" in body
    text = body.decode("utf-8-sig")
    assert "駅前の駐輪場" in text and "見せない発言" not in text
    assert "元メンバー" in text and "去った人," not in text
    assert "attachment" in response["Content-Disposition"]
    private = world.private.session
    assert client.get(reverse("dialogue:transcript", args=[private.pk])).status_code == 302
    client.force_login(world.outsider)
    assert client.get(reverse("dialogue:transcript", args=[private.pk])).status_code == 403


def test_owner_organisations_hear_of_actions_due_once(closed, world):
    from dialogue import notify
    from notifications.models import Notification

    soon = action(closed, world.org, due=TODAY + dt.timedelta(days=3))
    action(closed, world.org, due=TODAY + dt.timedelta(days=30))  # not yet
    action(closed, world.org, due=TODAY - dt.timedelta(days=1), done_at=timezone.now())  # done
    plain = MembershipFactory(organization=world.org, role=Membership.Role.MEMBER).user
    assert notify.remind_due_actions() == 1
    assert notify.remind_due_actions() == 0  # the daily run again: nobody told twice
    told = Notification.objects.filter(kind="action_due")
    assert set(told.values_list("recipient", flat=True)) == {world.member.pk}
    assert not told.filter(recipient=plain).exists()
    assert f"#action-{soon.pk}" in told.get().url

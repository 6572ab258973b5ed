"""Decisions and actions in the Wagtail admin: staff record them from a message of the
session's room or on their own, edit them and mark actions done; nobody else can, and bad
input stores nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from django.urls import reverse

from dialogue.models import Outcome
from members import roles
from tests.dialogue.factories import DialogueSessionFactory, MessageFactory, RoomFactory
from tests.members.factories import OrganizationFactory, UserFactory, in_group

pytestmark = pytest.mark.django_db


def urls(session, outcome=None) -> dict[str, str]:
    found = {
        "list": reverse("dialogue_admin_outcomes", args=[session.pk]),
        "new": reverse("dialogue_admin_outcome_new", args=[session.pk]),
    }
    if outcome is not None:
        found["edit"] = reverse("dialogue_admin_outcome_edit", args=[session.pk, outcome.pk])
        found["done"] = reverse("dialogue_admin_outcome_done", args=[session.pk, outcome.pk])
    return found


ACTION = {"kind": "action", "text": "見積もりを取る", "due_on": "2027-01-31"}


def test_staff_record_from_a_message_of_the_room_and_see_it_listed(client, staff, closed, world):
    client.force_login(staff)
    message = closed.message
    # The message listing offers it, with the session filled in.
    listing = client.get(
        reverse("wagtailsnippets_dialogue_message:list") + f"?room={message.room_id}"
    )
    assert listing.status_code == 200
    new_url = urls(closed)["new"] + f"?message={message.pk}"
    assert new_url.replace("&", "&amp;") in listing.content.decode()
    form = client.get(new_url)
    assert form.status_code == 200
    assert "駅前の駐輪場を来年度に屋根付きにする" in form.content.decode()  # the text to start from

    response = client.post(new_url, {**ACTION, "message": message.pk, "owner": world.org.pk})
    assert response.status_code == 302 and response["Location"] == urls(closed)["list"]
    recorded = Outcome.objects.get()
    assert (recorded.kind, recorded.owner, recorded.due_on) == (
        "action",
        world.org,
        dt.date(2027, 1, 31),
    )
    assert recorded.message == message and recorded.created_by == staff
    listed = client.get(urls(closed)["list"]).content.decode()
    assert f'id="outcome-{recorded.pk}"' in listed and "見積もりを取る" in listed


def test_staff_record_a_decision_without_a_message_edit_it_and_complete_an_action(
    client, staff, closed, world
):
    client.force_login(staff)
    client.post(urls(closed)["new"], {"kind": "decision", "text": "屋根を付ける"})
    decision = Outcome.objects.get()
    assert decision.message is None and decision.owner is None

    # A decision turned into an action: owner and due date are then required.
    edit = urls(closed, decision)["edit"]
    assert client.post(edit, {"kind": "action", "text": "屋根を付ける"}).status_code == 400
    response = client.post(edit, {**ACTION, "owner": world.other_org.pk})
    assert response.status_code == 302
    decision.refresh_from_db()
    assert (decision.kind, decision.text, decision.owner) == (
        "action",
        "見積もりを取る",
        world.other_org,
    )

    done = urls(closed, decision)["done"]
    client.post(done, {"note": "見積もりを受け取りました"})
    decision.refresh_from_db()
    assert decision.is_done and decision.done_by == staff
    assert "見積もりを受け取りました" in client.get(urls(closed)["list"]).content.decode()
    client.post(done, {"reopen": "1"})
    decision.refresh_from_db()
    assert not decision.is_done

    # The session's listing offers the outcomes page.
    sessions = client.get(reverse("wagtailsnippets_dialogue_dialoguesession:list"))
    assert urls(closed)["list"] in sessions.content.decode()


@pytest.mark.parametrize(
    "who", ["anonymous", "member", "outsider", "moderator", "mayor", "staff_without_2fa"]
)
def test_nobody_but_city_staff_with_two_step_may(client, who, world, closed):
    existing = Outcome.objects.create(session=closed, kind="decision", text="既存の決定")
    if who != "anonymous":
        user = (
            in_group(UserFactory(), roles.CITY_STAFF)
            if who == "staff_without_2fa"
            else getattr(world, who)
        )
        client.force_login(user)
    found = urls(closed, existing)
    for url in (found["list"], found["new"], found["edit"]):
        assert client.get(url).status_code in (302, 403), url
    posts = [
        (found["new"], {"kind": "decision", "text": "勝手な決定"}),
        (found["edit"], {"kind": "decision", "text": "書き換え"}),
        (found["done"], {"note": "x"}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code in (302, 403), url
    existing.refresh_from_db()
    assert existing.text == "既存の決定" and Outcome.objects.count() == 1
    refused = client.get(found["list"])
    expected = {
        "moderator": reverse("wagtailadmin_home"),  # in the admin, not allowed this
        "mayor": reverse("wagtailadmin_home"),
        "member": reverse("wagtailadmin_home"),  # an editor of their organisation's pages
        "staff_without_2fa": "/accounts/2fa/totp/activate/",  # set up two-step first
    }.get(who, "/accounts/login/")
    assert expected in refused["Location"]
    # No button offers it either.
    client.force_login(world.moderator)
    listing = client.get(
        reverse("wagtailsnippets_dialogue_message:list") + f"?room={closed.message.room_id}"
    ).content.decode()
    assert found["new"] not in listing


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"kind": "decision", "text": ""}, "text"),
        ({"kind": "decision", "text": "   \u200b "}, "text"),
        ({"kind": "decision", "text": "あ" * 1001}, "text"),
        ({"kind": "", "text": "決定"}, "kind"),
        ({"kind": "verdict", "text": "決定"}, "kind"),
        ({**ACTION, "due_on": "31/01/2027"}, "due_on"),
        ({**ACTION, "due_on": "2027-02-30"}, "due_on"),
        ({**ACTION, "due_on": "来週"}, "due_on"),
        ({**ACTION, "due_on": "2027-01-31'; DROP TABLE dialogue_outcome; --"}, "due_on"),
        ({**ACTION, "due_on": ""}, "due_on"),
        ({**ACTION, "owner": "x"}, "owner"),
        ({**ACTION, "owner": "99999999"}, "owner"),
        ({**ACTION, "owner": "inactive"}, "owner"),
    ],
)
def test_bad_input_is_refused_and_stores_nothing(client, staff, closed, world, values, field):
    if "owner" not in values and values["kind"] == "action":
        values = {**values, "owner": world.org.pk}
    if values.get("owner") == "inactive":
        values = {**values, "owner": OrganizationFactory(is_active=False).pk}
    client.force_login(staff)
    response = client.post(urls(closed)["new"], values)
    assert response.status_code == 400
    assert response.context["form"].errors.get(field), response.context["form"].errors
    assert not Outcome.objects.exists()
    # The error is tied to its field for screen readers, by an id that exists on the page.
    html = response.content.decode()
    bound = response.context["form"][field]
    if not bound.use_fieldset:
        assert f'aria-describedby="{bound.auto_id}_error"' in html
    assert f'id="{bound.auto_id}_error"' in html


def test_markup_is_stored_as_text_and_shown_escaped(client, staff, closed):
    client.force_login(staff)
    client.post(
        urls(closed)["new"],
        {"kind": "decision", "text": '<script>alert(1)</script><img src=x onerror="x()">'},
    )
    html = client.get(urls(closed)["list"]).content.decode()
    assert "<script>alert(1)" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def not_found(response) -> bool:
    """A 404 in the admin, after Django's LocaleMiddleware tried the /ja/ prefix once."""
    return response.status_code == 404 and all(
        "/admin/" in url for url, _status in response.redirect_chain
    )


def test_messages_and_outcomes_of_other_sessions_are_not_found(client, staff, closed, world):
    other = DialogueSessionFactory(organiser=world.org, title="別の会")
    elsewhere = MessageFactory(room=RoomFactory(slug="other-room", session=other))
    hidden = MessageFactory(room=closed.message.room, hidden=True)
    free_room = MessageFactory(room=world.public)  # a room with no session
    foreign = Outcome.objects.create(session=other, kind="decision", text="別の会の決定")
    client.force_login(staff)
    new = urls(closed)["new"]
    for message_id in (elsewhere.pk, hidden.pk, free_room.pk, "abc", "-1", "9" * 30):
        assert not_found(client.get(f"{new}?message={message_id}", follow=True))
        data = {"kind": "decision", "text": "x", "message": message_id}
        assert client.post(new, data).status_code in (302, 404)  # 404, then the /ja/ retry
    assert not Outcome.objects.filter(session=closed).exists()
    wrong = urls(closed, foreign)
    assert not_found(client.get(wrong["edit"], follow=True))
    client.post(wrong["edit"], {"kind": "decision", "text": "奪う"})
    client.post(wrong["done"], {"note": "x"})
    foreign.refresh_from_db()
    assert foreign.text == "別の会の決定" and foreign.session == other
    assert not_found(client.get(reverse("dialogue_admin_outcomes", args=[999999]), follow=True))


def test_a_decision_is_not_marked_done(client, staff, closed):
    decision = Outcome.objects.create(session=closed, kind="decision", text="決定")
    client.force_login(staff)
    client.post(urls(closed, decision)["done"], {"note": "x"})
    decision.refresh_from_db()
    assert decision.done_at is None


def test_the_message_listing_with_its_buttons_costs_the_same_queries_for_more_messages(
    client, staff, closed
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(staff)
    url = reverse("wagtailsnippets_dialogue_message:list")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _i in range(15):
        MessageFactory(room=closed.message.room)
    with CaptureQueriesContext(connection) as many:
        html = client.get(url).content.decode()
    assert html.count(urls(closed)["new"]) == 16
    assert len(many) == len(few)

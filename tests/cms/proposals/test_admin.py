"""The moderation queue in the Wagtail admin, and the room's link to a proposal."""

from __future__ import annotations

import pytest

from dialogue.models import ProposalStatus, Report
from members import roles
from tests.dialogue.proposals.factories import CommentFactory, ProposalFactory
from tests.members.factories import UserFactory, in_group

S = ProposalStatus
pytestmark = pytest.mark.django_db
QUEUE = "/admin/proposals/moderation/"


@pytest.fixture
def moderator(db):
    return in_group(UserFactory(two_step=True), roles.MODERATORS)


@pytest.fixture
def staff(db):
    return in_group(UserFactory(two_step=True), roles.CITY_STAFF)


def test_only_moderators_open_the_queue(client, index, people, moderator):
    client.force_login(people.resident)
    assert client.get(QUEUE).status_code in (302, 403)
    client.force_login(people.mayor)
    assert client.get(QUEUE).status_code in (302, 403)
    client.force_login(moderator)
    assert client.get(QUEUE).status_code == 200


def test_approve_reject_hide_and_dismiss(client, index, moderator, people):
    waiting = ProposalFactory(title="確認待ちの提案", status=S.SUBMITTED, published_at=None)
    other = ProposalFactory(title="差し戻す提案", status=S.SUBMITTED, published_at=None)
    client.force_login(moderator)
    html = client.get(QUEUE).content.decode()
    assert "確認待ちの提案" in html and "差し戻す提案" in html
    client.post(f"{QUEUE}act/", {"action": "publish", "proposal": waiting.pk})
    waiting.refresh_from_db()
    assert waiting.status == S.PUBLISHED
    response = client.post(f"{QUEUE}act/", {"action": "reject", "proposal": other.pk})
    other.refresh_from_db()
    assert other.status == S.SUBMITTED  # a reason is required
    client.post(f"{QUEUE}act/", {"action": "reject", "proposal": other.pk, "reason": "重複"})
    other.refresh_from_db()
    assert other.status == S.REJECTED and other.status_reason == "重複"

    comment = CommentFactory(proposal=waiting, body="ひどいコメント")
    Report.objects.create(reporter=people.resident, comment=comment, reason="暴言")
    Report.objects.create(reporter=people.member, proposal=waiting, reason="気になる")
    html = client.get(QUEUE).content.decode()
    assert "ひどいコメント" in html and "暴言" in html
    client.post(f"{QUEUE}act/", {"action": "hide_comment", "comment": comment.pk, "reason": "暴言"})
    comment.refresh_from_db()
    assert comment.hidden and comment.hidden_by == moderator
    report = Report.objects.get(proposal=waiting)
    client.post(f"{QUEUE}act/", {"action": "dismiss", "report": report.pk})
    report.refresh_from_db()
    assert report.resolved_by == moderator
    for junk in ({"action": "publish", "proposal": "x"}, {"action": "nope"}, {}):
        assert client.post(f"{QUEUE}act/", junk).status_code in (302, 404)
    assert response.status_code == 302


def test_staff_adopt_into_a_pilot_and_decline_with_a_reason(
    client, index, staff, moderator, django_capture_on_commit_callbacks
):
    from django.core import mail

    proposal = ProposalFactory(title="採用する提案")
    client.force_login(moderator)
    url = f"{QUEUE}{proposal.pk}/status/"
    response = client.post(url, {"status": "not_adopted", "reason": "理由"})
    assert response.status_code == 200  # a moderator does not decide
    proposal.refresh_from_db()
    assert proposal.status == S.PUBLISHED
    client.force_login(staff)
    response = client.post(url, {"status": "adopted", "reason": ""})
    assert response.status_code == 200 and "pilot" in response.context["form"].errors
    response = client.post(url, {"status": "not_adopted", "reason": ""})
    assert "reason" in response.context["form"].errors
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"status": "not_adopted", "reason": "予算がつかないため"})
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == S.NOT_ADOPTED
    assert "予算がつかないため" in mail.outbox[-1].body
    public = client.get(proposal.get_absolute_url("ja")).content.decode()
    assert "予算がつかないため" in public


def test_a_published_proposal_shows_in_its_room_message(client, index, people):
    from dialogue import services as room_services
    from dialogue.proposals import services
    from tests.dialogue.factories import MessageFactory, RoomFactory

    room = RoomFactory(slug="forum")
    message = MessageFactory(room=room, author=people.member, body="駅に屋根を")
    proposal = services.draft_from_message(message, people.member)
    access = room_services.access_for(people.resident, room)
    history, _complete = room_services.history(room, access)
    assert history[0]["proposals"] == []  # a draft is nobody's business
    services.submit_proposal(proposal, people.member)
    services.publish_proposal(proposal, people.moderator)
    history, _complete = room_services.history(room, access)
    assert history[0]["proposals"] == [
        {"id": proposal.pk, "title": "駅に屋根を", "url": proposal.get_absolute_url()}
    ]
    client.force_login(people.member)
    html = client.get(f"/ja/dialogue/rooms/{room.slug}/").content.decode()
    assert "/ja/proposals/from-message/" in html
    response = client.get(f"/ja/proposals/from-message/{message.pk}/")
    assert response.status_code == 200
    client.force_login(people.resident)
    assert client.get(f"/ja/proposals/from-message/{message.pk}/").status_code == 404


def test_city_staff_edit_and_publish_the_proposal_index_and_others_do_not(client, proposal_indexes):
    from tests.members.factories import MembershipFactory

    staff = in_group(UserFactory(two_step=True), roles.CITY_STAFF)
    for page in proposal_indexes.values():
        assert page.permissions_for_user(staff).can_publish()
    japanese = proposal_indexes["ja"]
    client.force_login(staff)
    assert client.get(f"/admin/pages/{japanese.pk}/edit/").status_code == 200
    editor = MembershipFactory(role="editor").user
    moderator = in_group(UserFactory(two_step=True), roles.MODERATORS)
    for outsider in (editor, moderator):
        assert not japanese.permissions_for_user(outsider).can_edit()

"""Proposal services: lifecycle, supports, comments, reports, acknowledgement, rate limits."""

from __future__ import annotations

import datetime as dt

import pytest

from django.core import mail
from django.utils import timezone

from dialogue.models import (
    Acknowledgement,
    Comment,
    Proposal,
    ProposalStatus,
    ProposalStatusChange,
    Report,
    Support,
)
from dialogue.proposals import services
from dialogue.services import DialogueError
from tests.dialogue.factories import MessageFactory, RoomFactory

from .factories import CommentFactory, ProposalFactory, ThemeFactory

S = ProposalStatus
pytestmark = pytest.mark.django_db


def draft(user, **kwargs):
    values = {
        "title": "公園にベンチを",
        "summary": "休める場所を。",
        "body": "高齢者が休めるように。",
    }
    values.update(kwargs)
    return services.save_draft(user, **values)[0]


def test_the_whole_lifecycle_is_recorded_and_mailed(people, django_capture_on_commit_callbacks):
    theme = ThemeFactory(slug="welfare")
    with django_capture_on_commit_callbacks(execute=True):
        proposal = draft(people.author, themes=[theme], place="中央公園")
        assert proposal.status == S.DRAFT and proposal.themes.get() == theme
        services.submit_proposal(proposal, people.author)
        services.publish_proposal(proposal, people.moderator)
        services.change_status(proposal, people.moderator, S.UNDER_DISCUSSION)
        pilot = _pilot_page()
        services.change_status(proposal, people.staff, S.ADOPTED, pilot=pilot)
        services.change_status(proposal, people.staff, S.IMPLEMENTED, reason="設置しました")
    proposal.refresh_from_db()
    assert proposal.status == S.IMPLEMENTED
    assert proposal.pilot_id == pilot.pk
    assert proposal.published_at is not None and proposal.submitted_at is not None
    history = list(proposal.status_changes.values_list("from_status", "to_status", "changed_by"))
    assert history == [
        ("", S.DRAFT, people.author.pk),
        (S.DRAFT, S.SUBMITTED, people.author.pk),
        (S.SUBMITTED, S.PUBLISHED, people.moderator.pk),
        (S.PUBLISHED, S.UNDER_DISCUSSION, people.moderator.pk),
        (S.UNDER_DISCUSSION, S.ADOPTED, people.staff.pk),
        (S.ADOPTED, S.IMPLEMENTED, people.staff.pk),
    ]
    # One mail per change after the draft, all to the author.
    assert len(mail.outbox) == 5
    assert {tuple(m.to) for m in mail.outbox} == {(people.author.email,)}
    assert "設置しました" in mail.outbox[-1].body


def test_the_mail_is_in_the_authors_language(people, django_capture_on_commit_callbacks):
    people.author.preferred_language = "en"
    people.author.save()
    proposal = draft(people.author)
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_proposal(proposal, people.author)
        services.reject_proposal(proposal, people.moderator, "個人名が含まれています")
    assert "Your proposal" in mail.outbox[0].subject
    assert "Not published" in mail.outbox[1].subject
    assert "個人名が含まれています" in mail.outbox[1].body
    people.author.preferred_language = "ja"
    people.author.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_proposal(proposal, people.author)
    assert "提案" in mail.outbox[2].subject


def test_nothing_is_mailed_when_the_transaction_rolls_back(
    people, django_capture_on_commit_callbacks
):
    proposal = draft(people.author)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.submit_proposal(proposal, people.author)
    assert len(callbacks) == 1
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("start", "target", "who"),
    [
        (S.DRAFT, S.PUBLISHED, "moderator"),  # skipping moderation
        (S.SUBMITTED, S.ADOPTED, "staff"),
        (S.IMPLEMENTED, S.PUBLISHED, "moderator"),
        (S.PUBLISHED, S.DRAFT, "author"),
        (S.PUBLISHED, "nonsense", "staff"),
    ],
)
def test_impossible_transitions_are_refused(people, start, target, who):
    proposal = ProposalFactory(author=people.author, status=start)
    with pytest.raises(DialogueError) as refused:
        services.change_status(proposal, getattr(people, who), target)
    assert refused.value.code == "invalid"
    proposal.refresh_from_db()
    assert proposal.status == start


@pytest.mark.parametrize(
    ("start", "target", "allowed", "refused"),
    [
        (S.DRAFT, S.SUBMITTED, "author", ["resident", "moderator"]),
        (S.SUBMITTED, S.PUBLISHED, "moderator", ["author", "resident", "mayor"]),
        (S.PUBLISHED, S.UNDER_DISCUSSION, "moderator", ["author", "mayor"]),
        (S.PUBLISHED, S.NOT_ADOPTED, "staff", ["author", "moderator", "mayor"]),
    ],
)
def test_who_may_move_a_proposal(people, start, target, allowed, refused):
    for name in refused:
        proposal = ProposalFactory(author=people.author, status=start)
        with pytest.raises(DialogueError) as error:
            services.change_status(proposal, getattr(people, name), target, reason="理由")
        assert error.value.code == "forbidden", name
    proposal = ProposalFactory(author=people.author, status=start)
    services.change_status(proposal, getattr(people, allowed), target, reason="理由")
    proposal.refresh_from_db()
    assert proposal.status == target


def test_not_adopted_and_rejected_need_a_public_reason(people):
    for start, target, who in [
        (S.PUBLISHED, S.NOT_ADOPTED, people.staff),
        (S.SUBMITTED, S.REJECTED, people.moderator),
    ]:
        proposal = ProposalFactory(status=start)
        with pytest.raises(DialogueError) as refused:
            services.change_status(proposal, who, target, reason="   ")
        assert refused.value.context["field"] == "reason"
        services.change_status(proposal, who, target, reason="予算の見通しが立たないため")
        proposal.refresh_from_db()
        assert proposal.status_reason == "予算の見通しが立たないため"


def test_adopting_needs_a_pilot(people):
    proposal = ProposalFactory()
    with pytest.raises(DialogueError) as refused:
        services.change_status(proposal, people.staff, S.ADOPTED)
    assert refused.value.context["field"] == "pilot"


def test_a_rejected_proposal_can_be_changed_and_sent_again(people):
    proposal = draft(people.author)
    services.submit_proposal(proposal, people.author)
    services.reject_proposal(proposal, people.moderator, "具体的な場所を書いてください")
    proposal.refresh_from_db()
    services.save_draft(
        people.author, title="中央公園にベンチを", summary="休める場所", body="…", proposal=proposal
    )
    services.submit_proposal(proposal, people.author)
    proposal.refresh_from_db()
    assert proposal.status == S.SUBMITTED and proposal.title == "中央公園にベンチを"


def test_published_proposals_can_no_longer_be_edited_by_the_author(people):
    proposal = ProposalFactory(author=people.author)
    with pytest.raises(DialogueError) as refused:
        services.save_draft(people.author, title="x", summary="y", body="z", proposal=proposal)
    assert refused.value.code == "forbidden"


def test_double_submission_makes_one_proposal(people):
    first, created = services.save_draft(
        people.author, title="t", summary="s", body="b", submission_key="abc123"
    )
    again, created_again = services.save_draft(
        people.author, title="t", summary="s", body="b", submission_key="abc123"
    )
    assert created and not created_again and first.pk == again.pk
    assert Proposal.objects.filter(author=people.author).count() == 1


def test_more_than_five_proposals_an_hour_are_refused_politely(people):
    for n in range(5):
        draft(people.author, title=f"提案 {n}")
    with pytest.raises(DialogueError) as refused:
        draft(people.author, title="6つ目")
    assert refused.value.code == "rate_limited"
    assert "しばらく" in str(refused.value.detail)  # "please wait a little", politely
    Proposal.objects.update(created_at=timezone.now() - dt.timedelta(minutes=61))
    draft(people.author, title="一時間後")


def test_on_behalf_only_of_an_organisation_one_may_speak_for(people):
    proposal = draft(people.member, as_org="tourism-association")
    assert proposal.as_org == people.org
    with pytest.raises(DialogueError) as refused:
        draft(people.resident, as_org="tourism-association")
    assert refused.value.code == "forbidden" and refused.value.context["field"] == "as_org"


def test_supporting_twice_counts_once_and_withdrawing_works(people):
    proposal = ProposalFactory()
    assert services.set_support(proposal, people.resident, True) == (True, 1)
    assert services.set_support(proposal, people.resident, True) == (True, 1)
    assert services.toggle_support(proposal, people.member) == (True, 2)
    assert services.toggle_support(proposal, people.resident) == (False, 1)
    assert Support.objects.filter(proposal=proposal).count() == 1
    proposal.refresh_from_db()
    assert proposal.support_count == 1


def test_drafts_and_closed_proposals_cannot_be_supported(people):
    for status in (S.DRAFT, S.SUBMITTED, S.REJECTED, S.NOT_ADOPTED):
        with pytest.raises(DialogueError):
            services.toggle_support(ProposalFactory(status=status), people.resident)
    with pytest.raises(DialogueError):
        services.toggle_support(ProposalFactory(hidden=True), people.resident)


def test_comments_have_one_level_of_replies(people):
    proposal = ProposalFactory()
    top, _ = services.post_comment(proposal, people.resident, body="賛成です")
    reply, _ = services.post_comment(proposal, people.member, body="私も", parent=top)
    deeper, _ = services.post_comment(proposal, people.author, body="ありがとう", parent=reply)
    assert reply.parent == top and deeper.parent == top
    proposal.refresh_from_db()
    assert proposal.comment_count == 3


def test_comments_are_editable_for_fifteen_minutes_by_their_author(people):
    comment = CommentFactory(author=people.resident)
    services.edit_comment(comment, people.resident, body="修正しました")
    assert comment.edited_at is not None and comment.body == "修正しました"
    with pytest.raises(DialogueError):
        services.edit_comment(comment, people.member, body="他人")
    Comment.objects.filter(pk=comment.pk).update(
        created_at=timezone.now() - dt.timedelta(minutes=16)
    )
    comment.refresh_from_db()
    with pytest.raises(DialogueError):
        services.edit_comment(comment, people.resident, body="遅すぎ")


def test_deleting_a_comment_keeps_its_place_without_text(people):
    proposal = ProposalFactory()
    comment, _ = services.post_comment(proposal, people.resident, body="消します")
    with pytest.raises(DialogueError):
        services.delete_comment(comment, people.member)
    services.delete_comment(comment, people.resident)
    services.delete_comment(comment, people.resident)  # twice: counted once
    comment.refresh_from_db()
    proposal.refresh_from_db()
    assert comment.deleted and comment.body == "" and comment.html == ""
    assert Comment.objects.filter(pk=comment.pk).exists()
    assert proposal.comment_count == 0


def test_more_than_thirty_comments_an_hour_are_refused(people):
    proposal = ProposalFactory()
    for n in range(30):
        services.post_comment(proposal, people.resident, body=f"コメント {n}")
    with pytest.raises(DialogueError) as refused:
        services.post_comment(proposal, people.resident, body="31")
    assert refused.value.code == "rate_limited"


def test_a_double_posted_comment_is_stored_once(people):
    proposal = ProposalFactory()
    a, created = services.post_comment(proposal, people.resident, body="x", submission_key="k1")
    b, created_again = services.post_comment(
        proposal, people.resident, body="x", submission_key="k1"
    )
    assert a.pk == b.pk and created and not created_again
    proposal.refresh_from_db()
    assert proposal.comment_count == 1


def test_reports_and_hiding(people):
    proposal = ProposalFactory()
    comment = CommentFactory(proposal=proposal)
    Proposal.objects.filter(pk=proposal.pk).update(comment_count=1)
    first = services.report(people.resident, reason="個人攻撃です", comment=comment)
    again = services.report(people.resident, reason="もう一度", comment=comment)
    assert first.pk == again.pk
    with pytest.raises(DialogueError):
        services.hide_comment(comment, people.resident, "だめ")
    services.hide_comment(comment, people.moderator, "個人攻撃のため")
    first.refresh_from_db()
    proposal.refresh_from_db()
    assert comment.hidden and comment.hidden_by == people.moderator
    assert first.resolved_by == people.moderator
    assert proposal.comment_count == 0
    services.report(people.resident, reason="宣伝です", proposal=proposal)
    services.hide_proposal(proposal, people.moderator, "宣伝のため")
    assert not Proposal.objects.public().filter(pk=proposal.pk).exists()
    assert Report.objects.filter(resolved_at__isnull=True).count() == 0


def test_leadership_acknowledges_a_proposal_with_the_rooms_model(people):
    proposal = ProposalFactory()
    assert services.toggle_acknowledgement(proposal, people.mayor) is True
    ack = Acknowledgement.objects.get(proposal=proposal)
    assert ack.title == "市長" and ack.message_id is None
    assert services.toggle_acknowledgement(proposal, people.mayor) is False
    with pytest.raises(DialogueError):
        services.toggle_acknowledgement(proposal, people.moderator)
    with pytest.raises(DialogueError):
        services.toggle_acknowledgement(ProposalFactory(status=S.DRAFT), people.mayor)


def test_a_room_message_becomes_a_draft_linked_both_ways(people):
    from tests.dialogue.factories import DialogueSessionFactory

    session = DialogueSessionFactory(organiser=people.org)
    room = RoomFactory(session=session)
    message = MessageFactory(
        room=room,
        author=people.member,
        as_org=people.org,
        body="温泉街の混雑状況を\nスマートフォンで見られるようにしたい",
    )
    proposal = services.draft_from_message(message, people.member)
    assert proposal.status == S.DRAFT
    assert proposal.title == "温泉街の混雑状況を"
    assert "スマートフォン" in proposal.body
    assert proposal.source_message == message and list(message.raised_proposals.all()) == [proposal]
    assert list(proposal.sessions.all()) == [session]
    assert proposal.as_org == people.org
    assert services.draft_from_message(message, people.member).pk == proposal.pk
    # A moderator may too; someone else may not.
    assert services.draft_from_message(message, people.moderator).author == people.moderator
    with pytest.raises(DialogueError):
        services.draft_from_message(message, people.resident)


def test_status_history_keeps_who_from_to_when_why(people):
    proposal = ProposalFactory(status=S.PUBLISHED)
    services.change_status(proposal, people.staff, S.NOT_ADOPTED, reason="既存事業で対応")
    change = ProposalStatusChange.objects.get(proposal=proposal)
    assert (change.changed_by, change.from_status, change.to_status, change.reason) == (
        people.staff,
        S.PUBLISHED,
        S.NOT_ADOPTED,
        "既存事業で対応",
    )
    assert change.created_at <= timezone.now()


def _pilot_page():
    from wagtail.models import Page

    return Page.get_first_root_node()

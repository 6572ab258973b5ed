"""Who may do what with proposals: one matrix of roles × permissions × states."""

from __future__ import annotations

import datetime as dt

import pytest

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from dialogue.models import Proposal
from dialogue.models.proposals import ProposalStatus
from dialogue.rules import visible_proposals_filter
from tests.dialogue.factories import MessageFactory

from .factories import CommentFactory, ProposalFactory

S = ProposalStatus
pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "author", "resident", "member", "moderator", "staff", "mayor"]


def who(people, role):
    return AnonymousUser() if role == "anonymous" else getattr(people, role)


# permission, state, roles that may
MATRIX = [
    ("dialogue.view_proposal", S.DRAFT, {"author", "moderator", "staff"}),
    ("dialogue.view_proposal", S.SUBMITTED, {"author", "moderator", "staff"}),
    ("dialogue.view_proposal", S.REJECTED, {"author", "moderator", "staff"}),
    ("dialogue.view_proposal", S.PUBLISHED, set(ROLES)),
    ("dialogue.view_proposal", S.NOT_ADOPTED, set(ROLES)),
    ("dialogue.view_proposal", "hidden", {"author", "moderator", "staff"}),
    ("dialogue.change_proposal", S.DRAFT, {"author"}),
    ("dialogue.change_proposal", S.REJECTED, {"author"}),
    ("dialogue.change_proposal", S.SUBMITTED, set()),
    ("dialogue.change_proposal", S.PUBLISHED, set()),
    ("dialogue.support_proposal", S.PUBLISHED, set(ROLES) - {"anonymous"}),
    ("dialogue.support_proposal", S.UNDER_DISCUSSION, set(ROLES) - {"anonymous"}),
    ("dialogue.support_proposal", S.DRAFT, set()),
    ("dialogue.support_proposal", S.IMPLEMENTED, set()),
    ("dialogue.support_proposal", "hidden", set()),
    ("dialogue.comment_proposal", S.PUBLISHED, set(ROLES) - {"anonymous"}),
    ("dialogue.comment_proposal", S.SUBMITTED, set()),
    ("dialogue.report_proposal", S.PUBLISHED, set(ROLES) - {"anonymous"}),
    ("dialogue.report_proposal", S.DRAFT, set()),
    ("dialogue.moderate_proposal", S.SUBMITTED, {"moderator", "staff"}),
    ("dialogue.decide_proposal", S.PUBLISHED, {"staff"}),
    ("dialogue.acknowledge_proposal", S.PUBLISHED, {"mayor"}),
    ("dialogue.acknowledge_proposal", S.DRAFT, set()),
]


@pytest.mark.parametrize(("perm", "state", "allowed"), MATRIX)
def test_proposal_permissions(people, perm, state, allowed):
    fields = {"hidden": True} if state == "hidden" else {"status": state}
    proposal = ProposalFactory(author=people.author, **fields)
    for role in ROLES:
        assert who(people, role).has_perm(perm, proposal) is (role in allowed), (perm, state, role)


def test_add_proposal_is_for_anyone_signed_in(people):
    assert not AnonymousUser().has_perm("dialogue.add_proposal")
    for role in ROLES[1:]:
        assert who(people, role).has_perm("dialogue.add_proposal")
    people.resident.is_active = False
    assert not people.resident.has_perm("dialogue.add_proposal")


def test_comment_permissions(people):
    comment = CommentFactory(author=people.resident)
    assert people.resident.has_perm("dialogue.edit_comment", comment)
    assert not people.member.has_perm("dialogue.edit_comment", comment)
    assert not people.moderator.has_perm("dialogue.edit_comment", comment)
    assert people.moderator.has_perm("dialogue.delete_comment", comment)
    assert people.resident.has_perm("dialogue.delete_comment", comment)
    assert not people.member.has_perm("dialogue.delete_comment", comment)
    assert people.member.has_perm("dialogue.report_comment", comment)
    assert not AnonymousUser().has_perm("dialogue.report_comment", comment)
    assert people.moderator.has_perm("dialogue.moderate_comment", comment)
    assert not people.mayor.has_perm("dialogue.moderate_comment", comment)
    comment.created_at = timezone.now() - dt.timedelta(minutes=15, seconds=1)
    assert not people.resident.has_perm("dialogue.edit_comment", comment)


def test_convert_message_permission(people):
    message = MessageFactory(author=people.member)
    assert people.member.has_perm("dialogue.convert_message", message)
    assert people.moderator.has_perm("dialogue.convert_message", message)
    assert not people.resident.has_perm("dialogue.convert_message", message)
    assert not AnonymousUser().has_perm("dialogue.convert_message", message)
    message.deleted = True
    assert not people.member.has_perm("dialogue.convert_message", message)


def test_the_listing_filter_agrees_with_the_rule(people):
    proposals = [ProposalFactory(author=people.author, status=s) for s in S.values]
    proposals.append(ProposalFactory(author=people.author, hidden=True))
    for role in ROLES:
        user = who(people, role)
        listed = set(
            Proposal.objects.filter(visible_proposals_filter(user)).values_list("pk", flat=True)
        )
        expected = {p.pk for p in proposals if user.has_perm("dialogue.view_proposal", p)}
        assert listed == expected, role

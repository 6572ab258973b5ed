"""Proposal news in the notification centre: the author on status changes and comments,
followers of a public proposal; nobody told about a proposal they cannot see."""

from __future__ import annotations

import pytest

from django.core import mail

from dialogue import notify as telling
from dialogue.models import ProposalStatus as S
from dialogue.proposals import services
from notifications.models import Follow, Notification, Preference
from tests.dialogue.proposals.factories import ProposalFactory
from tests.dialogue.proposals.test_services import _pilot_page

pytestmark = pytest.mark.django_db


def test_a_status_change_tells_the_author_and_followers_mailing_once(
    people, django_capture_on_commit_callbacks
) -> None:
    proposal = ProposalFactory(author=people.author)
    Follow.objects.create(user=people.resident, target=f"proposal:{proposal.pk}")
    with django_capture_on_commit_callbacks(execute=True):
        services.change_status(proposal, people.staff, S.ADOPTED, pilot=_pilot_page())
    author = Notification.objects.get(recipient=people.author)
    assert author.kind == "proposal_status" and author.emailed_at is not None
    assert Notification.objects.get(recipient=people.resident).kind == "followed_update"
    # The author's one e-mail is the proposal's own status e-mail; the digest won't repeat it.
    assert [m.to for m in mail.outbox] == [[people.author.email]]


def test_an_author_who_chose_never_gets_no_status_mail(
    people, django_capture_on_commit_callbacks
) -> None:
    Preference.objects.create(user=people.author, kind="proposal_status", delivery="never")
    proposal = ProposalFactory(author=people.author)
    with django_capture_on_commit_callbacks(execute=True):
        services.change_status(proposal, people.staff, S.ADOPTED, pilot=_pilot_page())
    assert mail.outbox == []
    assert Notification.objects.filter(recipient=people.author).exists()


def test_a_comment_tells_the_author_not_the_commenter(people) -> None:
    proposal = ProposalFactory(author=people.author)
    Follow.objects.create(user=people.member, target=f"proposal:{proposal.pk}")
    services.post_comment(proposal, people.resident, body="**賛成**です \u202e")
    assert Notification.objects.get(recipient=people.author).kind == "proposal_comment"
    assert Notification.objects.get(recipient=people.member).excerpt.startswith("**賛成**です")
    assert not Notification.objects.filter(recipient=people.resident).exists()


def test_followers_hear_nothing_of_a_proposal_they_can_no_longer_see(people) -> None:
    proposal = ProposalFactory(author=people.author, status=S.REJECTED)
    Follow.objects.create(user=people.resident, target=f"proposal:{proposal.pk}")
    Follow.objects.create(user=people.moderator, target=f"proposal:{proposal.pk}")
    telling.proposal_status_changed(proposal, people.moderator)
    told = set(Notification.objects.values_list("recipient", flat=True))
    # The resident cannot see a rejected proposal; the author and moderators can.
    assert told == {people.author.pk}  # the moderator acted: not told of their own act

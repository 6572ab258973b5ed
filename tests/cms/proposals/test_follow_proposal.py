"""A public proposal's page has a follow button; a proposal one cannot see cannot be followed."""

from __future__ import annotations

import pytest

from dialogue.models import ProposalStatus as S
from notifications.models import Follow
from tests.dialogue.proposals.factories import ProposalFactory

pytestmark = pytest.mark.django_db


def test_follow_a_public_proposal_but_not_a_draft(client, index, people) -> None:
    public = ProposalFactory(author=people.author)
    draft = ProposalFactory(author=people.author, status=S.DRAFT)
    client.force_login(people.resident)
    page = client.get(f"/ja/proposals/{public.pk}-{public.slug}/").content.decode()
    assert f'value="proposal:{public.pk}"' in page
    client.post("/ja/notifications/follow/", {"target": f"proposal:{public.pk}", "follow": "1"})
    assert Follow.objects.filter(user=people.resident, target=f"proposal:{public.pk}").exists()
    response = client.post(
        "/ja/notifications/follow/", {"target": f"proposal:{draft.pk}", "follow": "1"}
    )
    assert response.status_code == 404
    assert draft.title not in response.content.decode()
    assert not Follow.objects.filter(target=f"proposal:{draft.pk}").exists()

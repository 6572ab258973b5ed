from __future__ import annotations

import pytest

from cms.models import ProposalIndexPage
from tests.cms.index_pages import publish_with_english
from tests.dialogue.proposals.conftest import people  # noqa: F401 (fixture)


@pytest.fixture
def proposal_indexes(home_pages):
    """The proposal index under the Japanese home page (/ja/proposals/) and its English one."""
    index = ProposalIndexPage(title="みんなの提案", slug="proposals", intro="<p>提案</p>")
    return publish_with_english(home_pages, index, "Proposals")


@pytest.fixture
def index(proposal_indexes):
    return proposal_indexes["ja"]

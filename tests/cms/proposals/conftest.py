from __future__ import annotations

import pytest

from cms.models import ProposalIndexPage
from tests.dialogue.proposals.conftest import people  # noqa: F401 (fixture)


@pytest.fixture
def proposal_indexes(home_pages):
    """The proposal index under the Japanese home page (/ja/proposals/) and its English one."""
    from wagtail.models import Locale

    index = home_pages.add_child(
        instance=ProposalIndexPage(title="みんなの提案", slug="proposals", intro="<p>提案</p>")
    )
    index.save_revision().publish()
    english = index.copy_for_translation(Locale.objects.get(language_code="en")).specific
    english.title = "Proposals"
    english.save_revision().publish()
    return {"ja": index, "en": english}


@pytest.fixture
def index(proposal_indexes):
    return proposal_indexes["ja"]

from __future__ import annotations

import pytest

from cms.models import PilotIndexPage
from tests.cms.index_pages import publish_with_english


@pytest.fixture
def pilot_indexes(home_pages):
    """The pilot index under the Japanese home page and its English translation."""
    index = PilotIndexPage(title="実証実験", slug="pilots")
    return publish_with_english(home_pages, index, "Pilot projects")


@pytest.fixture
def pilot_index(pilot_indexes):
    return pilot_indexes["ja"]

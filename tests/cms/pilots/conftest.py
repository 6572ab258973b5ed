from __future__ import annotations

import pytest

from cms.models import PilotIndexPage


@pytest.fixture
def pilot_indexes(home_pages):
    """The pilot index under the Japanese home page and its English translation."""
    from wagtail.models import Locale

    index = home_pages.add_child(instance=PilotIndexPage(title="実証実験", slug="pilots"))
    index.save_revision().publish()
    english = index.copy_for_translation(Locale.objects.get(language_code="en")).specific
    english.title = "Pilot projects"
    english.save_revision().publish()
    return {"ja": index, "en": english}


@pytest.fixture
def pilot_index(pilot_indexes):
    return pilot_indexes["ja"]

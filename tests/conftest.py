from __future__ import annotations

import pytest


@pytest.fixture
def home_pages(db):
    """The Japanese home page as the site root, with its English translation."""
    from cms import demo

    return demo.seed(lambda _what: None)

from __future__ import annotations

import pytest


@pytest.fixture
def home_pages(db):
    """The Japanese home page as the site root, with its English translation."""
    from cms import demo

    return demo.seed(lambda _what: None)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """allauth's rate limits live in the cache: no test inherits another's counters."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()

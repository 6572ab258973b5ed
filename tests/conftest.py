from __future__ import annotations

import pytest

# Daphne logs next to the failures of tests that run servers (tests/support/).
pytest_plugins = ["tests.support.pytest_plugin"]


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Browser tests run last: the quick failures come first, and async tests never run
    while a Playwright session is open."""
    items.sort(key=lambda item: "tests/e2e/" in str(item.path))


@pytest.fixture
def home_pages(db):
    """The Japanese home page as the site root, with its English translation."""
    from cms.demo import pages as demo

    return demo.seed(lambda _what: None)


@pytest.fixture(autouse=True)
def _site_language():
    """Every test starts in the site's language (Japanese): a request to an /en/ page leaves
    English active in the thread, which would otherwise leak into the next test."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fresh_cache():
    """allauth's rate limits live in the cache: no test inherits another's counters."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()

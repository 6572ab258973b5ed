"""Generation numbers: one cache round trip per request for the site-wide ones, each number
read once per request, a request's own bump read again, and every read fresh outside one."""

from __future__ import annotations

from unittest import mock

import pytest

from django.core.cache import cache
from django.test import RequestFactory

from members import generations
from members.middleware import GenerationsMiddleware
from notifications.services import UNREAD_GENERATION


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


class Spy:
    """Counts the calls that reach the cache."""

    def __init__(self) -> None:
        self.calls: list[str] = []
        self.depth = 0

    def __enter__(self):
        self.patches = [
            mock.patch.object(cache, name, side_effect=self.counted(name, getattr(cache, name)))
            for name in ("get", "get_many", "add", "incr", "set")
        ]
        for patch in self.patches:
            patch.start()
        return self

    def counted(self, name, real):
        def call(*args, **kwargs):
            if self.depth == 0:  # not the gets LocMemCache's get_many makes itself
                self.calls.append(name)
            self.depth += 1
            try:
                return real(*args, **kwargs)
            finally:
                self.depth -= 1

        return call

    def __exit__(self, *exc) -> None:
        for patch in self.patches:
            patch.stop()


SITE_WIDE = (generations.PAGES, generations.ROLES, UNREAD_GENERATION)


def test_the_site_wide_numbers_come_in_one_round_trip() -> None:
    for key in SITE_WIDE:
        generations.bump(key)
    stored = [cache.get(key) for key in SITE_WIDE]
    with generations.one_read_per_request(), Spy() as spy:
        numbers = [generations.generation(key) for key in SITE_WIDE for _ in range(3)]
    assert numbers == [n for n in stored for _ in range(3)]
    assert spy.calls == ["get_many"]


def test_a_number_of_its_own_is_fetched_with_them_then_kept() -> None:
    with generations.one_read_per_request(), Spy() as spy:
        first = generations.generation("dialogue:room:7:generation")
        again = generations.generation("dialogue:room:7:generation")
        pages = generations.generation(generations.PAGES)
    assert first == again == cache.get("dialogue:room:7:generation")
    assert pages == cache.get(generations.PAGES)
    # Fetched with the site-wide ones; stored (add, then read back) only because it was
    # missing; then kept. PAGES was fetched (missing) in the same round trip.
    assert spy.calls == ["get_many", "add", "get", "add", "get"]


def test_a_requests_own_change_is_read_again_and_the_next_request_sees_it() -> None:
    with generations.one_read_per_request():
        before = generations.generation(generations.ROLES)
        generations.bump(generations.ROLES)
        assert generations.generation(generations.ROLES) == before + 1
    with generations.one_read_per_request():
        assert generations.generation(generations.ROLES) == before + 1


def test_outside_a_request_every_read_goes_to_the_cache() -> None:
    first = generations.generation(generations.PAGES)
    cache.incr(generations.PAGES)  # another process publishes
    assert generations.generation(generations.PAGES) == first + 1


def test_a_change_by_another_process_during_a_request_shows_in_the_next() -> None:
    with generations.one_read_per_request():
        seen = generations.generation(generations.PAGES)
        cache.incr(generations.PAGES)
        # One request reads one consistent number...
        assert generations.generation(generations.PAGES) == seen
    with generations.one_read_per_request():
        # ...and the next request the new one.
        assert generations.generation(generations.PAGES) == seen + 1


def test_the_middleware_gives_each_request_its_own_numbers() -> None:
    seen = []

    def view(request):
        seen.append(generations.generation(generations.PAGES))
        cache.incr(generations.PAGES)
        seen.append(generations.generation(generations.PAGES))
        return None

    middleware = GenerationsMiddleware(view)
    middleware(RequestFactory().get("/"))
    middleware(RequestFactory().get("/"))
    first = seen[0]
    assert seen == [first, first, first + 1, first + 1]
    assert generations._request_numbers.get() is None


def test_a_lost_number_never_comes_back_to_an_old_value() -> None:
    """After Redis is flushed (or evicts a number), keys built with the old numbers must not
    be met again, or a process's kept copies would be served as new."""
    old = generations.generation(generations.PAGES)
    generations.bump(generations.PAGES)
    cache.clear()
    assert generations.generation(generations.PAGES) > old + 1
    cache.clear()
    generations.bump(generations.PAGES)  # a bump of a missing number starts it afresh too
    assert cache.get(generations.PAGES) > old + 1

"""Send limits and typing throttles are atomic counters in the cache (dialogue/limits.py).

Across processes on Redis: tests/integration/test_limits_cluster.py.
"""

from __future__ import annotations

import threading

import pytest

from django.core.cache import cache

from dialogue import limits


@pytest.fixture(autouse=True)
def _small_limit(settings):
    settings.DIALOGUE_RATE_LIMIT_SENDS = 3
    settings.DIALOGUE_RATE_LIMIT_SECONDS = 10.0


def test_the_nth_send_passes_and_the_next_is_refused() -> None:
    assert [limits.take_send(1, 1) for _ in range(5)] == [True, True, True, False, False]
    assert limits.take_send(2, 1)  # another room has its own budget
    assert limits.take_send(1, 2)  # and another person


def test_the_counter_is_one_integer_with_a_timeout_not_a_list() -> None:
    limits.take_send(7, 7)
    limits.take_send(7, 7)
    assert cache.get("dialogue:rate:7:7") == 2


def test_a_window_that_expired_opens_a_new_one(monkeypatch) -> None:
    for _ in range(3):
        limits.take_send(1, 1)
    assert not limits.take_send(1, 1)
    cache.delete("dialogue:rate:1:1")  # what expiry does
    assert limits.take_send(1, 1)


def test_a_key_that_vanishes_between_add_and_incr_is_recreated(monkeypatch) -> None:
    real_add = cache.add
    calls = []

    def add_then_expire(key, value, timeout=None):
        added = real_add(key, value, timeout=timeout)
        if not calls:
            cache.delete(key)
        calls.append(key)
        return added

    monkeypatch.setattr(cache, "add", add_then_expire)
    assert limits.take_send(3, 3)
    assert len(calls) == 2
    assert cache.get("dialogue:rate:3:3") == 1


def test_threads_racing_in_one_process_accept_exactly_the_limit() -> None:
    results: list[bool] = []
    lock = threading.Lock()
    start = threading.Barrier(12)

    def send() -> None:
        start.wait()
        outcome = limits.take_send(9, 9)
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=send) for _ in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results.count(True) == 3


def test_a_fractional_window_still_expires_and_is_never_zero(settings) -> None:
    assert limits._ttl(0.2) == 1
    assert limits._ttl(10.0) == 10
    assert limits._ttl(2.5) == 3


async def test_typing_passes_once_per_interval() -> None:
    assert await limits.take_typing(1, 1)
    assert not await limits.take_typing(1, 1)
    assert await limits.take_typing(1, 2)

"""The Redis cache that shares one redis-py client per pool, against the real Redis."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from django.core.cache import caches
from django.core.cache.backends.redis import RedisCacheClient

from consortium.redis_cache import RedisCache
from members import generations


def make_cache(redis_url: str) -> RedisCache:
    return RedisCache(redis_url, {"KEY_PREFIX": "shared-client-test"})


def test_one_client_serves_every_call(redis_url: str) -> None:
    cache = make_cache(redis_url)
    assert cache._cache.get_client() is cache._cache.get_client(write=True)
    cache.set("greeting", {"ja": "こんにちは"}, 30)
    assert cache.get("greeting") == {"ja": "こんにちは"}
    assert cache.get_many(["greeting", "absent"]) == {"greeting": {"ja": "こんにちは"}}
    assert cache.add("greeting", "again", 30) is False
    cache.delete("greeting")
    assert cache.get("greeting") is None


def test_threads_share_the_client_without_losing_a_write(redis_url: str) -> None:
    cache = make_cache(redis_url)
    cache.set("counter", 0, 30)

    def work(thread: int) -> list[int]:
        seen = []
        for n in range(200):
            cache.incr("counter")
            cache.set(f"thread-{thread}", n, 30)
            seen.append(cache.get(f"thread-{thread}"))
        return seen

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(work, range(8)))
    # Each thread read back exactly what it wrote, in order: no reply reached another thread.
    assert results == [list(range(200))] * 8
    assert cache.get("counter") == 1600
    assert len({id(cache._cache.get_client()) for _ in range(3)}) == 1


# --- members.generations in front of Redis: what a process keeps of generation-named keys ---


@pytest.fixture
def shared_cache(redis_url: str, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "consortium.redis_cache.RedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": "layered-test",
        }
    }
    caches["default"].clear()
    generations.forget_local()
    yield caches["default"]
    caches["default"].clear()
    generations.forget_local()


def counting_redis_reads(monkeypatch) -> list[str]:
    reads: list[str] = []
    for name in ("get", "get_many"):
        real = getattr(RedisCacheClient, name)

        def spy(self, key, *args, _real=real, **kwargs):
            reads.append(str(key))
            return _real(self, key, *args, **kwargs)

        monkeypatch.setattr(RedisCacheClient, name, spy)
    return reads


def test_a_kept_value_is_read_from_redis_once_per_process(shared_cache, monkeypatch) -> None:
    computed = []

    def compute():
        computed.append(1)
        return {"groups": ["住民"]}

    with generations.one_read_per_request():
        first = generations.remembered(generations.ROLES, "members:groups:1", compute)
    generations.forget_local()  # another process: Redis has it
    with generations.one_read_per_request():
        assert generations.remembered(generations.ROLES, "members:groups:1", compute) == first
    reads = counting_redis_reads(monkeypatch)
    with generations.one_read_per_request():
        assert generations.remembered(generations.ROLES, "members:groups:1", compute) == first
    assert computed == [1]
    assert len(reads) == 1  # the generation numbers only, in one round trip
    assert "members:groups" not in reads[0]


def test_a_bump_in_another_process_retires_what_this_one_keeps(shared_cache) -> None:
    values = iter(["before", "after"])
    with generations.one_read_per_request():
        assert generations.remembered(generations.ROLES, "k", lambda: next(values)) == "before"
    shared_cache.incr(generations.ROLES)  # another process changes a role
    with generations.one_read_per_request():
        assert generations.remembered(generations.ROLES, "k", lambda: next(values)) == "after"


def test_a_flushed_redis_never_brings_back_a_kept_value(shared_cache) -> None:
    values = iter(["old", "new"])
    with generations.one_read_per_request():
        assert generations.remembered(generations.PAGES, "page", lambda: next(values)) == "old"
    shared_cache.clear()  # Redis restarted empty; this process still keeps "old"
    with generations.one_read_per_request():
        assert generations.remembered(generations.PAGES, "page", lambda: next(values)) == "new"


def test_cache_objects_of_one_process_share_their_pool(redis_url: str) -> None:
    """Django makes a cache object per thread (per request under ASGI)."""
    first, second = make_cache(redis_url), make_cache(redis_url)
    assert first._cache is second._cache
    first.set("shared", "一つ", 30)
    assert second.get("shared") == "一つ"
    other = RedisCache(redis_url, {"KEY_PREFIX": "another", "OPTIONS": {"db": 0}})
    assert other._cache is not first._cache  # other options, another client

"""The Redis cache that shares one redis-py client per pool, against the real Redis."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from consortium.redis_cache import RedisCache


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

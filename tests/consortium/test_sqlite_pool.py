"""The embedded default's SQLite backend hands idle connections from request to request.

Each request under Daphne has its database work on a new thread, so each is a new Django
connection object; what is reused is the sqlite3 connection underneath.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from django.db.utils import ConnectionHandler

from consortium.sqlite import base as pooled


@pytest.fixture(autouse=True)
def own_databases(django_db_blocker):
    """These tests open their own database files, not the test database."""
    with django_db_blocker.unblock():
        yield


@pytest.fixture
def connections(tmp_path):
    handler = ConnectionHandler(
        {"default": {"ENGINE": "consortium.sqlite", "NAME": str(tmp_path / "pool.sqlite3")}}
    )
    with handler["default"].cursor() as cursor:
        cursor.execute("CREATE TABLE said (body TEXT)")
    handler["default"].close()
    yield handler
    pooled.close_idle_connections()
    pooled._idle.pop(str(tmp_path / "pool.sqlite3"), None)


def in_thread(function):
    """Run function on a thread of its own, as Daphne runs each request's database work."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(function).result()


def request(connections, sql="SELECT count(*) FROM said", params=()):
    """One request: a new connection object, one statement, closed at the end."""
    wrapper = connections["default"]
    with wrapper.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    raw = wrapper.connection
    wrapper.close()
    return raw, rows


def test_the_next_request_takes_the_connection_the_last_one_closed(connections) -> None:
    first, _ = in_thread(lambda: request(connections))
    second, rows = in_thread(lambda: request(connections))
    assert second is first
    assert rows == [(0,)]


def test_a_connection_closed_inside_a_transaction_is_really_closed(connections) -> None:
    def open_transaction():
        wrapper = connections["default"]
        wrapper.ensure_connection()
        raw = wrapper.connection
        raw.execute("BEGIN")
        raw.execute("INSERT INTO said VALUES ('書きかけ')")
        wrapper.close()
        return raw

    abandoned = in_thread(open_transaction)
    reused, rows = in_thread(lambda: request(connections))
    assert reused is not abandoned
    assert rows == [(0,)]  # the unfinished write was rolled back with its connection


def test_at_most_a_few_idle_connections_are_kept(connections) -> None:
    held = []
    barrier = threading.Barrier(pooled.IDLE_PER_DATABASE + 3)

    def hold():
        wrapper = connections["default"]
        wrapper.ensure_connection()
        raw = wrapper.connection
        barrier.wait(timeout=10)  # all open at once
        wrapper.close()
        held.append(raw)

    threads = [threading.Thread(target=hold) for _ in range(pooled.IDLE_PER_DATABASE + 3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    assert len({id(raw) for raw in held}) == pooled.IDLE_PER_DATABASE + 3
    idle = pooled._idle[str(connections["default"].settings_dict["NAME"])]
    assert idle.qsize() == pooled.IDLE_PER_DATABASE


def test_requests_on_many_threads_lose_no_write(connections) -> None:
    def writer(n: int) -> None:
        for i in range(25):
            request(connections, "INSERT INTO said VALUES (%s)", [f"{n}-{i} 発言"])

    with ThreadPoolExecutor(max_workers=6) as pool:
        list(pool.map(writer, range(6)))
    _, rows = in_thread(lambda: request(connections))
    assert rows == [(150,)]


def test_an_in_memory_database_is_never_pooled() -> None:
    handler = ConnectionHandler({"default": {"ENGINE": "consortium.sqlite", "NAME": ":memory:"}})
    wrapper = handler["default"]
    wrapper.ensure_connection()
    assert wrapper._idle_connections() is None
    wrapper.close()

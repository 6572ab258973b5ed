"""PostgreSQL, Redis and two Daphne processes working as one site.

Live-room frames crossing processes (and surviving a SIGKILL) are in test_rooms_scaleout.py.
"""

from __future__ import annotations

import asyncio
import re
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar

import websockets

from tests.dialogue.protocol import server_frame
from tests.support.servers import Daphne, Site


def fetch(node: Daphne, path: str, opener=None) -> tuple[int, str]:
    opener = opener or urllib.request.build_opener()
    with opener.open(f"{node.url}{path}", timeout=10) as response:
        return response.status, response.read().decode()


def test_site_runs_on_postgresql_behind_both_processes(cluster: Site) -> None:
    first, second = cluster.servers
    assert fetch(first, "/ja/")[1].count("みどり野スマートシティ・コンソーシアム") >= 1
    assert "Midorino Smart City Consortium" in fetch(second, "/en/")[1]
    assert "django.db.backends.postgresql" in cluster.manage(
        "shell",
        "-v0",
        "-c",
        "from django.db import connection; print(connection.settings_dict['ENGINE'])",
    )


def test_a_session_started_on_one_process_is_valid_on_the_other(cluster: Site) -> None:
    first, second = cluster.servers
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    _status, form = fetch(first, "/ja/accounts/login/", opener)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    body = urllib.parse.urlencode(
        {
            "csrfmiddlewaretoken": token,
            "login": "chamber@example.jp",
            "password": "midorino-demo-2026",
        }
    ).encode()
    request = urllib.request.Request(
        f"{first.url}/ja/accounts/login/", data=body, headers={"Referer": f"{first.url}/ja/"}
    )
    opener.open(request, timeout=10)
    # The cookie was issued for 127.0.0.1, which both processes share.
    _status, page = fetch(second, "/ja/", opener)
    assert "鈴木 一郎 さんでログイン中" in page


async def test_a_foreign_origin_is_refused_by_a_production_process(cluster: Site) -> None:
    first = cluster.servers[0]
    try:
        async with websockets.connect(
            f"{first.ws_url}/ws/rooms/open-forum/", origin="https://evil.example"
        ) as ws:
            server_frame(await asyncio.wait_for(ws.recv(), 5))
        refused = False
    except (websockets.InvalidStatus, websockets.ConnectionClosed):
        refused = True
    assert refused


def test_requests_reuse_pooled_postgresql_connections(cluster: Site, postgres_url: str) -> None:
    """Each request used to open its own connection (a new PostgreSQL server process, ~3 ms);
    now a process hands its pooled connections from request to request."""
    import psycopg

    first = cluster.servers[0]
    database = postgres_url.rsplit("/", 1)[1]
    sessions = "SELECT sessions FROM pg_stat_database WHERE datname = %s"
    with psycopg.connect(postgres_url, autocommit=True) as admin:
        assert fetch(first, "/healthz")[0] == 200  # the pool is open and warm
        admin.execute("SELECT pg_stat_clear_snapshot()")
        before = admin.execute(sessions, (database,)).fetchone()[0]
        statuses = [fetch(first, "/healthz")[0] for _ in range(30)]
        # A backend counts its session when it flushes its statistics (at the latest when it
        # exits): ask until the figure settles, so that unpooled connections would all show.
        settled = None
        for _ in range(50):
            admin.execute("SELECT pg_stat_clear_snapshot()")
            now = admin.execute(sessions, (database,)).fetchone()[0]
            if now == settled:
                break
            settled = now
            admin.execute("SELECT pg_sleep(0.1)")
    assert statuses == [200] * 30
    # Without the pool this is 30; with it, at most the pool's connections that were opened.
    assert settled - before <= 3


def test_requests_share_the_processs_redis_connections(cluster: Site, redis_url: str) -> None:
    """Django keeps a cache object per request under ASGI; each used to open its own Redis
    connection (30 requests, 30 connections)."""
    import redis

    first = cluster.servers[0]
    server = redis.Redis.from_url(redis_url)
    assert fetch(first, "/ja/")[0] == 200  # the page is stored; the next ones are hits
    before = server.info("stats")["total_connections_received"]
    statuses = [fetch(first, "/ja/")[0] for _ in range(30)]
    opened = server.info("stats")["total_connections_received"] - before
    assert statuses == [200] * 30
    assert opened <= 3

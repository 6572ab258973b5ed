"""One person with a socket on each of two Daphne processes (PostgreSQL, Redis): the send
limit and the typing throttle hold for the person, not for each process.

Before dialogue/limits.py the limit was a list read, appended and written back in the
cache: both processes could read the same list and both let the burst through.
"""

from __future__ import annotations

import asyncio
import json

import pytest
from websockets.asyncio.client import connect

from tests.support.servers import Daphne, Site

pytestmark = pytest.mark.integration

SETUP = """
import json
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from dialogue.models import Room
from members.models import User

room = Room.objects.create(slug="{slug}", title="上限の確認", visibility="public")
user, _ = User.objects.get_or_create(email="{email}", defaults={{"display_name": "連打 太郎"}})
store = SessionStore()
store[SESSION_KEY] = str(user.pk)
store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
store[HASH_SESSION_KEY] = user.get_session_auth_hash()
store.create()
print(json.dumps({{"room": room.pk, "user": user.pk, "cookie": store.session_key}}))
"""

LIMIT = 10  # the protocol's default, which the cluster runs with


def prepare(cluster: Site, slug: str, email: str) -> dict:
    out = cluster.manage("shell", "-v0", "-c", SETUP.format(slug=slug, email=email))
    return json.loads(out.strip().splitlines()[-1])


def open_socket(node: Daphne, slug: str, cookie: str | None):
    headers = {"Cookie": f"sessionid={cookie}"} if cookie else {}
    return connect(
        f"{node.ws_url}/ws/rooms/{slug}/",
        origin=node.url,
        additional_headers=headers,
        open_timeout=10,
    )


async def frames_until(ws, done, timeout: float = 20.0) -> list[dict]:
    seen: list[dict] = []

    async def read() -> None:
        async for raw in ws:
            seen.append(json.loads(raw))
            if done(seen):
                return

    await asyncio.wait_for(read(), timeout)
    return seen


async def test_a_burst_over_two_processes_gets_at_most_the_limit(cluster: Site) -> None:
    first, second = cluster.servers
    data = prepare(cluster, "limits-burst", "burst@example.jp")
    per_socket = 15
    async with (
        open_socket(first, "limits-burst", data["cookie"]) as a,
        open_socket(second, "limits-burst", data["cookie"]) as b,
    ):
        for ws in (a, b):
            assert json.loads(await ws.recv())["type"] == "hello"
        sends = [
            ws.send(
                json.dumps(
                    {"type": "message.send", "client_id": f"{name}-{n}", "body": f"連打 {n}"}
                )
            )
            for n in range(per_socket)
            for name, ws in (("a", a), ("b", b))
        ]
        await asyncio.gather(*sends)

        def answered(name: str):
            def done(frames: list[dict]) -> bool:
                mine = {
                    f["message"]["client_id"]
                    for f in frames
                    if f["type"] == "message.new" and f["message"]["client_id"].startswith(name)
                }
                refused = sum(1 for f in frames if f["type"] == "error")
                return len(mine) + refused >= per_socket

            return done

        frames_a, frames_b = await asyncio.gather(
            frames_until(a, answered("a-")), frames_until(b, answered("b-"))
        )

    errors = [f for f in frames_a + frames_b if f["type"] == "error"]
    assert {e["code"] for e in errors} == {"rate_limited"}
    accepted = {
        f["message"]["client_id"]
        for f in frames_a + frames_b
        if f["type"] == "message.new" and f["message"]["author"]["id"] == data["user"]
    }
    assert len(accepted) == LIMIT, sorted(accepted)
    assert len(errors) == 2 * per_socket - LIMIT
    stored = cluster.manage(
        "shell",
        "-v0",
        "-c",
        "from dialogue.models import Message; "
        f"print(Message.objects.filter(room={data['room']}).count())",
    )
    assert int(stored.strip()) == LIMIT


async def test_typing_on_two_processes_reaches_others_once(cluster: Site) -> None:
    first, second = cluster.servers
    data = prepare(cluster, "limits-typing", "typist@example.jp")
    async with (
        open_socket(first, "limits-typing", None) as watcher,
        open_socket(first, "limits-typing", data["cookie"]) as a,
        open_socket(second, "limits-typing", data["cookie"]) as b,
    ):
        for ws in (watcher, a, b):
            assert json.loads(await ws.recv())["type"] == "hello"
        await asyncio.gather(*(ws.send(json.dumps({"type": "typing"})) for ws in (a, b, a, b)))
        # Each process publishes in order: once both markers arrive, every typing frame
        # sent before them has arrived too.
        await a.send(json.dumps({"type": "message.send", "client_id": "m-a", "body": "印 a"}))
        await b.send(json.dumps({"type": "message.send", "client_id": "m-b", "body": "印 b"}))

        def both_markers(frames: list[dict]) -> bool:
            ids = {f["message"]["client_id"] for f in frames if f["type"] == "message.new"}
            return {"m-a", "m-b"} <= ids

        seen = await frames_until(watcher, both_markers)
    typing = [f for f in seen if f["type"] == "typing"]
    assert len(typing) == 1, typing
    assert typing[0]["user"]["id"] == data["user"]

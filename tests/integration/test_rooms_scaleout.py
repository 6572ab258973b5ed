"""Two Daphne processes, PostgreSQL and Redis: a room that loses nothing when one dies.

Production column of DESIGN.md for real: each process serves a signed-in client, messages
cross between the processes through channels-redis, and one process is killed with
SIGKILL mid-stream and restarted. Its clients reconnect, resend what was not confirmed
(same client_id) and resume after the last id they saw; they end with every committed
message exactly once, in id order, exactly as in the database.

Fails (never skips) when PostgreSQL or Redis does not answer.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
import uuid

import psycopg
import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidStatus

from tests.dialogue.protocol import server_frame
from tests.support.servers import Daphne, Site

pytestmark = pytest.mark.integration

PER_USER = 12
SPACING = 1.1  # seconds between one user's sends: under the 10 per 10 s limit
NAMES = ("a1", "a2", "b1", "b2")
ROOM = """
from dialogue.models import Room
print(Room.objects.create(slug="%s", title="公開ルーム (scale-out)", visibility="public").pk)
"""


class RoomClient:
    """A client as the protocol expects one: an outbox resent until confirmed, resume on
    reconnect, messages kept by id."""

    def __init__(self, name: str, cookie: str, port: int, slug: str) -> None:
        self.name, self.cookie, self.port, self.slug = name, cookie, port, slug
        self.written: dict[str, str] = {}
        self.messages: dict[int, dict] = {}
        self.deliveries: list[int] = []
        self.outbox: dict[str, str] = {}
        self.last_id = 0
        self.ws = None
        self.connected = asyncio.Event()
        self.reconnects = 0
        self.running = True
        self.present: set[int] = set()

    def record(self, message: dict) -> None:
        self.deliveries.append(message["id"])
        self.messages.setdefault(message["id"], message)
        self.last_id = max(self.last_id, message["id"])
        if message["author"]["name"] == f"利用者 {self.name}":
            self.outbox.pop(message["client_id"], None)

    async def send(self, frame: dict) -> None:
        if self.ws is not None:
            with contextlib.suppress(ConnectionClosed):
                await self.ws.send(json.dumps(frame, ensure_ascii=False))

    async def post(self, client_id: str, body: str) -> None:
        self.outbox[client_id] = body
        self.written[client_id] = body
        await self.send({"type": "message.send", "client_id": client_id, "body": body})

    async def run(self) -> None:
        while self.running:
            try:
                async with connect(
                    f"ws://127.0.0.1:{self.port}/ws/rooms/{self.slug}/",
                    origin=f"http://127.0.0.1:{self.port}",
                    additional_headers={"Cookie": f"sessionid={self.cookie}"},
                    open_timeout=5,
                ) as ws:
                    await self._session(ws)
            except (OSError, InvalidHandshake, InvalidStatus, TimeoutError, ConnectionClosed):
                pass
            finally:
                self.ws = None
                self.connected.clear()
            if self.running:
                self.reconnects += 1
                await asyncio.sleep(0.3)  # reconnect backoff, as room.js has one

    async def _session(self, ws) -> None:
        hello = server_frame(await ws.recv())
        assert hello["type"] == "hello", hello
        resume_from = self.last_id
        self.present = {p["id"] for p in hello["presence"]}
        for message in hello["messages"]:
            self.record(message)
        self.ws = ws
        self.connected.set()
        await self.send({"type": "resume", "after": resume_from})
        for client_id, body in list(self.outbox.items()):
            await self.send({"type": "message.send", "client_id": client_id, "body": body})
        async for raw in ws:
            frame = server_frame(raw)
            if frame["type"] in {"message.new", "message.updated"}:
                self.record(frame["message"])
            elif frame["type"] == "presence":
                self.present = {p["id"] for p in frame["present"]}
            elif frame["type"] == "history":
                for message in frame["messages"]:
                    self.record(message)
                if not frame["complete"]:
                    await self.send({"type": "resume", "after": frame["messages"][-1]["id"]})
            elif frame["type"] == "error":
                assert frame["code"] == "rate_limited", frame
                # Resend later, as room.js does: the limit is a window of seconds.
                asyncio.get_running_loop().call_later(
                    2, lambda f=frame: asyncio.ensure_future(self._resend(f["client_id"]))
                )

    async def _resend(self, client_id: str) -> None:
        if client_id in self.outbox:
            await self.send(
                {"type": "message.send", "client_id": client_id, "body": self.outbox[client_id]}
            )


def database_rows(url: str, room_id: int) -> list[tuple[int, str, str, str]]:
    """(id, client_id, body, author's e-mail) of the room's messages, in id order."""
    with psycopg.connect(url) as conn:
        return conn.execute(
            "SELECT m.id, m.client_id, m.body, u.email FROM dialogue_message m "
            "JOIN members_user u ON u.id = m.author_id WHERE m.room_id = %s ORDER BY m.id",
            (room_id,),
        ).fetchall()


async def talk(client: RoomClient, count: int) -> None:
    for n in range(count):
        await client.connected.wait()
        await client.post(f"{client.name}-{n}", f"{client.name} の発言 {n} — こんにちは")
        await asyncio.sleep(SPACING)  # pacing: a person, under the send rate limit


def email(name: str) -> str:
    return f"{name}@scaleout.example.jp"


def test_a_killed_process_loses_no_message(cluster: Site) -> None:
    slug = f"scaleout-{uuid.uuid4().hex[:8]}"
    room = int(cluster.shell(ROOM % slug).strip())
    keys = cluster.sessions({email(name): f"利用者 {name}" for name in NAMES})
    cookies = {name: keys[email(name)] for name in NAMES}
    one, two = cluster.servers
    try:
        asyncio.run(scenario(slug, room, cookies, one, two, cluster.env["DATABASE_URL"]))
    finally:
        if not two.running():  # the later tests share the cluster
            two.start()


async def scenario(
    slug: str, room: int, cookies: dict, one: Daphne, two: Daphne, database: str
) -> None:
    a1 = RoomClient("a1", cookies["a1"], one.port, slug)
    a2 = RoomClient("a2", cookies["a2"], one.port, slug)
    b1 = RoomClient("b1", cookies["b1"], two.port, slug)
    b2 = RoomClient("b2", cookies["b2"], two.port, slug)
    clients = [a1, a2, b1, b2]
    runners = [asyncio.create_task(c.run()) for c in clients]
    try:
        await asyncio.wait_for(asyncio.gather(*(c.connected.wait() for c in clients)), timeout=30)
        # Everyone sees everyone, whichever process they are connected to.
        await until(lambda: all(len(c.present) == 4 for c in clients), 15, "presence")
        # Both ways across processes before anything breaks.
        await a1.post("hello-from-one", "プロセス1から")
        await b1.post("hello-from-two", "プロセス2から")
        await until(lambda: all(len(c.messages) >= 2 for c in clients), 15, "first exchange")
        assert {m["client_id"] for m in b2.messages.values()} == {
            "hello-from-one",
            "hello-from-two",
        }

        talkers = [asyncio.create_task(talk(c, PER_USER)) for c in clients]
        # Mid-stream: a third of the conversation has gone round.
        third = 2 + len(clients) * PER_USER // 3
        await until(lambda: len(a1.messages) >= third, 60, "a third of the messages")
        two.kill()
        before_kill = {cid for c in (a1, a2) for cid in c.written}

        def written_while_down() -> set[int]:
            return {
                m["id"]
                for m in a1.messages.values()
                if m["client_id"].startswith(("a1-", "a2-")) and m["client_id"] not in before_kill
            }

        # Process one goes on: wait until it has committed and delivered a message written
        # after the kill, one that process two's clients can only get by resuming.
        await until(written_while_down, 30, "a message committed while process two is down")
        while_down = written_while_down()
        assert while_down
        two.start()
        await asyncio.wait_for(asyncio.gather(*talkers), timeout=120)
        await until(
            lambda: not any(c.outbox for c in clients),
            60,
            "every outbox confirmed",
            lambda: describe(clients, runners, one, two),
        )

        # Every message written is stored exactly once, as written, under its writer.
        rows = database_rows(database, room)
        written = {cid: (body, email(c.name)) for c in clients for cid, body in c.written.items()}
        assert len(written) == 2 + 4 * PER_USER
        assert len(rows) == len(written)
        assert {cid: (body, author) for _id, cid, body, author in rows} == written
        ids = [row[0] for row in rows]

        await until(
            lambda: all(set(c.messages) == set(ids) for c in (b1, b2)), 30, "resumed clients"
        )
        assert b1.reconnects >= 1 and b2.reconnects >= 1
        for client in (b1, b2):
            assert while_down <= set(client.messages)
            transcript = [
                (m["id"], m["client_id"], m["body"]) for _id, m in sorted(client.messages.items())
            ]
            assert transcript == [row[:3] for row in rows]
            assert all(m["room"] == slug for m in client.messages.values())
        # The clients of the surviving process heard only committed messages, never twice
        # as different messages, and a resume gives them the rest.
        for client in (a1, a2):
            assert set(client.messages) <= set(ids)
            await client.send({"type": "resume", "after": 0})
        await until(
            lambda: all(set(c.messages) == set(ids) for c in (a1, a2)), 30, "surviving clients"
        )
    finally:
        for client in clients:
            client.running = False
            if client.ws is not None:
                with contextlib.suppress(Exception):
                    await client.ws.close()
        for runner in runners:
            runner.cancel()
        await asyncio.gather(*runners, return_exceptions=True)


def describe(clients, runners, *servers) -> str:
    lines = [
        f"{c.name}: outbox={sorted(c.outbox)} reconnects={c.reconnects} seen={len(c.messages)}"
        for c in clients
    ]
    lines += [f"runner {r.get_name()}: {r}" for r in runners if r.done()]
    for server in servers:
        lines.append(f"--- {server.log.name}\n{server.log_tail(2000)}")
    return "\n".join(lines)


async def until(condition, timeout: float, what: str, describe=lambda: "") -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}\n{describe()}")
        await asyncio.sleep(0.1)  # polling interval of a deadline-bound wait

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
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import psycopg
import pytest
import redis
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidStatus

from tests.dialogue.protocol import server_frame

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
DAPHNE = str(Path(PYTHON).with_name("daphne"))
PG = "postgres://postgres@127.0.0.1:5432"
REDIS_URL = "redis://127.0.0.1:6379/2"
PORTS = range(8230, 8250)
PER_USER = 12
SPACING = 1.1  # seconds between one user's sends: under the 10 per 10 s limit


def free_port(taken: set[int]) -> int:
    for port in PORTS:
        if port in taken:
            continue
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
        return port
    raise RuntimeError("no free port in 8230-8249")


@pytest.fixture
def database():
    """A fresh PostgreSQL database, migrated; dropped afterwards."""
    name = f"dialogue_it_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(f"{PG}/postgres", autocommit=True, connect_timeout=5) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = f"{PG}/{name}"
    try:
        yield url
    finally:
        with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def env(database, tmp_path):
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=5)
    client.ping()
    client.flushdb()
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "consortium.settings.dev",
        "DATABASE_URL": database,
        "REDIS_URL": REDIS_URL,
        "CACHE_KEY_PREFIX": f"it-{tmp_path.name}",
        "DEBUG": "false",
        "SECRET_KEY": "integration-test-key-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "LOG_LEVEL": "WARNING",
    }
    subprocess.run(
        [PYTHON, "manage.py", "migrate", "--no-input", "-v0"],
        cwd=ROOT,
        env=environment,
        check=True,
        timeout=300,
    )
    yield environment
    client.flushdb()


SETUP = """
import json
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from dialogue.models import Room
from members.models import User

room = Room.objects.create(slug="open-forum", title="公開ルーム", visibility="public")
cookies = {}
for name in ("a1", "a2", "b1", "b2"):
    user = User.objects.create_user(f"{name}@example.jp", "pw", display_name=f"利用者 {name}")
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    cookies[name] = store.session_key
print(json.dumps({"room": room.pk, "cookies": cookies}))
"""


class Daphne:
    def __init__(self, port: int, env: dict, log: Path) -> None:
        self.port, self.env, self.log = port, env, log
        self.proc: subprocess.Popen | None = None

    def start(self) -> None:
        out = self.log.open("ab")
        self.proc = subprocess.Popen(
            [DAPHNE, "-b", "127.0.0.1", "-p", str(self.port), "consortium.asgi:application"],
            cwd=ROOT,
            env=self.env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            assert self.proc.poll() is None, self.log.read_text()[-3000:]
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            time.sleep(0.2)
        raise AssertionError(f"Daphne on {self.port} did not start: {self.log.read_text()[-3000:]}")

    def kill(self) -> None:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=10)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()


class RoomClient:
    """A client as the protocol expects one: an outbox resent until confirmed, resume on
    reconnect, messages kept by id."""

    def __init__(self, name: str, cookie: str, port: int) -> None:
        self.name, self.cookie, self.port = name, cookie, port
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
        await self.send({"type": "message.send", "client_id": client_id, "body": body})

    async def run(self) -> None:
        while self.running:
            try:
                async with connect(
                    f"ws://127.0.0.1:{self.port}/ws/rooms/open-forum/",
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
                await asyncio.sleep(0.3)

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
                asyncio.get_running_loop().call_later(
                    2, lambda f=frame: asyncio.ensure_future(self._resend(f["client_id"]))
                )

    async def _resend(self, client_id: str) -> None:
        if client_id in self.outbox:
            await self.send(
                {"type": "message.send", "client_id": client_id, "body": self.outbox[client_id]}
            )


def database_rows(url: str, room_id: int) -> list[tuple[int, str, str]]:
    with psycopg.connect(url) as conn:
        return conn.execute(
            "SELECT id, client_id, body FROM dialogue_message WHERE room_id = %s ORDER BY id",
            (room_id,),
        ).fetchall()


async def talk(client: RoomClient, count: int) -> None:
    for n in range(count):
        await client.connected.wait()
        await client.post(f"{client.name}-{n}", f"{client.name} の発言 {n} — こんにちは")
        await asyncio.sleep(SPACING)


def test_a_killed_process_loses_no_message(env, database, tmp_path) -> None:
    setup = subprocess.run(
        [PYTHON, "manage.py", "shell", "-c", SETUP],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    )
    world = json.loads(setup.stdout.strip().splitlines()[-1])
    first_port = free_port(set())
    second_port = free_port({first_port})
    one = Daphne(first_port, env, tmp_path / "daphne-1.log")
    two = Daphne(second_port, env, tmp_path / "daphne-2.log")
    one.start()
    two.start()
    try:
        asyncio.run(scenario(world, one, two, database))
    finally:
        one.stop()
        two.stop()


async def scenario(world: dict, one: Daphne, two: Daphne, database: str) -> None:
    cookies = world["cookies"]
    a1 = RoomClient("a1", cookies["a1"], one.port)
    a2 = RoomClient("a2", cookies["a2"], one.port)
    b1 = RoomClient("b1", cookies["b1"], two.port)
    b2 = RoomClient("b2", cookies["b2"], two.port)
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
        await asyncio.sleep(SPACING * PER_USER / 3)
        two.kill()
        killed_at = time.monotonic()
        await asyncio.sleep(1.0)
        two.start()
        await asyncio.wait_for(asyncio.gather(*talkers), timeout=120)
        await until(
            lambda: not any(c.outbox for c in clients),
            60,
            "every outbox confirmed",
            lambda: describe(clients, runners, one, two),
        )

        rows = database_rows(database, world["room"])
        expected = 2 + 4 * PER_USER
        assert len(rows) == expected
        assert len({client_id for _id, client_id, _body in rows}) == expected
        ids = [row[0] for row in rows]
        assert ids == sorted(ids)

        await until(
            lambda: all(set(c.messages) == set(ids) for c in (b1, b2)), 30, "resumed clients"
        )
        assert b1.reconnects >= 1 and b2.reconnects >= 1
        assert time.monotonic() - killed_at > 1
        for client in (b1, b2):
            transcript = [
                (m["id"], m["client_id"], m["body"]) for _id, m in sorted(client.messages.items())
            ]
            assert transcript == [tuple(row) for row in rows]
            assert all(m["room"] == "open-forum" for m in client.messages.values())
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
        lines.append(f"--- {server.log.name}\n{server.log.read_text()[-2000:]}")
    return "\n".join(lines)


async def until(condition, timeout: float, what: str, describe=lambda: "") -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}\n{describe()}")
        await asyncio.sleep(0.1)

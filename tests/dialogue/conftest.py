from __future__ import annotations

import json

import pytest
import pytest_asyncio
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator

from django.contrib.auth.models import Group
from django.core.cache import cache
from django.test import Client

from members import roles


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def groups(db):
    return {name: Group.objects.get_or_create(name=name)[0] for name in roles.ALL}


def session_cookie(user) -> str:
    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value


class Conn:
    """A WebSocket client speaking JSON, built through consortium.asgi's full stack."""

    def __init__(self, communicator: WebsocketCommunicator) -> None:
        self.ws = communicator

    async def send(self, frame) -> None:
        await self.ws.send_to(text_data=frame if isinstance(frame, str) else json.dumps(frame))

    async def recv(self, timeout: float = 2) -> dict:
        return json.loads(await self.ws.receive_from(timeout=timeout))

    async def recv_type(self, kind: str, timeout: float = 2) -> dict:
        """The next frame of this type, skipping presence and typing noise."""
        while True:
            frame = await self.recv(timeout)
            if frame["type"] == kind:
                return frame
            assert frame["type"] in {"presence", "typing"}, frame

    async def nothing(self, timeout: float = 0.2) -> bool:
        """True when no frame but presence arrives within the timeout."""
        while not await self.ws.receive_nothing(timeout=timeout):
            frame = await self.recv()
            if frame["type"] != "presence":
                raise AssertionError(f"unexpected frame {frame}")
        return True

    async def close(self) -> None:
        await self.ws.disconnect()


async def connect(slug: str, user=None, *, origin: str = "http://testserver", headers=()):
    from consortium.asgi import application

    sent = [(b"origin", origin.encode())] if origin else []
    if user is not None:
        cookie = await sync_to_async(session_cookie)(user)
        sent.append((b"cookie", f"sessionid={cookie}".encode()))
    sent.extend(headers)
    communicator = WebsocketCommunicator(application, f"/ws/rooms/{slug}/", headers=sent)
    connected, code = await communicator.connect(timeout=3)
    return Conn(communicator), connected, code


@pytest_asyncio.fixture
async def join():
    """join(slug, user) -> (conn, hello); every connection is closed at the end."""
    opened: list[Conn] = []

    async def _join(slug: str, user=None, **kwargs):
        conn, connected, _code = await connect(slug, user, **kwargs)
        assert connected
        opened.append(conn)
        hello = await conn.recv_type("hello")
        return conn, hello

    yield _join
    for conn in opened:
        await conn.close()

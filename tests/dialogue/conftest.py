from __future__ import annotations

import json
from types import SimpleNamespace

import pytest
import pytest_asyncio
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator

from django.test import Client

from dialogue.models import DialogueSession, Visibility
from members import roles
from members.models import Membership
from tests.dialogue.factories import DialogueSessionFactory, RoomFactory
from tests.dialogue.protocol import server_frame
from tests.members.factories import MembershipFactory, OrganizationFactory, UserFactory, in_group

# The tags and attributes the message renderer writes (dialogue/text.py); nothing else may
# reach a page. Readings add ruby and rt.
RENDERER_TAGS = {
    "p": {"dir"},
    "br": set(),
    "strong": set(),
    "em": set(),
    "ul": set(),
    "ol": set(),
    "li": {"dir"},
    "a": {"href", "target", "rel"},
    "span": {"class", "data-user-id"},
}


@pytest.fixture
def world(db):
    """Rooms of every kind and the people who may or may not read them."""
    org = OrganizationFactory(slug="tourism-association", name="観光協会", kind="tourism")
    other_org = OrganizationFactory(slug="chamber", name="商工会", kind="chamber")
    # An editor: editors speak for their organisation unless its representatives say no.
    member = MembershipFactory(
        organization=org,
        user=UserFactory(display_name="山田 花子"),
        title="事務局次長",
        role=Membership.Role.EDITOR,
    ).user
    outsider = UserFactory(display_name="部外 者")  # signed in, no organisation
    other_member = MembershipFactory(organization=other_org).user
    moderator = in_group(UserFactory(display_name="佐藤 健一", two_step=True), roles.MODERATORS)
    mayor = in_group(UserFactory(display_name="高橋 誠", two_step=True), roles.LEADERSHIP)
    MembershipFactory(user=mayor, organization=OrganizationFactory(), title="市長")
    invited = UserFactory(display_name="招待 さん")
    session = DialogueSessionFactory(organiser=org, visibility=Visibility.PRIVATE)
    session.invited.add(invited)
    closed = DialogueSessionFactory(organiser=org, status=DialogueSession.Status.CLOSED)
    return SimpleNamespace(
        org=org,
        other_org=other_org,
        member=member,
        outsider=outsider,
        other_member=other_member,
        moderator=moderator,
        mayor=mayor,
        invited=invited,
        public=RoomFactory(slug="open-forum", title="公開ルーム"),
        other_public=RoomFactory(slug="second-forum"),
        members=RoomFactory(slug="members-room", visibility=Visibility.MEMBERS),
        private=RoomFactory(slug="private-room", visibility=Visibility.PRIVATE, session=session),
        closed=RoomFactory(slug="closed-room", session=closed),
        session=session,
    )


def session_cookie(user) -> str:
    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value


class Conn:
    """A WebSocket client speaking JSON, through consortium.asgi's full stack."""

    def __init__(self, communicator: WebsocketCommunicator) -> None:
        self.ws = communicator
        self.closed = False
        self.pings = 0  # numbers the nonces of quiet()'s pings

    async def send(self, frame) -> None:
        if isinstance(frame, bytes):
            await self.ws.send_to(bytes_data=frame)
        else:
            await self.ws.send_to(text_data=frame if isinstance(frame, str) else json.dumps(frame))

    async def recv(self, timeout: float = 3) -> dict:
        """The next frame, checked against docs/dialogue-protocol.schema.json."""
        return server_frame(await self.ws.receive_from(timeout=timeout))

    async def recv_type(self, kind: str, timeout: float = 3) -> dict:
        """The next frame of this type, skipping presence and typing frames."""
        while True:
            frame = await self.recv(timeout)
            if frame["type"] == kind:
                return frame
            assert frame["type"] in {"presence", "typing"}, frame

    async def ask(self, frame, kind: str = "error") -> dict:
        await self.send(frame)
        return await self.recv_type(kind)

    async def quiet(self) -> None:
        """Nothing but presence has arrived: a ping's pong comes back after every frame the
        server had already sent this connection, so no fixed wait is needed. Call it on the
        sender first when the question is whether its last frame reached others."""
        self.pings += 1
        nonce = f"quiet-{self.pings}"
        await self.send({"type": "ping", "nonce": nonce})
        while True:
            frame = await self.recv()
            if frame["type"] == "pong" and frame.get("nonce") == nonce:
                return
            assert frame["type"] == "presence", f"unexpected frame {frame}"

    async def close(self) -> None:
        if not self.closed:
            self.closed = True
            await self.ws.disconnect()


async def open_socket(slug: str, user=None, *, origin: str | None = "http://testserver"):
    from consortium.asgi import application

    headers = [(b"origin", origin.encode())] if origin else []
    if user is not None:
        cookie = await sync_to_async(session_cookie)(user)
        headers.append((b"cookie", f"sessionid={cookie}".encode()))
    communicator = WebsocketCommunicator(application, f"/ws/rooms/{slug}/", headers=headers)
    connected, code = await communicator.connect(timeout=3)
    return communicator, connected, code


@pytest_asyncio.fixture
async def join():
    """join(slug, user) -> (conn, hello). Every connection is closed at the end."""
    opened: list[Conn] = []

    async def _join(slug: str, user=None, **kwargs):
        communicator, connected, _code = await open_socket(slug, user, **kwargs)
        assert connected
        conn = Conn(communicator)
        opened.append(conn)
        return conn, await conn.recv_type("hello")

    yield _join
    for conn in opened:
        await conn.close()


__all__ = ["Membership"]


@pytest.fixture
def staff(db):
    """City staff with an authenticator, as recording decisions and actions needs."""
    return in_group(UserFactory(display_name="市 職員", two_step=True), roles.CITY_STAFF)


@pytest.fixture
def closed(world):
    """A closed session of world's organisation with one message in its room."""
    from tests.dialogue.factories import MessageFactory

    session = DialogueSessionFactory(
        organiser=world.org, status=DialogueSession.Status.CLOSED, title="報告会"
    )
    room = RoomFactory(slug="report-room", session=session)
    session.message = MessageFactory(
        room=room, author=world.member, body="駅前の駐輪場を来年度に屋根付きにする"
    )
    return session

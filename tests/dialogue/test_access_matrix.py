"""Every role × every room action × room visibility × session state, over HTTP and the socket.

The expected answers are written in the tables below, not computed from the code under
test. A room a role may not read refuses everything (socket closed with 4403, HTTP 403);
in a room it may read, ACTIONS says what each role gets while a session is scheduled or
live; a closed session turns every permitted write (post, post on behalf, react) into
`read_only`, while moderation and acknowledgement of what was said stay possible.
"""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest
from asgiref.sync import sync_to_async

from django.contrib.auth.models import Group
from django.test import Client

from dialogue.models import DialogueSession, Visibility
from members import roles
from members.models import Membership
from tests.dialogue.conftest import Conn, open_socket
from tests.dialogue.factories import DialogueSessionFactory, MessageFactory, RoomFactory
from tests.members.factories import MembershipFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

VISIBILITIES = ("public", "members", "private")
STATES = ("scheduled", "live", "closed")

# Which room visibilities each role may read. Private sessions are organised by the
# organisation the member, editor and representative belong to.
READS = {
    "anonymous": {"public"},
    "resident": {"public"},
    "member": {"public", "members", "private"},
    "editor": {"public", "members", "private"},
    "representative": {"public", "members", "private"},
    "moderator": {"public", "members", "private"},
    "moderator_without_two_step": {"public", "members", "private"},
    "leadership": {"public", "members"},
    "leadership_without_two_step": {"public", "members"},
    "staff": {"public", "members", "private"},
    "staff_without_two_step": {"public", "members", "private"},
    "reviewer": {"public"},
}

ok, no, two_step = "ok", "forbidden", "two_step_required"
ACTION_NAMES = (
    "history",
    "post",
    "post_on_behalf",
    "react",
    "hide",
    "unhide",
    "delete_others",
    "acknowledge",
)
# role: answers in ACTION_NAMES order, in a readable room of a scheduled or live session.
ACTIONS = {
    "anonymous": (ok, no, no, no, no, no, no, no),
    "resident": (ok, ok, no, ok, no, no, no, no),
    # Members speak for their organisation only once its representatives choose them.
    "member": (ok, ok, no, ok, no, no, no, no),
    "editor": (ok, ok, ok, ok, no, no, no, no),
    "representative": (ok, ok, ok, ok, no, no, no, no),
    "moderator": (ok, ok, no, ok, ok, ok, ok, no),
    "moderator_without_two_step": (ok, ok, no, ok, two_step, two_step, two_step, no),
    "leadership": (ok, ok, no, ok, no, no, no, ok),
    "leadership_without_two_step": (ok, ok, no, ok, no, no, no, two_step),
    "staff": (ok, ok, no, ok, ok, ok, ok, no),
    "staff_without_two_step": (ok, ok, no, ok, two_step, two_step, two_step, no),
    "reviewer": (ok, ok, no, ok, no, no, no, no),
}
WRITES = {"post", "post_on_behalf", "react"}


def expected(role: str, visibility: str, state: str, action: str) -> str:
    if visibility not in READS[role]:
        return "no_access"
    answer = ACTIONS[role][ACTION_NAMES.index(action)]
    if answer == ok and state == "closed" and action in WRITES:
        return "read_only"
    return answer


def _people():
    org = OrganizationFactory(slug="organiser", name="主催団体")
    city = OrganizationFactory(slug="city", name="市役所")

    def member(role):
        return MembershipFactory(organization=org, role=role).user

    def grouped(name, *, two_step_on=True, **kwargs):
        user = UserFactory(two_step=two_step_on, **kwargs)
        user.groups.add(Group.objects.get_or_create(name=name)[0])
        return user

    leadership = grouped(roles.LEADERSHIP)
    MembershipFactory(user=leadership, organization=city, title="市長")
    leadership_plain = grouped(roles.LEADERSHIP, two_step_on=False)
    MembershipFactory(user=leadership_plain, organization=city, title="副市長")
    people = {
        "anonymous": None,
        "resident": UserFactory(),
        "member": member(Membership.Role.MEMBER),
        "editor": member(Membership.Role.EDITOR),
        "representative": member(Membership.Role.REPRESENTATIVE),
        "moderator": grouped(roles.MODERATORS),
        "moderator_without_two_step": grouped(roles.MODERATORS, two_step_on=False),
        "leadership": leadership,
        "leadership_without_two_step": leadership_plain,
        "staff": grouped(roles.CITY_STAFF),
        "staff_without_two_step": grouped(roles.CITY_STAFF, two_step_on=False),
        "reviewer": grouped(roles.REVIEWERS),
    }
    return org, people


def _rooms(org):
    author = MembershipFactory(organization=org).user
    rooms = {}
    for visibility in VISIBILITIES:
        for state in STATES:
            session = DialogueSessionFactory(
                organiser=org, visibility=Visibility(visibility), status=state
            )
            room = RoomFactory(slug=f"{visibility}-{state}", session=session)

            def message(room=room, **kwargs):
                return MessageFactory(room=room, author=author, **kwargs).pk

            rooms[(visibility, state)] = SimpleNamespace(
                slug=room.slug,
                targets={
                    "hide": message(),
                    "unhide": message(hidden=True, hidden_reason="spam"),
                    "delete_others": message(),
                    "acknowledge": message(),
                    "react": message(),
                },
            )
    return rooms


@pytest.fixture
def matrix(db):
    org, people = _people()
    return SimpleNamespace(org=org, people=people, rooms=_rooms(org))


# --- the socket ---------------------------------------------------------------------------


def _frame(action: str, room, org_slug: str, n: int) -> dict | None:
    target = room.targets.get(action)
    return {
        "history": {"type": "history", "before": 2**40, "limit": 5},
        "post": {"type": "message.send", "client_id": f"m-{room.slug}-{n}", "body": "こんにちは"},
        "post_on_behalf": {
            "type": "message.send",
            "client_id": f"o-{room.slug}-{n}",
            "body": "団体として",
            "as_org": org_slug,
        },
        "react": {"type": "reaction.toggle", "id": target, "emoji": "👍"},
        "hide": {"type": "message.hide", "id": target, "reason": "個人情報"},
        "unhide": {"type": "message.unhide", "id": target, "reason": "確認済み"},
        "delete_others": {"type": "message.delete", "id": target},
        "acknowledge": {"type": "message.acknowledge", "id": target},
    }[action]


SUCCESS = {
    "history": "history",
    "post": "message.new",
    "post_on_behalf": "message.new",
    "react": "reaction.updated",
    "hide": "message.updated",
    "unhide": "message.updated",
    "delete_others": "message.updated",
    "acknowledge": "message.updated",
}


async def _socket_answers(role: str, user, room, org_slug: str) -> dict[str, str]:
    communicator, connected, _code = await open_socket(room.slug, user)
    assert connected
    first = await communicator.receive_output(timeout=5)
    if first["type"] == "websocket.close":
        assert first["code"] == 4403, first
        await communicator.wait(timeout=0.5)
        return dict.fromkeys(ACTION_NAMES, "no_access")
    conn = Conn(communicator)
    assert json.loads(first["text"])["type"] == "hello"
    answers = {}
    try:
        for n, action in enumerate(ACTION_NAMES):
            await conn.send(_frame(action, room, org_slug, n))
            while True:
                frame = await conn.recv(timeout=5)
                if frame["type"] == "error":
                    answers[action] = frame["code"]
                    if frame["code"] == "two_step_required":
                        assert frame["setup_url"] == "/ja/accounts/2fa/totp/activate/", frame
                        assert frame["detail"]
                    break
                if frame["type"] == SUCCESS[action]:
                    answers[action] = "ok"
                    break
                assert frame["type"] in {"presence", "typing", "message.updated"}, frame
    finally:
        await conn.close()
    return answers


# --- HTTP ---------------------------------------------------------------------------------


def _http_answers(user, room, org_slug: str) -> dict[str, str]:
    client = Client()
    if user is not None:
        client.force_login(user)
    base = f"/api/dialogue/rooms/{room.slug}"
    page = client.get(f"/ja/dialogue/rooms/{room.slug}/")
    listing = client.get(f"{base}/messages/?before={2**40}&limit=5")
    if listing.status_code == 403:
        assert page.status_code in (302, 403), page.status_code
        answers = {}
        for n, action in enumerate(ACTION_NAMES[1:], 1):
            response = _post(client, base, action, room, org_slug, n + 100)
            assert response.status_code == 403, (action, response.status_code)
            answers[action] = "no_access"
        return {"history": "no_access", **answers}
    assert listing.status_code == 200
    assert page.status_code == 200
    answers = {"history": "ok"}
    for n, action in enumerate(ACTION_NAMES[1:], 1):
        response = _post(client, base, action, room, org_slug, n + 100)
        if response.status_code in (200, 201):
            answers[action] = "ok"
        else:
            error = response.json()["error"]
            answers[action] = error["code"]
            expected_status = {"forbidden": 403, "two_step_required": 403, "read_only": 409}
            assert response.status_code == expected_status[error["code"]], error
            if error["code"] == "two_step_required":
                assert error["setup_url"] == "/ja/accounts/2fa/totp/activate/"
    return answers


def _post(client: Client, base: str, action: str, room, org_slug: str, n: int):
    frame = _frame(action, room, org_slug, n)
    fields = {k: v for k, v in frame.items() if k not in {"type", "id"}}
    if action in {"post", "post_on_behalf"}:
        url = f"{base}/send/"
    else:
        verb = {"delete_others": "delete"}.get(action, action)
        url = f"{base}/messages/{frame['id']}/{verb}/"
    return client.post(url, data=json.dumps(fields), content_type="application/json")


@pytest.mark.parametrize("role", list(READS))
async def test_each_role_gets_the_answers_in_the_table(matrix, role) -> None:
    user = matrix.people[role]
    wrong: list[str] = []
    for (visibility, state), room in matrix.rooms.items():
        over_socket = await _socket_answers(role, user, room, matrix.org.slug)
        over_http = await sync_to_async(_http_answers)(user, room, matrix.org.slug)
        for action in ACTION_NAMES:
            want = expected(role, visibility, state, action)
            for transport, answers in (("socket", over_socket), ("http", over_http)):
                if answers[action] != want:
                    wrong.append(
                        f"{role} {action} in {visibility}/{state} over {transport}: "
                        f"{answers[action]}, table says {want}"
                    )
    assert not wrong, "\n".join(wrong)


def test_the_table_covers_every_role_and_action() -> None:
    assert set(READS) == set(ACTIONS)
    assert all(len(row) == len(ACTION_NAMES) for row in ACTIONS.values())
    assert DialogueSession.Status.values == list(STATES)

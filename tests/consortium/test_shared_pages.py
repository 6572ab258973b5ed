"""Signed-in pages come from one shared rendering per change, with the person's parts filled in.

Two people with different roles (a city staff member and moderator with two-step set up, and a
resident) take turns filling the cache; each must get exactly the page rendered for them alone.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from unittest import mock

import pytest

from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cms.core import middleware as page_cache_middleware
from cms.models import PilotIndexPage
from dialogue import services
from dialogue.models import DialogueSession, Message, Room, Visibility
from dialogue.services.validation import render_body
from members import personal, roles
from members.models import Membership, Organization
from tests.cms.pilots.factories import PilotPageFactory
from tests.dialogue.factories import DialogueSessionFactory, MessageFactory, RoomFactory
from tests.members.factories import MembershipFactory, OrganizationFactory, UserFactory, in_group
from tests.support.clients import as_user

pytestmark = pytest.mark.django_db

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


def initial(html: str) -> dict:
    match = re.search(r'<script id="room-initial" type="application/json">(.*?)</script>', html)
    assert match, "room-initial missing"
    return json.loads(match.group(1))


def normal(html: str) -> str:
    """CSRF tokens are masked afresh on every render; the rest must match exactly."""
    return CSRF.sub('name="csrfmiddlewaretoken" value=""', html)


@pytest.fixture
def world(home_pages):
    index = home_pages.add_child(instance=PilotIndexPage(title="実証実験", slug="pilots"))
    index.save_revision().publish()
    pilot = PilotPageFactory(parent=index, title="譲り合いの実証")
    org = OrganizationFactory(slug="tourism", name="観光協会")
    staff = UserFactory(display_name="職員 太郎", two_step=True)
    in_group(in_group(staff, roles.CITY_STAFF), roles.MODERATORS)
    resident = UserFactory(display_name="住民 花子")
    now = timezone.now()
    session = DialogueSessionFactory(
        title="公開の対話",
        organiser=org,
        starts_at=now - dt.timedelta(minutes=10),
        status=DialogueSession.Status.LIVE,
    )
    room = RoomFactory(slug="forum", title="公開ルーム", session=session)
    MessageFactory(room=room, body="みんなに見える発言")
    MessageFactory(room=room, body="隠された本文", hidden=True, hidden_reason="秘密の理由")
    secret_session = DialogueSessionFactory(
        title="非公開の対話", organiser=org, visibility=Visibility.PRIVATE
    )
    secret_session.invited.add(staff)
    secret = RoomFactory(slug="secret", title="非公開ルーム", session=secret_session)
    MessageFactory(room=secret, body="内輪の発言")
    return {
        "staff": staff,
        "resident": resident,
        "org": org,
        "index": index,
        "pilot": pilot,
        "session": session,
        "room": room,
        "secret": secret,
        "paths": [
            "/ja/",
            "/ja/pilots/",
            pilot.url,
            f"/ja/dialogue/sessions/{session.pk}/",
            "/ja/dialogue/rooms/forum/",
        ],
    }


@pytest.mark.parametrize("first", ["staff", "resident"])
def test_a_page_from_the_cache_is_the_page_rendered_for_that_person(world, first) -> None:
    second = "resident" if first == "staff" else "staff"
    names = {"staff": "職員 太郎", "resident": "住民 花子"}
    for path in world["paths"]:
        cache.clear()
        filler = as_user(world[first]).get(path)
        assert filler.status_code == 200, path
        served = as_user(world[second]).get(path)
        cache.clear()
        alone = as_user(world[second]).get(path)
        html = served.content.decode()
        assert normal(html) == normal(alone.content.decode()), path
        assert names[second] in html and names[first] not in html, path
        assert names[first] in filler.content.decode(), path
        assert personal.marker("x").split("-")[0] not in html, path  # every marker filled
        # Neither person's CSRF token went into the other's page.
        tokens = set(CSRF.findall(html)) & set(CSRF.findall(filler.content.decode()))
        assert not tokens, path
    as_user(world[first]).get(world["pilot"].url)
    assert as_user(world[second]).get(world["pilot"].url)["X-Page-Cache"] == "shared"


def test_moderators_see_hidden_messages_and_residents_never_do(world) -> None:
    staff = initial(as_user(world["staff"]).get("/ja/dialogue/rooms/forum/").content.decode())
    assert staff["can_moderate"] and staff["me"]["name"] == "職員 太郎"
    assert "秘密の理由" in [m.get("hidden_reason") for m in staff["messages"]]
    html = as_user(world["resident"]).get("/ja/dialogue/rooms/forum/").content.decode()
    resident = initial(html)
    assert not resident["can_moderate"] and resident["me"]["name"] == "住民 花子"
    assert "秘密の理由" not in json.dumps(resident, ensure_ascii=False)
    assert "隠された本文" not in json.dumps(resident, ensure_ascii=False)
    assert "隠された本文" not in html and "みんなに見える発言" in html


def test_private_rooms_stay_private_when_their_page_is_cached(world) -> None:
    staff_html = as_user(world["staff"]).get("/ja/dialogue/rooms/secret/").content.decode()
    assert "内輪の発言" in staff_html
    refused = as_user(world["resident"]).get("/ja/dialogue/rooms/secret/")
    assert refused.status_code == 403
    assert "内輪の発言" not in refused.content.decode()
    anonymous = Client().get("/ja/dialogue/rooms/secret/")
    assert anonymous.status_code == 302
    session = world["secret"].session
    assert as_user(world["resident"]).get(f"/ja/dialogue/sessions/{session.pk}/").status_code == 403


def test_drafts_never_reach_a_shared_page(world) -> None:
    pilot = world["pilot"]
    pilot.title = "まだ下書きの題名"
    pilot.save_revision()  # not published
    for who in ("staff", "resident"):
        for path in ("/ja/pilots/", pilot.url):
            assert "まだ下書きの題名" not in as_user(world[who]).get(path).content.decode()


def test_publishing_shows_at_once(world) -> None:
    resident = as_user(world["resident"])
    resident.get("/ja/pilots/")
    assert resident.get("/ja/pilots/")["X-Page-Cache"] == "shared"
    pilot = world["pilot"]
    pilot.title = "新しい題名"
    pilot.save_revision().publish()
    assert "新しい題名" in resident.get("/ja/pilots/").content.decode()
    assert "新しい題名" in resident.get("/ja/").content.decode()


def test_hiding_a_message_shows_at_once(world, django_capture_on_commit_callbacks) -> None:
    resident = as_user(world["resident"])
    assert "みんなに見える発言" in resident.get("/ja/dialogue/rooms/forum/").content.decode()
    room = world["room"]
    message = Message.objects.get(body="みんなに見える発言")
    staff = world["staff"]
    with django_capture_on_commit_callbacks(execute=True):
        services.hide_message(
            room,
            staff,
            services.access_for(staff, room),
            message_id=message.pk,
            reason="荒らし",
        )
    html = resident.get("/ja/dialogue/rooms/forum/").content.decode()
    assert "みんなに見える発言" not in html
    # A new message shows at once too.
    with django_capture_on_commit_callbacks(execute=True):
        services.post_message(
            room,
            world["resident"],
            services.access_for(world["resident"], room),
            client_id="c-1",
            body="新しい発言",
        )
    assert "新しい発言" in resident.get("/ja/dialogue/rooms/forum/").content.decode()


def test_a_role_change_shows_at_once(world) -> None:
    resident = as_user(world["resident"])
    assert not initial(resident.get("/ja/dialogue/rooms/forum/").content.decode())["can_moderate"]
    in_group(world["resident"], roles.MODERATORS)
    state = initial(resident.get("/ja/dialogue/rooms/forum/").content.decode())
    assert state["can_moderate"]
    assert "秘密の理由" in [m.get("hidden_reason") for m in state["messages"]]


def test_a_membership_change_shows_at_once(world) -> None:
    resident = as_user(world["resident"])
    session = world["secret"].session
    assert resident.get("/ja/dialogue/rooms/secret/").status_code == 403
    session.invited.add(world["resident"])
    assert "内輪の発言" in resident.get("/ja/dialogue/rooms/secret/").content.decode()
    page = f"/ja/dialogue/sessions/{session.pk}/"
    assert "住民 花子</li>" in resident.get(page).content.decode()
    assert initial(resident.get("/ja/dialogue/rooms/forum/").content.decode())["orgs"] == []
    MembershipFactory(
        user=world["resident"], organization=world["org"], role=Membership.Role.EDITOR
    )
    html = resident.get(page).content.decode()
    assert "観光協会" in html.split("住民 花子</li>")[0].rsplit("<h3>", 1)[1]
    state = initial(resident.get("/ja/dialogue/rooms/forum/").content.decode())
    assert [org["slug"] for org in state["orgs"]] == ["tourism"]
    world["org"].is_active = False
    world["org"].save()
    assert initial(resident.get("/ja/dialogue/rooms/forum/").content.decode())["orgs"] == []


def test_hostile_names_are_escaped_in_the_filled_parts(world) -> None:
    resident = world["resident"]
    resident.display_name = '<script>alert("x")</script> personal-end'
    resident.save()
    as_user(world["staff"]).get("/ja/pilots/")
    html = as_user(resident).get("/ja/pilots/").content.decode()
    assert '<script>alert("x")</script>' not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    body = "</script><script>alert(1)</script>"
    MessageFactory(room=world["room"], body=body, html=render_body(world["room"], body))
    room = as_user(resident).get("/ja/dialogue/rooms/forum/").content.decode()
    assert '<script>alert("x")' not in room and "<script>alert(1)" not in room
    state = initial(room)
    assert state["me"]["name"] == resident.display_name
    assert state["messages"][-1]["body"] == "</script><script>alert(1)</script>"


def test_a_query_string_never_reaches_someone_elses_page(world) -> None:
    odd = "?next=%22%3E%3Cscript%3Ex%3C/script%3E&utm=' OR 1=1 --&x=%E2%80%AE"
    for path in world["paths"][3:]:
        filler = as_user(world["staff"]).get(path + odd)
        assert filler.status_code == 200
        assert "<script>x</script>" not in filler.content.decode()
        html = as_user(world["resident"]).get(path).content.decode()
        assert "OR 1=1" not in html and "utm" not in html, path


# --- query counts do not grow with the data -----------------------------------------------


def _grow(world, count: int) -> None:
    """Up to `count` pilots, sessions, messages and organisations (bulk, no signals)."""
    index = world["index"]
    for n in range(index.get_children().count(), count):
        PilotPageFactory(parent=index, title=f"実証 {n}", slug=f"grow-{n}")
    Organization.objects.bulk_create(
        Organization(slug=f"grow-{n}", name=f"団体 {n}")
        for n in range(Organization.objects.count(), count)
    )
    now = timezone.now()
    DialogueSession.objects.bulk_create(
        DialogueSession(
            title=f"会 {n}",
            starts_at=now + dt.timedelta(days=n + 1),
            ends_at=now + dt.timedelta(days=n + 1, hours=1),
            organiser=world["org"],
        )
        for n in range(DialogueSession.objects.count(), count)
    )
    room = world["room"]
    authors = [world["staff"], world["resident"]]
    Message.objects.bulk_create(
        Message(room=room, author=authors[n % 2], client_id=f"grow-{n}", body=f"発言 {n}")
        for n in range(room.messages.count(), count)
    )
    Membership.objects.bulk_create(
        Membership(user=world["resident"], organization=org)
        for org in Organization.objects.exclude(memberships__user=world["resident"])
    )
    Room.objects.filter(pk=room.pk).update(title=room.title)
    cache.clear()  # bulk writes send no signals


def _queries(client: Client, path: str) -> tuple[int, int]:
    """Queries of the first view after a change, and of a later one."""
    counts = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path).status_code == 200, path
        counts.append(len(queries))
    return counts[0], counts[1]


def test_signed_in_query_counts_do_not_grow_with_the_data(world) -> None:
    _grow(world, 5)
    people = {who: as_user(world[who]) for who in ("staff", "resident")}
    for client in people.values():  # warm the process's own caches (content types, sites)
        for path in world["paths"]:
            client.get(path)
    cache.clear()
    small = {(who, p): _queries(c, p) for who, c in people.items() for p in world["paths"]}
    cache.clear()
    _grow(world, 500)
    assert world["index"].get_children().count() == 500
    assert Message.objects.filter(room=world["room"]).count() >= 500
    big = {(who, p): _queries(c, p) for who, c in people.items() for p in world["paths"]}
    print("queries (first, later) at 5:", small, "at 500:", big)
    assert big == small
    later = {key: counts[1] for key, counts in small.items()}
    resident = {path: later["resident", path] for path in world["paths"]}
    home, index, pilot, session, room = world["paths"]
    # Session and user; then the session row and see_session; the room row. The bell's
    # unread count, what the person follows (follow buttons), their groups and the
    # organisations they speak for come from the cache until they change
    # (notifications.services, members.rules._standing).
    assert [resident[p] for p in (home, index, pilot)] == [2, 2, 2], resident
    assert resident[session] <= 3 and resident[room] <= 3, resident
    # An editor also gets Wagtail's userbar, which reads the page and its revisions.
    assert max(later["staff", p] for p in world["paths"]) <= 12, later


def test_only_wagtail_pages_look_in_the_page_cache(world) -> None:
    """The page cache holds Wagtail pages only: other views skip the lookup (two round trips
    to Redis in production) and, signed in, the session and user reads it needed."""
    resident = as_user(world["resident"])
    anonymous = Client()
    middleware = page_cache_middleware
    with (
        mock.patch.object(middleware, "anonymous_hit", wraps=middleware.anonymous_hit) as anon,
        mock.patch.object(middleware, "shared_hit", wraps=middleware.shared_hit) as shared,
    ):
        # Stored by the first view (both lookups miss), served by the anonymous one next.
        for _ in range(2):
            response = anonymous.get("/ja/")
        assert response["X-Page-Cache"] == "hit"
        assert resident.get("/ja/pilots/").status_code == 200
        assert (anon.call_count, shared.call_count) == (3, 2)
        anon.reset_mock()
        shared.reset_mock()
        with CaptureQueriesContext(connection) as queries:
            assert resident.get("/livez").status_code == 200
        assert anonymous.get("/ja/dialogue/rooms/forum/").status_code == 200
        assert anonymous.get("/ja/no-such-page/").status_code == 404
    # Only the unknown address, which goes to Wagtail (and answers 404), looked.
    assert (anon.call_count, shared.call_count) == (1, 1)
    assert len(queries) == 0


def test_a_hit_carries_the_headers_of_the_page_it_stored(world) -> None:
    """Anonymous hits are served before sessions, CSRF, authentication and messages run."""
    visitor = Client()
    miss = visitor.get("/ja/pilots/")
    hit = visitor.get("/ja/pilots/")
    assert (miss["X-Page-Cache"], hit["X-Page-Cache"]) == ("miss", "hit")
    assert hit.content == miss.content
    for header in (
        "Content-Type",
        "Content-Language",
        "Content-Security-Policy",
        "X-Frame-Options",
        "X-Content-Type-Options",
        "Referrer-Policy",
        "Cross-Origin-Opener-Policy",
    ):
        assert hit[header] == miss[header], header
    assert {v.strip() for v in hit["Vary"].split(",")} >= {"Cookie"}
    assert hit.cookies == {}  # no session or CSRF cookie handed to a cached visitor

"""Service functions: what a send costs, and the rules they keep whoever calls them."""

from __future__ import annotations

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from dialogue import reading, services
from dialogue.models import Message
from tests.dialogue.factories import MessageFactory

pytestmark = pytest.mark.django_db


def test_a_send_costs_a_fixed_handful_of_queries(world, django_assert_num_queries) -> None:
    access = services.access_for(world.member, world.public)
    services.speaking_orgs(world.member)  # cached per connection by the consumer
    # The atomic block (a savepoint inside the test's transaction; BEGIN/COMMIT in
    # production), the room locked, a savepoint to catch a duplicate client_id, the insert.
    with django_assert_num_queries(6) as captured:
        message, created = services.post_message(
            world.public, world.member, access, client_id="q1", body="こんにちは"
        )
    assert created
    sql = [q["sql"].split(" ")[0] for q in captured.captured_queries]
    assert sql == ["SAVEPOINT", "SELECT", "SAVEPOINT", "INSERT", "RELEASE", "RELEASE"]
    # A reply and a mention each add one read; speaking for an organisation adds the
    # fresh check of the right to (members.speak_for_organization) and the audit entry; the
    # reply tells the original's author (one INSERT … SELECT: notifications.notify).
    parent = MessageFactory(room=world.public)
    # Furigana's glossary of names is read once per process and change of a name, not per send.
    reading.ruby_html("<p>漢字</p>")
    with django_assert_num_queries(11):
        services.post_message(
            world.public,
            world.member,
            access,
            client_id="q2",
            body="@山田 花子 さんへ",
            reply_to=parent.pk,
            as_org="tourism-association",
        )


def test_a_resend_returns_the_stored_message(world) -> None:
    access = services.access_for(world.member, world.public)
    first, created = services.post_message(
        world.public, world.member, access, client_id="same", body="一度"
    )
    again, created_again = services.post_message(
        world.public, world.member, access, client_id="same", body="二度目の本文"
    )
    assert (created, created_again) == (True, False)
    assert again.pk == first.pk
    assert again.body == "一度"
    assert Message.objects.count() == 1


def test_a_client_id_used_in_another_room_is_refused(world) -> None:
    access = services.access_for(world.member, world.public)
    services.post_message(world.public, world.member, access, client_id="x", body="一")
    other = services.access_for(world.member, world.other_public)
    with pytest.raises(services.DialogueError) as error:
        services.post_message(world.other_public, world.member, other, client_id="x", body="二")
    assert error.value.code == "invalid"


def test_history_is_checked_against_access(world) -> None:
    MessageFactory(room=world.members)
    with pytest.raises(services.DialogueError):
        services.history(world.members, services.access_for(world.outsider, world.members))
    found, complete = services.history(
        world.members, services.access_for(world.other_member, world.members)
    )
    assert len(found) == 1
    assert complete


def test_mentions_link_participants_only(world) -> None:
    MessageFactory(room=world.public, author=world.outsider)
    access = services.access_for(world.member, world.public)
    message, _ = services.post_message(
        world.public,
        world.member,
        access,
        client_id="m",
        body="@部外者 さんと @高橋 誠 さん",
    )
    assert f'data-user-id="{world.outsider.pk}"' in message.html
    assert f'data-user-id="{world.mayor.pk}"' not in message.html  # not in this room


def test_closing_the_session_freezes_its_room(world) -> None:
    session = world.private.session
    access = services.access_for(world.invited, world.private)
    services.post_message(world.private, world.invited, access, client_id="a", body="開催中")
    session.status = session.Status.CLOSED
    session.save()
    with pytest.raises(services.DialogueError) as error:
        services.post_message(world.private, world.invited, access, client_id="b", body="終了後")
    assert error.value.code == "read_only"
    # A resend of what was stored before still answers with the stored message.
    again, created = services.post_message(
        world.private, world.invited, access, client_id="a", body="開催中"
    )
    assert not created


def test_send_sql_for_the_record(world) -> None:
    """Not an assertion of speed: prints the statements of one send (pytest -s)."""
    access = services.access_for(world.member, world.public)
    services.speaking_orgs(world.member)
    with CaptureQueriesContext(connection) as captured:
        services.post_message(world.public, world.member, access, client_id="r", body="記録")
    for query in captured.captured_queries:
        print(query["sql"])
    assert any(q["sql"].startswith("INSERT") for q in captured.captured_queries)


def test_a_quote_never_shows_a_hidden_or_deleted_parent(world) -> None:
    from dialogue.serializers import serialize_message, with_related

    access = services.access_for(world.member, world.public)
    parent = MessageFactory(room=world.public, body="後で隠される内容")
    reply, _ = services.post_message(
        world.public, world.member, access, client_id="rq", body="返信", reply_to=parent.pk
    )

    def quote(moderator=False):
        message = with_related(Message.objects.filter(pk=reply.pk)).get()
        return serialize_message(message, moderator=moderator)["quote"]

    assert quote()["excerpt"] == "後で隠される内容"
    Message.objects.filter(pk=parent.pk).update(hidden=True)
    assert quote() == {"id": parent.pk, "author": None, "excerpt": "", "deleted": True}
    Message.objects.filter(pk=parent.pk).update(hidden=False, deleted=True, body="")
    assert quote()["excerpt"] == ""


def test_limits_come_from_settings(settings) -> None:
    from django.core.cache import cache

    from dialogue.limits import check_rate

    cache.clear()
    settings.DIALOGUE_RATE_LIMIT_SENDS = 2
    check_rate(1, 1)
    check_rate(1, 1)
    check_rate(2, 1)  # another room has its own budget
    with pytest.raises(services.DialogueError) as error:
        check_rate(1, 1)
    assert error.value.code == "rate_limited"
    settings.DIALOGUE_MAX_BODY_CHARS = 5
    assert services.clean_body("12345") == "12345"
    with pytest.raises(services.DialogueError) as error:
        services.clean_body("123456")
    assert error.value.code == "too_long"

"""Speaking on an organisation's behalf in rooms: only who its representatives chose, and
every post, edit, delete, hide and acknowledgement of such a message is in the audit log,
written in the same transaction as the change."""

from __future__ import annotations

import pytest
from asgiref.sync import sync_to_async

from django.db import transaction

from dialogue import services
from dialogue.models import Message
from members.models import AuditEntry, Membership
from members.services import set_speakers

pytestmark = pytest.mark.django_db(transaction=True)


def send(body: str, client_id: str = "c1", **extra) -> dict:
    return {"type": "message.send", "client_id": client_id, "body": body, **extra}


def _post(world, user, body="観光協会として申し上げます", **kwargs):
    access = services.access_for(user, world.public)
    return services.post_message(
        world.public, user, access, client_id=kwargs.pop("client_id", "o1"), body=body, **kwargs
    )[0]


def _entries():
    return list(
        AuditEntry.objects.order_by("pk").values_list(
            "action", "actor_id", "organization_id", "target_id", "previous_text", "new_text"
        )
    )


def test_every_change_to_an_organisations_message_is_logged(world) -> None:
    message = _post(world, world.member, as_org="tourism-association")
    member = services.access_for(world.member, world.public)
    services.edit_message(world.public, world.member, member, message_id=message.pk, body="訂正")
    mayor = services.access_for(world.mayor, world.public)
    services.toggle_acknowledgement(world.public, world.mayor, mayor, message_id=message.pk)
    services.toggle_acknowledgement(world.public, world.mayor, mayor, message_id=message.pk)
    moderator = services.access_for(world.moderator, world.public)
    services.hide_message(
        world.public, world.moderator, moderator, message_id=message.pk, reason="個人情報"
    )
    services.delete_message(world.public, world.moderator, moderator, message_id=message.pk)
    org, pk = world.org.pk, str(message.pk)
    assert _entries() == [
        ("post", world.member.pk, org, pk, "", "観光協会として申し上げます"),
        ("edit", world.member.pk, org, pk, "観光協会として申し上げます", "訂正"),
        ("acknowledge", world.mayor.pk, org, pk, "訂正", ""),
        ("unacknowledge", world.mayor.pk, org, pk, "訂正", ""),
        ("hide", world.moderator.pk, org, pk, "訂正", ""),
        ("delete", world.moderator.pk, org, pk, "訂正", ""),
    ]
    hide = AuditEntry.objects.get(action="hide")
    assert (hide.reason, hide.context) == ("個人情報", "公開ルーム")
    assert hide.target_type.model == "message"


def test_personal_messages_are_not_logged(world) -> None:
    message = _post(world, world.member, body="個人として")
    access = services.access_for(world.member, world.public)
    services.edit_message(world.public, world.member, access, message_id=message.pk, body="直し")
    services.delete_message(world.public, world.member, access, message_id=message.pk)
    assert not AuditEntry.objects.exists()


def test_a_change_that_rolls_back_leaves_no_entry(world) -> None:
    with pytest.raises(RuntimeError), transaction.atomic():
        _post(world, world.member, as_org="tourism-association")
        raise RuntimeError("after the write, before the commit")
    assert not Message.objects.exists()
    assert not AuditEntry.objects.exists()


def test_a_refused_edit_logs_nothing(world) -> None:
    message = _post(world, world.member, as_org="tourism-association")
    other = services.access_for(world.other_member, world.public)
    with pytest.raises(services.DialogueError):
        services.edit_message(
            world.public, world.other_member, other, message_id=message.pk, body="乗っ取り"
        )
    assert [e[0] for e in _entries()] == ["post"]


def test_a_plain_member_speaks_only_once_chosen(world) -> None:
    plain = Membership.objects.create(
        user=world.outsider, organization=world.org, role=Membership.Role.MEMBER
    )
    with pytest.raises(services.DialogueError) as refused:
        _post(world, world.outsider, as_org="tourism-association")
    assert refused.value.code == "forbidden"
    set_speakers(world.org, {plain.pk}, actor=world.member)
    message = _post(world, world.outsider, as_org="tourism-association", client_id="o2")
    assert message.as_org == world.org


async def test_a_right_withdrawn_holds_on_an_open_socket(world, join) -> None:
    conn, hello = await join("open-forum", world.member)
    assert [o["slug"] for o in hello["me"]["orgs"]] == ["tourism-association"]
    first = await conn.ask(send("代表として", as_org="tourism-association"), "message.new")
    assert first["message"]["as_org"]["slug"] == "tourism-association"
    # Nobody ticked: the editor may no longer speak for the organisation.
    await sync_to_async(set_speakers)(world.org, set(), actor=world.moderator)
    error = await conn.ask(send("まだ代表として", client_id="c2", as_org="tourism-association"))
    assert (error["code"], error["client_id"]) == ("forbidden", "c2")
    personal = await conn.ask(send("個人として", client_id="c3"), "message.new")
    assert personal["message"]["as_org"] is None


async def test_hello_offers_only_the_organisations_one_may_speak_for(world, join) -> None:
    await sync_to_async(Membership.objects.create)(
        user=world.member, organization=world.other_org, role=Membership.Role.MEMBER
    )
    _conn, hello = await join("open-forum", world.member)
    assert [o["slug"] for o in hello["me"]["orgs"]] == ["tourism-association"]

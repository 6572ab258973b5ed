"""A person's part in rooms is in "Download my data", and leaves with them when they delete
their account: as "former member" (元メンバー) everywhere, texts kept or erased as they chose."""

from __future__ import annotations

import json

import pytest

from django.test import Client

from dialogue import services
from dialogue.models import Acknowledgement, Message, Reaction
from dialogue.serializers import serialize_message, with_related
from members.models import AuditEntry

pytestmark = pytest.mark.django_db

PROFILE = "/ja/members/profile/"


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def talk(world):
    """山田 花子 (world.member) speaks, reacts and is mentioned; the mayor acknowledges."""
    room = world.public
    access = services.access_for(world.member, room)
    own, _ = services.post_message(
        room, world.member, access, client_id="a", body="わたしの意見です"
    )
    for_org, _ = services.post_message(
        room, world.member, access, client_id="b", body="協会として", as_org="tourism-association"
    )
    other = services.access_for(world.other_member, room)
    mention, _ = services.post_message(
        room, world.other_member, other, client_id="c", body="@山田 花子 さんに賛成です"
    )
    services.toggle_reaction(room, world.member, access, message_id=mention.pk, emoji="👍")
    mayor = services.access_for(world.mayor, room)
    services.toggle_acknowledgement(room, world.mayor, mayor, message_id=own.pk)
    return own, for_org, mention


def _delete(user, texts: str):
    return _client(user).post(
        PROFILE + "delete/",
        {"password": "correct horse battery", "confirm": "on", "texts": texts},
    )


def _m(message: Message) -> dict:
    return serialize_message(with_related(Message.objects.filter(pk=message.pk)).get())


def test_download_my_data_has_messages_reactions_and_acknowledgements(world, talk) -> None:
    own, for_org, mention = talk
    data = json.loads(_client(world.member).get(PROFILE + "data/").content)
    texts = [(m["text"], m["on_behalf_of"], m["room_slug"]) for m in data["dialogue_messages"]]
    assert texts == [
        ("わたしの意見です", None, "open-forum"),
        ("協会として", "観光協会", "open-forum"),
    ]
    assert [(r["message"], r["emoji"]) for r in data["dialogue_reactions"]] == [(mention.pk, "👍")]
    assert data["dialogue_acknowledgements"] == []
    assert [e["action"] for e in data["organization_log"]] == ["post"]
    mayor = json.loads(_client(world.mayor).get(PROFILE + "data/").content)
    assert [(a["message"], a["title"]) for a in mayor["dialogue_acknowledgements"]] == [
        (own.pk, "市長")
    ]
    # Nobody else's words are in it.
    assert "賛成" not in json.dumps(data, ensure_ascii=False).replace("@山田 花子 さんに賛成", "")


def test_deleting_and_keeping_texts_shows_a_former_member_everywhere(world, talk) -> None:
    own, for_org, mention = talk
    assert _delete(world.member, "keep").status_code == 302
    kept = _m(own)
    assert kept["body"] == "わたしの意見です"
    assert kept["author"]["name"] == "元メンバー"
    mentioned = _m(mention)
    assert "山田" not in mentioned["html"] and "山田" not in mentioned["body"]
    # The furigana copy named them too: it follows html.
    assert "山田" not in mentioned["ruby"] and "<ruby>" in mentioned["ruby"]
    assert "@元メンバー" in mentioned["html"] and mentioned["body"] == "@元メンバー さんに賛成です"
    assert f'data-user-id="{world.member.pk}"' in mentioned["html"]
    # The mayor who acknowledged is still named; the history API says the same.
    assert _m(own)["acknowledged_by"][0]["name"] == "高橋 誠"
    page = Client().get("/api/dialogue/rooms/open-forum/messages/").content.decode()
    assert "山田 花子" not in page and "元メンバー" in page
    assert Reaction.objects.filter(user=world.member).exists()
    assert not AuditEntry.objects.filter(action="erase").exists()


def test_deleting_and_erasing_texts_leaves_deleted_messages(world, talk) -> None:
    own, for_org, mention = talk
    assert _delete(world.member, "erase").status_code == 302
    for message in (own, for_org):
        gone = _m(message)
        assert (gone["deleted"], gone["body"], gone["html"]) == (True, "", "")
        assert gone["author"]["name"] == "元メンバー"
    assert not Message.objects.filter(author=world.member).exclude(body="").exists()
    assert not Message.objects.filter(author=world.member).exclude(ruby="").exists()
    # Others' words stay; what was said for the organisation stays in its log.
    assert _m(mention)["body"] == "@元メンバー さんに賛成です"
    erase = AuditEntry.objects.get(action="erase")
    assert (erase.organization, erase.previous_text, erase.actor) == (world.org, "協会として", None)
    assert erase.target_id == str(for_org.pk)


def test_a_mayor_who_leaves_is_shown_as_former_member_in_acknowledgements(world, talk) -> None:
    own, _for_org, _mention = talk
    _delete(world.mayor, "keep")
    [ack] = _m(own)["acknowledged_by"]
    assert ack["name"] == "元メンバー"
    assert Acknowledgement.objects.filter(message=own).count() == 1


def test_the_choice_is_required_and_checked(world, talk) -> None:
    own, _for_org, _mention = talk
    for texts in ("", "both", "<b>erase</b>", "x" * 5000):
        response = _client(world.member).post(
            PROFILE + "delete/",
            {"password": "correct horse battery", "confirm": "on", "texts": texts},
        )
        assert response.status_code == 400
    world.member.refresh_from_db()
    assert world.member.deleted_at is None
    assert Message.objects.get(pk=own.pk).body == "わたしの意見です"
    page = _client(world.member).get(PROFILE + "delete/").content.decode()
    assert 'value="keep"' in page and 'value="erase"' in page


def test_download_my_data_has_proposals_comments_supports_and_notifications(world) -> None:
    from dialogue.models import ProposalStatus, Report
    from notifications.models import Delivery, Follow, Preference
    from tests.dialogue.proposals.factories import (
        CommentFactory,
        ProposalFactory,
        SupportFactory,
    )
    from tests.notifications.factories import NotificationFactory

    mine = ProposalFactory(
        author=world.member,
        title="駅前に屋根を",
        status=ProposalStatus.DRAFT,
        plain_title="えきまえ",
    )
    theirs = ProposalFactory(author=world.other_member, title="他の人の提案")
    CommentFactory(proposal=theirs, author=world.member, body="<b>賛成</b>です")
    CommentFactory(proposal=mine, author=world.other_member, body="他の人のコメント")
    SupportFactory(proposal=theirs, user=world.member)
    Report.objects.create(reporter=world.member, proposal=theirs, reason="重複しています")
    NotificationFactory(recipient=world.member, title="あなた宛て")
    NotificationFactory(recipient=world.other_member, title="他の人宛て")
    Preference.objects.create(user=world.member, kind="mention", delivery=Delivery.DAILY)
    Follow.objects.create(user=world.member, target=f"proposal:{theirs.pk}")

    response = _client(world.member).get(PROFILE + "data/")
    data = json.loads(response.content)
    assert [p["title"] for p in data["proposals"]] == ["駅前に屋根を"]
    assert data["proposals"][0]["status"] == "draft"
    assert data["proposals"][0]["title_in_plain_japanese"] == "えきまえ"
    assert [c["text"] for c in data["proposal_comments"]] == ["<b>賛成</b>です"]
    assert [s["proposal"] for s in data["proposal_supports"]] == [theirs.pk]
    assert [r["what_is_wrong"] for r in data["proposal_reports"]] == ["重複しています"]
    assert [n["title"] for n in data["notifications"]] == ["あなた宛て"]
    assert data["notification_preferences"] == [{"kind": "mention", "email": "daily"}]
    assert [f["following"] for f in data["follows"]] == [f"proposal:{theirs.pk}"]
    body = response.content.decode()
    assert "他の人のコメント" not in body and "他の人宛て" not in body

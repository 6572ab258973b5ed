"""Computing and storing maps: sources, hidden messages, failures, staff text kept."""

from __future__ import annotations

import pytest

from django.utils import timezone

from listening import services, sources, tasks
from listening.models import Group, Opinion, OpinionMap
from listening.pipeline import runner
from tests.listening.conftest import fill_room, sample_rows

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_embeddings")]


def room_map(room, **kwargs) -> OpinionMap:
    return services.create_map(title="ルームの意見", source_kind="room", room=room, **kwargs)


def test_room_map_groups_visible_messages_and_links_each_opinion(people):
    messages = fill_room(people.public_room, sample_rows())
    opinion_map = room_map(people.public_room)
    assert tasks.request_compute(opinion_map)  # immediate backend: done on return
    opinion_map.refresh_from_db()
    assert opinion_map.status == OpinionMap.Status.READY
    assert opinion_map.progress == 100
    assert opinion_map.comment_count == len(messages)
    assert opinion_map.opinion_count == Opinion.objects.filter(map=opinion_map).count()
    opinion = Opinion.objects.filter(map=opinion_map).first()
    assert opinion.source_key.startswith("message:")
    assert opinion.source_url.endswith(f"#message-{opinion.comment_id}")
    assert Group.objects.filter(map=opinion_map, level=1).count() >= 2
    assert Group.objects.filter(map=opinion_map, level=2).exists()


def test_hidden_and_deleted_messages_are_never_included(people):
    rows = sample_rows()
    fill_room(people.public_room, rows)
    hidden = fill_room(
        people.public_room,
        [{"text": "非表示にされた秘密の発言です。内容は見せない。"}],
        hidden=True,
    )
    deleted = fill_room(
        people.public_room, [{"text": "削除された発言です。誰にも見せない。"}], deleted=True
    )
    opinion_map = room_map(people.public_room)
    services.compute(opinion_map.pk)
    texts = set(Opinion.objects.filter(map=opinion_map).values_list("text", flat=True))
    assert not any("秘密" in t or "削除" in t for t in texts)
    keys = set(Opinion.objects.filter(map=opinion_map).values_list("source_key", flat=True))
    assert f"message:{hidden[0].pk}" not in keys and f"message:{deleted[0].pk}" not in keys
    assert OpinionMap.objects.get(pk=opinion_map.pk).comment_count == len(rows)


def test_session_map_reads_the_session_room(people):
    fill_room(people.private_room, sample_rows())
    opinion_map = services.create_map(title="s", source_kind="session", session=people.session)
    assert services.compute(opinion_map.pk) == OpinionMap.Status.READY


def test_fewer_than_twenty_opinions_is_too_small(people):
    fill_room(people.public_room, sample_rows()[:12])
    fill_room(people.public_room, [{"text": "賛成です"}] * 10)
    opinion_map = room_map(people.public_room)
    services.compute(opinion_map.pk)
    opinion_map.refresh_from_db()
    assert opinion_map.status == OpinionMap.Status.TOO_SMALL
    assert opinion_map.short_count == 10
    assert not opinion_map.groups.exists()


def test_csv_map_keeps_rows_ids_and_attributes(sample_csv):
    opinion_map = services.create_csv_map(title="パブコメ", data=sample_csv)
    assert opinion_map.uploaded.count() == len(sample_rows())
    services.compute(opinion_map.pk)
    opinion_map.refresh_from_db()
    assert opinion_map.attribute_names == ["age", "area"]
    opinion = opinion_map.opinions.first()
    assert opinion.source_key.startswith("csv:")
    assert set(opinion.attributes) == {"age", "area"}


def test_bad_csv_stores_nothing():
    from listening.csvfile import CsvError

    with pytest.raises(CsvError):
        services.create_csv_map(title="x", data=b"comment\nfoo\n")
    assert not OpinionMap.objects.exists()


def test_a_failed_recompute_keeps_the_good_map(sample_csv, monkeypatch):
    opinion_map = services.create_csv_map(title="パブコメ", data=sample_csv)
    services.compute(opinion_map.pk)
    before = list(opinion_map.opinions.values_list("text", "fine_id"))

    def broken(*args, **kwargs):
        raise MemoryError

    monkeypatch.setattr(runner, "run", broken)
    assert services.compute(opinion_map.pk) == OpinionMap.Status.FAILED
    opinion_map.refresh_from_db()
    assert opinion_map.status == OpinionMap.Status.FAILED
    assert "MemoryError" in opinion_map.error
    assert opinion_map.has_result
    assert list(opinion_map.opinions.values_list("text", "fine_id")) == before


def test_a_failure_while_saving_rolls_back_to_the_good_map(sample_csv, monkeypatch):
    opinion_map = services.create_csv_map(title="パブコメ", data=sample_csv)
    services.compute(opinion_map.pk)
    count = opinion_map.opinions.count()

    def broken_bulk_create(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(Opinion.objects, "bulk_create", broken_bulk_create)
    services.compute(opinion_map.pk)
    assert opinion_map.opinions.count() == count
    assert opinion_map.groups.filter(level=1).exists()


def test_staff_names_and_takeaways_survive_a_recompute(sample_csv):
    opinion_map = services.create_csv_map(title="パブコメ", data=sample_csv)
    services.compute(opinion_map.pk)
    broad = opinion_map.groups.filter(level=1).order_by("position")
    first = broad[0]
    members = set(first.broad_opinions.values_list("source_key", flat=True))
    services.edit_group(first, name="  子育ての声 ", takeaway="保育の拡充を求める声が多い。")
    services.compute(opinion_map.pk)
    renamed = opinion_map.groups.get(name="子育ての声")
    assert renamed.takeaway == "保育の拡充を求める声が多い。"
    assert set(renamed.broad_opinions.values_list("source_key", flat=True)) == members
    assert opinion_map.groups.filter(name="子育ての声").count() == 1


def test_staff_text_is_not_copied_to_an_unrelated_group(people):
    fill_room(people.public_room, sample_rows(topics=4))
    opinion_map = room_map(people.public_room)
    services.compute(opinion_map.pk)
    group = opinion_map.groups.filter(level=1).first()
    services.edit_group(group, name="旧グループ", takeaway="")
    people.public_room.messages.all().delete()
    fill_room(people.public_room, sample_rows(topics=7)[-30:])
    services.compute(opinion_map.pk)
    assert not opinion_map.groups.filter(name="旧グループ").exists()


def test_request_compute_does_not_queue_twice(sample_csv):
    opinion_map = services.create_csv_map(title="パブコメ", data=sample_csv)
    OpinionMap.objects.filter(pk=opinion_map.pk).update(status=OpinionMap.Status.RUNNING)
    opinion_map.refresh_from_db()
    opinion_map.computed_at = opinion_map.created_at
    assert tasks.request_compute(opinion_map) is False


def test_progress_is_stored_while_computing(sample_csv, monkeypatch):
    seen = []
    real = services._save_progress

    def spy(opinion_map, fraction, step):
        real(opinion_map, fraction, step)
        seen.append(OpinionMap.objects.get(pk=opinion_map.pk).progress)

    monkeypatch.setattr(services, "_save_progress", spy)
    opinion_map = services.create_csv_map(title="パブコメ", data=sample_csv)
    services.compute(opinion_map.pk)
    assert seen == sorted(seen) and seen[-1] >= 90 and len(set(seen)) > 3


def test_the_proposals_source_reads_public_proposals_and_their_shown_comments(monkeypatch):
    from dialogue import proposal_links
    from dialogue.models import ProposalStatus
    from tests.dialogue.proposals.factories import CommentFactory, ProposalFactory

    monkeypatch.setattr(proposal_links, "_resolver", lambda _p, _lang, _action: "/ja/proposals/")
    rows = sample_rows()
    published = [ProposalFactory(title=r["text"][:40], summary=r["text"]) for r in rows[:20]]
    on_show = [
        CommentFactory(proposal=published[i], body=r["text"]) for i, r in enumerate(rows[20:])
    ]
    unseen = [
        ProposalFactory(status=ProposalStatus.DRAFT, title="下書きの秘密", published_at=None),
        ProposalFactory(status=ProposalStatus.REJECTED, title="却下の秘密"),
        ProposalFactory(hidden=True, title="非表示の秘密"),
    ]
    hidden_comment = CommentFactory(proposal=published[0], body="非表示の秘密", hidden=True)
    deleted_comment = CommentFactory(
        proposal=published[0], body="削除の秘密", deleted_at=timezone.now()
    )
    on_draft = CommentFactory(proposal=unseen[0], body="下書きへの秘密")
    opinion_map = services.create_map(title="提案", source_kind="proposals")
    assert services.compute(opinion_map.pk) == OpinionMap.Status.READY
    opinions = Opinion.objects.filter(map=opinion_map)
    keys = set(opinions.values_list("source_key", flat=True))
    assert keys == {f"proposal:{p.pk}" for p in published} | {f"comment:{c.pk}" for c in on_show}
    assert not opinions.filter(text__contains="秘密").exists()
    for comment in (hidden_comment, deleted_comment, on_draft):
        assert f"comment:{comment.pk}" not in keys
    comment = opinions.get(source_key=f"comment:{on_show[0].pk}")
    assert comment.source_url == f"/ja/proposals/{published[0].pk}/#comment-{on_show[0].pk}"
    assert comment.source_label == published[0].title
    assert sources.get("proposals").may_read(None, opinion_map)


def test_unknown_source_is_refused():
    with pytest.raises(KeyError):
        services.create_map(title="x", source_kind="nonsense")


def test_same_input_gives_the_same_stored_map(sample_csv):
    first = services.create_csv_map(title="a", data=sample_csv)
    second = services.create_csv_map(title="b", data=sample_csv)
    services.compute(first.pk)
    services.compute(second.pk)

    def shape(m):
        return [
            (o.text, o.broad.position, o.fine.position, o.x, o.y)
            for o in m.opinions.select_related("broad", "fine")
        ]

    assert shape(first) == shape(second)
    assert list(first.groups.values_list("label", flat=True)) == list(
        second.groups.values_list("label", flat=True)
    )

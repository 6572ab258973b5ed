"""The pipeline on its own: no database, no network."""

from __future__ import annotations

import socket

import pytest
from sklearn.metrics import adjusted_rand_score

from listening.pipeline import embedding, labelling, opinions, runner
from listening.pipeline.opinions import Comment
from tests.listening.conftest import sample_rows


def comments_of(rows) -> list[Comment]:
    return [
        Comment(key=f"csv:{r['id']}", text=r["text"], attributes={"age": r["age"]}) for r in rows
    ]


@pytest.fixture(scope="module")
def rows():
    return sample_rows(per_topic=8, topics=4)


def test_long_comment_is_split_into_sentences():
    text = (
        "駅前の駐輪場が足りず、歩道に自転車があふれています。"
        "バスの本数も少なく、通勤に使えません。よろしくお願いします。"
    )
    parts = opinions.split_opinions(text)
    assert parts[0].startswith("駅前の駐輪場")
    assert parts[1].startswith("バスの本数")
    assert len(parts) == 3


def test_short_comment_stays_whole_and_whitespace_is_folded():
    assert opinions.split_opinions("  公園の 遊具を\n直して。  ") == ["公園の 遊具を 直して。"]
    assert opinions.split_opinions("   ") == []


@pytest.mark.parametrize(
    "text",
    [
        "賛成です",
        "賛成です。",
        "同感！",
        "よろしくお願いします。",
        "以上です。",
        "ｗ",
        "！！！",
        "…",
    ],
)
def test_agreement_and_empty_sentences_are_set_aside(text):
    assert opinions.is_too_short(text)


@pytest.mark.parametrize("text", ["駐車場を増やして", "公園を直してください", "バス停に屋根を"])
def test_short_but_meaningful_sentences_are_kept(text):
    assert not opinions.is_too_short(text)


def test_short_opinions_are_counted_not_grouped(rows):
    comments = comments_of(rows) + [Comment("csv:x1", "賛成です"), Comment("csv:x2", "同感です。")]
    result = runner.run(comments)
    assert len(result.short) == 2
    assert {o.comment for o in result.short} == {len(rows), len(rows) + 1}
    assert all(o.comment < len(rows) for o in result.opinions)


def test_fewer_than_twenty_opinions_are_too_small_to_group(rows):
    result = runner.run(comments_of(rows[:19]))
    assert result.too_small
    assert result.groups == []
    assert len(result.opinions) == 19


def test_whole_pipeline_runs_with_the_network_blocked(rows, monkeypatch):
    """Model loading included: the weights come inside the installed package."""

    def no_network(*args, **kwargs):
        raise OSError("network access attempted")

    embedding._use_model.cache_clear()
    monkeypatch.setattr(socket, "socket", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket, "getaddrinfo", no_network)
    with pytest.raises(OSError):
        socket.socket()
    result = runner.run(comments_of(rows))
    assert not result.too_small
    assert len(result.opinions) == len(rows)
    assert result.broad and all(g.words for g in result.groups)


def test_groups_follow_the_topics_and_labels_name_them(rows):
    result = runner.run(comments_of(rows), broad_k=4)
    truth = [rows[o.comment]["topic"] for o in result.opinions]
    assert adjusted_rand_score(truth, [o.broad for o in result.opinions]) > 0.3
    labels = " ".join(g.label for g in result.broad)
    assert "ごみ" in labels or "回収" in labels
    assert "バス" in labels or "駅" in labels


def test_two_levels_nest_and_cover_every_opinion(rows):
    result = runner.run(comments_of(rows))
    broad = {g.index for g in result.broad}
    fine = [g for g in result.groups if g.level == 2]
    assert all(g.parent in broad for g in fine)
    assert sorted(m for g in fine for m in g.members) == list(range(len(result.opinions)))
    for g in fine:
        assert set(g.members) <= set(result.groups[g.parent].members)
    for o in result.opinions:
        assert result.groups[o.fine].parent == o.broad


def test_density_rank_and_quotes(rows):
    result = runner.run(comments_of(rows))
    ranks = sorted(g.density_rank for g in result.broad)
    assert ranks == list(range(1, len(result.broad) + 1))
    tightest = min(result.broad, key=lambda g: g.density_rank)
    assert tightest.density == max(g.density for g in result.broad)
    for g in result.groups:
        assert 1 <= len(g.quotes) <= 3
        assert set(g.quotes) <= set(g.members)


def test_same_input_same_map(rows):
    first = runner.run(comments_of(rows))
    second = runner.run(comments_of(rows))
    assert [(o.broad, o.fine, o.x, o.y) for o in first.opinions] == [
        (o.broad, o.fine, o.x, o.y) for o in second.opinions
    ]
    assert [g.label for g in first.groups] == [g.label for g in second.groups]


def test_identical_texts_do_not_break_grouping():
    comments = [Comment(f"k{i}", "公園の遊具を新しくしてほしいです。") for i in range(25)]
    comments += [Comment(f"j{i}", f"バスの本数を増やしてほしい。{i}番路線") for i in range(5)]
    result = runner.run(comments)
    assert not result.too_small
    assert sum(len(g.members) for g in result.broad) == 30


def test_class_tfidf_prefers_words_of_one_class():
    docs = [["公園", "遊具", "公園", "市"], ["バス", "駅", "バス", "市"]]
    top = labelling.class_tfidf(docs, top=2)
    assert top[0] == ["公園", "遊具"]
    assert top[1] == ["バス", "駅"]


def test_nouns_are_normalised_and_function_words_dropped():
    words = labelling.nouns("子どもたちのために公園のことを考えてほしい。")
    assert "子供達" in words and "公園" in words
    assert "こと" not in words and "ため" not in words and "為" not in words


def test_tfidf_embedding_is_available_as_the_baseline(rows):
    result = runner.run(comments_of(rows), method="tfidf")
    assert result.method == "tfidf" and result.broad

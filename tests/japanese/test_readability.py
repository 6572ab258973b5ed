"""The readability figure: known texts, monotone measures, odd input."""

from __future__ import annotations

import pytest

from japanese.readability import (
    MAX_CHARS,
    TextTooLong,
    is_elementary_kanji,
    kanji_grades,
    plain_text,
    readability,
    score_sentence,
    split_sentences,
)

PLAIN = "きょうは 雨です。"
OFFICIAL = (
    "本事業は地域経済の活性化及び持続可能な行政運営の実現を企図し、"
    "官民連携による実証実験を遂行するものである。"
)


def test_the_kanji_table_has_the_school_lists() -> None:
    grades = kanji_grades()
    assert sum(1 for g in grades.values() if g <= 6) == 1026  # 学年別漢字配当表 (2020)
    assert len(grades) == 2136  # 常用漢字表
    assert grades["一"] == 1 and grades["茨"] == 4 and grades["企"] == 7
    assert is_elementary_kanji("雨") and not is_elementary_kanji("遂")
    assert not is_elementary_kanji("𠮷")  # not in the lists at all


def test_known_plain_text_scores_plain() -> None:
    result = readability("きょうは 雨です。あしたは 晴れます。")
    assert result.level == "plain"
    assert result.hard_share == 0
    assert len(result.sentences) == 2
    assert result.mean_length == pytest.approx(8.5)


def test_known_official_text_scores_hard() -> None:
    result = readability(OFFICIAL)
    assert result.level == "hard"
    sentence = result.sentences[0]
    assert sentence.length == 53
    assert {"企図", "遂行"} <= set(sentence.hard_words)
    assert sentence.kanji_share > 0.6


def test_a_sentence_with_rare_kanji_scores_harder_than_a_plain_one() -> None:
    plain = score_sentence("ここで くつを ぬいで ください。")
    rare = score_sentence("此処で靴を脱いで下さい。")
    rarer = score_sentence("此処で鞜を褪いで躾い。")
    assert plain.score < rare.score <= rarer.score
    assert rare.kanji_share > plain.kanji_share


@pytest.mark.parametrize("clause", ["雨です", "市の 話を 聞きます", "行政手続の電子化"])
def test_longer_sentences_never_score_easier(clause: str) -> None:
    """The same words said again in one sentence: only the length grows."""
    scores = [score_sentence("、".join([clause] * n) + "。").score for n in (1, 2, 4, 8, 16)]
    assert scores == sorted(scores)
    assert scores[0] < scores[-1]


def test_more_hard_words_never_score_easier() -> None:
    base = score_sentence("わたしは 山に 行きます。")
    harder = score_sentence("わたしは 峻嶺に 赴きます。")
    assert harder.score > base.score
    assert harder.hard_words and not base.hard_words


def test_the_hardest_sentences_come_first() -> None:
    result = readability(f"{PLAIN}{OFFICIAL}{PLAIN}")
    hardest = result.hardest(2)
    assert hardest[0].text == OFFICIAL
    assert hardest[0].score >= hardest[1].score
    assert [s.index for s in result.sentences] == [0, 1, 2]


def test_sentences_split_on_japanese_and_western_stops_and_lines() -> None:
    assert split_sentences("はい。いいえ！本当？ yes! no?\n次の行\n\n") == [
        "はい。",
        "いいえ！",
        "本当？",
        "yes!",
        "no?",
        "次の行",
    ]


def test_html_is_read_as_text_and_scripts_are_dropped() -> None:
    text = plain_text(
        "<h2>見出し</h2><p>本文&amp;です。<script>alert(1)</script></p><ul><li>一</li></ul>"
    )
    assert "alert" not in text and "<" not in text
    assert "本文&です。" in text
    result = readability("<p>一つ目。</p><p>二つ目</p>")
    assert [s.text for s in result.sentences] == ["一つ目。", "二つ目"]


@pytest.mark.parametrize(
    "text",
    ["", "   ", "\n\n", "<p></p>", "<script>x</script>"],
)
def test_empty_text_has_no_sentences(text: str) -> None:
    result = readability(text)
    assert result.sentences == [] and result.score == 0 and result.hardest() == []


@pytest.mark.parametrize(
    "text",
    [
        "😀🎉👍",
        "\u200b\u202e\ufeff漢字\u0000",
        "\ud800壊れた文字",
        "𠮷野家で𩸽を食べた。",
        "ｶﾀｶﾅとＡＢＣと１２３。",
        "a" * 5000,
        "あ" * 3000 + "。",
    ],
)
def test_odd_unicode_is_scored_not_crashed(text: str) -> None:
    result = readability(text)
    for sentence in result.sentences:
        assert 0 <= sentence.score <= 100
        assert "\u0000" not in sentence.text and "\u202e" not in sentence.text
        assert "\ud800" not in sentence.text


def test_text_over_the_cap_is_refused() -> None:
    with pytest.raises(TextTooLong):
        readability("あ" * (MAX_CHARS + 1))
    assert readability("あ" * MAX_CHARS).sentences


def test_the_result_serialises() -> None:
    data = readability(OFFICIAL).as_dict()
    assert set(data) == {
        "sentences",
        "mean_length",
        "kanji_share",
        "hard_share",
        "score",
        "level",
        "hardest",
    }
    assert data["hardest"][0]["hard_words"]

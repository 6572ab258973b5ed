from __future__ import annotations

import threading

from japanese.analyzer import fold_width, katakana_to_hiragana, tokenize


def test_known_words_are_found_inside_a_sentence():
    words = [t.surface for t in tokenize("観光協会と連携した", mode="A")]
    assert words[:2] == ["観光", "協会"]


def test_spelling_variants_share_a_normalised_form():
    (token,) = tokenize("シュミレーション")
    assert token.normalized == "シミュレーション"


def test_full_width_letters_fold_to_ascii():
    assert fold_width("ＤＸ推進") == "DX推進"


def test_readings_turn_into_hiragana():
    reading = "".join(t.reading for t in tokenize("農業協同組合"))
    assert katakana_to_hiragana(reading) == "のうぎょうきょうどうくみあい"


def test_empty_text_has_no_tokens():
    assert tokenize("") == []


def test_each_thread_gets_a_working_tokenizer():
    results: list[list[str]] = []

    def work() -> None:
        results.append([t.surface for t in tokenize("観光協会", mode="A")])

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [["観光", "協会"]] * 4

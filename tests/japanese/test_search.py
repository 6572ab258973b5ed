"""japanese/search.py: the terms a text is indexed under and what a query asks for."""

from __future__ import annotations

import pytest

from japanese.search import bigrams, clean, fold, index_terms, query_clauses, search_query


def found(query: str, text: str) -> bool:
    """What the backends do with the terms: every clause needs one alternative whose terms
    are all among the text's."""
    terms = set(index_terms(text))
    clauses = query_clauses(query)
    return bool(clauses) and all(
        any(set(alt) <= terms for alt in clause.alternatives) for clause in clauses
    )


@pytest.mark.parametrize(
    ("query", "text"),
    [
        ("観光", "観光協会と連携した"),
        ("農協", "JA（農協）の直売所"),
        ("推進", "DX推進課に相談"),  # two characters inside a longer word
        ("ＤＸ", "DX推進課"),
        ("dx", "ＤＸ推進課"),
        ("シュミレーション", "シミュレーションを行う"),
        ("しみゅれーしょん", "シミュレーションを行う"),
        ("コンピュータ", "コンピューター講座"),
        ("こんぴゅーたー", "コンピューター講座"),
        ("ｺﾝﾋﾟｭｰﾀｰ", "コンピューター講座"),
        ("サーバ", "サーバーの更新"),
        ("スマートシティ", "スマート・シティを目指す"),
        ("Café", "cafe で話そう"),
        ("図書館 講座", "講座は図書館で"),
    ],
)
def test_query_finds_text(query, text) -> None:
    assert found(query, text)


@pytest.mark.parametrize(
    ("query", "text"),
    [
        ("観光", "農業の話"),
        ("図書館 講座", "図書館の話"),  # every word is needed
        ("が", "か"),  # voicing marks matter
        ("ビル", "ビール"),  # only a final long vowel folds
    ],
)
def test_query_does_not_find_unrelated_text(query, text) -> None:
    assert not found(query, text)


def test_folding() -> None:
    assert fold(clean("ＤＸとｶﾀｶﾅのコンピューター")) == "dxとかたかなのこんぴゅーた"
    assert bigrams("観光協会") == ["観光", "光協", "協会"]
    assert bigrams("市") == ["市"]


@pytest.mark.parametrize(
    "query",
    ['AND OR NOT " * ( ) -', "\x00", "%00", "a\x00b", "'; DROP TABLE x; --", "観光" * 5000, "🙂"],
)
def test_hostile_queries_become_letters_and_digits(query) -> None:
    for clause in query_clauses(query):
        for alt in clause.alternatives:
            for term in alt:
                assert term.isalnum() or all(ch.isalnum() or ch == "ー" for ch in term), term
                assert len(term) <= 40
    assert len(query_clauses("観光 農業 " * 100)) <= 12


def test_empty_query_asks_for_nothing() -> None:
    assert search_query("") is None
    assert search_query("  \x00 ") is None
    assert search_query("()*") is None

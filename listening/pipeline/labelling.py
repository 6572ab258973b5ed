"""Group labels: class-based TF-IDF over SudachiPy-normalised nouns."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable

from japanese.analyzer import tokenize

from .groups import Group
from .opinions import Opinion

_SKIP_POS = {"数詞", "代名詞"}
_STOP_NOUNS = {"こと", "もの", "ため", "よう", "方", "事", "物", "為", "様", "所", "時", "中"}


def nouns(text: str) -> list[str]:
    words = []
    for token in tokenize(text, mode="C"):
        if not token.is_noun or token.pos[1] in _SKIP_POS or "非自立可能" in token.pos:
            continue
        word = token.normalized
        if word in _STOP_NOUNS or len(word) < 2 and not _is_kanji(word):
            continue
        words.append(word)
    return words


def _is_kanji(word: str) -> bool:
    return bool(word) and all("\u4e00" <= ch <= "\u9fff" for ch in word)


def class_tfidf(documents: list[list[str]], top: int = 5) -> list[list[str]]:
    """Words most characteristic of each class: term frequency within the class times
    log(1 + average words per class / the word's frequency over all classes)."""
    counts = [Counter(doc) for doc in documents]
    total = Counter()
    for c in counts:
        total.update(c)
    average = sum(total.values()) / max(1, len(documents))
    result = []
    for c in counts:
        size = sum(c.values()) or 1
        scored = sorted(((n / size) * math.log(1 + average / total[w]), w) for w, n in c.items())
        scored.sort(key=lambda item: (-item[0], item[1]))
        result.append([w for _score, w in scored[:top]])
    return result


def label(groups: list[Group], opinions: list[Opinion], texts: Iterable[str]) -> None:
    """Each group's words against the others of its level; a group with no noun is named by
    the start of its most central opinion. `texts` are the distinct opinion texts."""
    words_of = {text: nouns(text) for text in texts}
    words = [words_of[o.text] for o in opinions]
    for level in (1, 2):
        same = [g for g in groups if g.level == level]
        docs = [[w for m in g.members for w in words[m]] for g in same]
        for g, top in zip(same, class_tfidf(docs), strict=True):
            g.words = top or [opinions[g.quotes[0]].text[:20]]

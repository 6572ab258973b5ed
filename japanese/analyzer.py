"""One SudachiPy tokenizer per thread, and the few facts about a word the apps ask for.

SudachiPy's dictionary (sudachidict-core) is installed as a package, so nothing is fetched at
run time. Loading it takes a moment and some memory, so it is loaded once per process; a
tokenizer is not safe to share between threads, so each thread gets its own.
"""

from __future__ import annotations

import threading
import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import Literal

from sudachipy import Dictionary, SplitMode

Mode = Literal["A", "B", "C"]
_MODES = {"A": SplitMode.A, "B": SplitMode.B, "C": SplitMode.C}
_local = threading.local()
_load_lock = threading.Lock()


@dataclass(frozen=True, slots=True)
class Token:
    surface: str
    normalized: str  # Sudachi's normalised form: シュミレーション -> シミュレーション
    reading: str  # katakana, as Sudachi gives it
    pos: tuple[str, ...]

    @property
    def is_noun(self) -> bool:
        return self.pos[0] == "名詞"


@cache
def _dictionary() -> Dictionary:
    with _load_lock:
        return Dictionary(dict="core")


def _tokenizer():
    tokenizer = getattr(_local, "tokenizer", None)
    if tokenizer is None:
        tokenizer = _local.tokenizer = _dictionary().tokenizer()
    return tokenizer


def fold_width(text: str) -> str:
    """NFKC: full-width ＤＸ and half-width ｶﾀｶﾅ become DX and カタカナ."""
    return unicodedata.normalize("NFKC", text)


def tokenize(text: str, mode: Mode = "C") -> list[Token]:
    """Words of `text`. Mode A gives the shortest units (best for search recall), C the
    longest (best for names and labels)."""
    if not text:
        return []
    return [
        Token(
            surface=m.surface(),
            normalized=m.normalized_form(),
            reading=m.reading_form(),
            pos=tuple(m.part_of_speech()),
        )
        for m in _tokenizer().tokenize(text, _MODES[mode])
    ]


def surfaces_and_readings(text: str) -> list[tuple[str, str]]:
    """(surface, katakana reading) of each word in mode C: only what furigana needs, without
    building part-of-speech tuples it would throw away."""
    if not text:
        return []
    return [(m.surface(), m.reading_form()) for m in _tokenizer().tokenize(text, SplitMode.C)]


def normalized_forms(text: str, mode: Mode = "A") -> list[str]:
    """Sudachi's normalised form of each word (search indexing: nothing else is built)."""
    if not text:
        return []
    return [m.normalized_form() for m in _tokenizer().tokenize(text, _MODES[mode])]


_HIRAGANA = {code: code - 0x60 for code in range(ord("ァ"), ord("ヶ") + 1)}


def katakana_to_hiragana(text: str) -> str:
    """Katakana letters become hiragana; the long-vowel mark and everything else stay."""
    return text.translate(_HIRAGANA)

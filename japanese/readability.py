"""How hard a Japanese text is to read, sentence by sentence (for writing やさしい日本語).

No maintained offline library fits the installed stack (jreadability needs fugashi and UniDic,
which this project does not ship), so the figure is a documented formula over three measures
the やさしい日本語 guidelines name: sentence length, the share of kanji, and words beyond
everyday vocabulary. docs/decisions.md gives the formula and where the kanji list comes from.

- length: characters in the sentence, spaces not counted;
- kanji share: kanji among the sentence's letters (kanji, kana, Latin letters and digits);
- hard words: content words (SudachiPy, split mode C) that are not in SudachiPy's dictionary
  and contain a kanji, or that contain a kanji not taught in elementary school
  (学年別漢字配当表); numbers and symbols are not words here.

Each measure is scaled to 0..1 (length / 80 characters, kanji share / 0.6, hard-word share /
0.4, each capped at 1) and the score is their mean × 100: 0 is as plain as it gets, 100 as
hard. More length, more kanji or more hard words never lower a score.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

from .analyzer import _tokenizer
from .furigana import KANJI

MAX_CHARS = 20_000  # a page's worth; callers refuse more before calling
LENGTH_SCALE = 80
KANJI_SCALE = 0.6
HARD_SCALE = 0.4
PLAIN_BELOW = 25  # a text scoring under this reads as plain
HARD_FROM = 50  # and from this on as hard
_CHUNK = 1_000  # SudachiPy refuses very long inputs; a run-on "sentence" is read in pieces

_SENTENCE_END = re.compile(r"(?<=[。．！？!?])|\n+")
_SPACE = re.compile(r"\s+")
# Controls, lone surrogates, private use and unassigned code points are not text.
_NOT_TEXT = {"Cc", "Cf", "Cs", "Co", "Cn"}
_CONTENT_POS = frozenset({"名詞", "動詞", "形容詞", "形状詞", "副詞", "連体詞", "接続詞", "代名詞"})
_BLOCK_TAGS = frozenset(
    {"p", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "div", "tr", "blockquote", "section"}
)


class TextTooLong(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class PlainVersion:
    """What a page or proposal shows a reader who chose plain Japanese (cms.reading.plain).
    `body` renders as HTML its owner made safe (a RichText, or sanitised SafeString)."""

    title: str
    summary: str
    body: object


@cache
def kanji_grades() -> dict[str, int]:
    """Each 常用漢字 and the school grade it is taught in (1-6 elementary, 7 secondary)."""
    grades: dict[str, int] = {}
    path = Path(__file__).with_name("data") / "kanji_grades.txt"
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        grade, chars = line.split(" ", 1)
        for char in chars.strip():
            grades[char] = int(grade)
    return grades


def is_elementary_kanji(char: str) -> bool:
    return kanji_grades().get(char, 99) <= 6


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs) -> None:
        if tag in {"script", "style"}:
            self._skip += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag) -> None:
        if tag in {"script", "style"}:
            self._skip = max(0, self._skip - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data) -> None:
        if not self._skip:
            self.parts.append(data)


def plain_text(value: str) -> str:
    """Text of `value`, which may be HTML (a rich-text field): tags dropped, not shown."""
    if "<" not in value and "&" not in value:
        text = value
    else:
        parser = _Text()
        parser.feed(value)
        parser.close()
        text = "".join(parser.parts)
    return "".join(c for c in text if c in "\n\t" or unicodedata.category(c) not in _NOT_TEXT)


def split_sentences(text: str) -> list[str]:
    sentences = []
    for piece in _SENTENCE_END.split(text):
        sentence = _SPACE.sub(" ", piece).strip()
        if sentence:
            sentences.append(sentence)
    return sentences


@dataclass(frozen=True, slots=True)
class SentenceScore:
    index: int
    text: str
    length: int
    letters: int
    kanji: int
    words: int
    hard_words: tuple[str, ...]
    score: int

    @property
    def kanji_share(self) -> float:
        return self.kanji / self.letters if self.letters else 0.0

    @property
    def hard_share(self) -> float:
        return len(self.hard_words) / self.words if self.words else 0.0

    def as_dict(self) -> dict:
        return {
            "index": self.index,
            "text": self.text,
            "length": self.length,
            "kanji_share": round(self.kanji_share, 3),
            "hard_share": round(self.hard_share, 3),
            "hard_words": list(self.hard_words),
            "score": self.score,
        }


@dataclass(frozen=True, slots=True)
class Readability:
    sentences: list[SentenceScore] = field(default_factory=list)
    mean_length: float = 0.0
    kanji_share: float = 0.0
    hard_share: float = 0.0
    score: int = 0

    @property
    def level(self) -> str:
        """plain, moderate or hard: the word the admin shows beside the score."""
        if self.score < PLAIN_BELOW:
            return "plain"
        return "moderate" if self.score < HARD_FROM else "hard"

    def hardest(self, limit: int = 3) -> list[SentenceScore]:
        ranked = sorted(self.sentences, key=lambda s: (-s.score, s.index))
        return [s for s in ranked[:limit] if s.score > 0]

    def as_dict(self, hardest: int = 3) -> dict:
        return {
            "sentences": len(self.sentences),
            "mean_length": round(self.mean_length, 1),
            "kanji_share": round(self.kanji_share, 3),
            "hard_share": round(self.hard_share, 3),
            "score": self.score,
            "level": self.level,
            "hardest": [s.as_dict() for s in self.hardest(hardest)],
        }


def _score(length: float, kanji_share: float, hard_share: float) -> int:
    parts = (
        min(length / LENGTH_SCALE, 1.0),
        min(kanji_share / KANJI_SCALE, 1.0),
        min(hard_share / HARD_SCALE, 1.0),
    )
    return round(100 * sum(parts) / len(parts))


def _is_letter(char: str) -> bool:
    return unicodedata.category(char)[0] in {"L", "N"}


def _content_words(sentence: str) -> tuple[int, list[str]]:
    words = 0
    hard: list[str] = []
    tokenizer = _tokenizer()
    for start in range(0, len(sentence), _CHUNK):
        for m in tokenizer.tokenize(sentence[start : start + _CHUNK]):
            pos = m.part_of_speech()
            if pos[0] not in _CONTENT_POS or pos[1] == "数詞":
                continue
            surface = m.surface()
            if not any(_is_letter(c) for c in surface):
                continue
            words += 1
            kanji = [c for c in surface if KANJI.match(c) and c not in "々〆ヶ"]
            if kanji and (m.is_oov() or not all(is_elementary_kanji(c) for c in kanji)):
                hard.append(surface)
    return words, hard


def score_sentence(sentence: str, index: int = 0) -> SentenceScore:
    folded = unicodedata.normalize("NFKC", sentence)
    length = sum(1 for c in folded if not c.isspace())
    letters = [c for c in folded if _is_letter(c)]
    kanji = sum(1 for c in letters if KANJI.match(c))
    words, hard = _content_words(folded)
    kanji_share = kanji / len(letters) if letters else 0.0
    hard_share = len(hard) / words if words else 0.0
    return SentenceScore(
        index=index,
        text=sentence,
        length=length,
        letters=len(letters),
        kanji=kanji,
        words=words,
        hard_words=tuple(hard),
        score=_score(length, kanji_share, hard_share),
    )


def readability(value: str) -> Readability:
    """Scores `value` (plain text or HTML). Raises TextTooLong past MAX_CHARS of text."""
    text = plain_text(value or "")
    if len(text) > MAX_CHARS:
        raise TextTooLong(len(text))
    sentences = [score_sentence(s, i) for i, s in enumerate(split_sentences(text))]
    if not sentences:
        return Readability()
    total_length = sum(s.length for s in sentences)
    letters = sum(s.letters for s in sentences)
    kanji = sum(s.kanji for s in sentences)
    words = sum(s.words for s in sentences)
    hard = sum(len(s.hard_words) for s in sentences)
    mean_length = total_length / len(sentences)
    kanji_share = kanji / letters if letters else 0.0
    hard_share = hard / words if words else 0.0
    return Readability(
        sentences=sentences,
        mean_length=mean_length,
        kanji_share=kanji_share,
        hard_share=hard_share,
        score=_score(mean_length, kanji_share, hard_share),
    )

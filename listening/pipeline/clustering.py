"""Broad groups by k-means (k chosen by silhouette), each split into finer groups, and the
2-D layout the map is drawn from."""

from __future__ import annotations

import numpy as np

from . import SEED

MAX_BROAD = 10


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

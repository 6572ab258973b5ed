"""The groups of a map gathered from the cluster labels: members, quotes, centre and how
tight each group is compared with the others of its level."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .opinions import Opinion


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


def gather(
    opinions: list[Opinion],
    vectors: np.ndarray,
    points: np.ndarray,
    broad: np.ndarray,
    fine: np.ndarray,
) -> list[Group]:
    """Broad groups first, then fine ones; each opinion learns its groups and centrality."""
    groups: list[Group] = []
    broad_groups = {}
    for b in range(int(broad.max()) + 1):
        members = np.flatnonzero(broad == b)
        g, _similarity = _group(1, len(groups), None, members, vectors, points)
        groups.append(g)
        broad_groups[b] = g
    for f in range(int(fine.max()) + 1):
        members = np.flatnonzero(fine == f)
        if not len(members):
            continue
        parent = broad_groups[int(broad[members[0]])]
        g, similarity = _group(2, len(groups), parent.index, members, vectors, points)
        for m, s in zip(members.tolist(), similarity.tolist(), strict=True):
            opinions[m].fine = g.index
            opinions[m].broad = parent.index
            opinions[m].centrality = round(float(s), 4)
        groups.append(g)
    return groups


def _group(
    level: int,
    index: int,
    parent: int | None,
    members: np.ndarray,
    vectors: np.ndarray,
    points: np.ndarray,
) -> tuple[Group, np.ndarray]:
    """A group and each member's cosine similarity to its centre (most similar: quotes)."""
    density, similarity = _density(vectors[members])
    g = Group(level, index, parent, members.tolist(), [], [], density)
    g.quotes = members[np.argsort(-similarity, kind="stable")[:3]].tolist()
    g.x, g.y = points[members].mean(axis=0).tolist()
    return g, similarity


def _density(vectors: np.ndarray) -> tuple[float, np.ndarray]:
    centre = vectors.mean(axis=0)
    distances = np.linalg.norm(vectors - centre, axis=1)
    norm = np.linalg.norm(centre)
    similarity = vectors @ (centre / norm) if norm > 0 else np.zeros(len(vectors))
    return 1.0 / (float(distances.mean()) + 1e-9), similarity


def rank_by_density(groups: list[Group]) -> None:
    for level in (1, 2):
        same = sorted((g for g in groups if g.level == level), key=lambda g: (-g.density, g.index))
        for rank, g in enumerate(same, start=1):
            g.density_rank = rank
            g.density_rank_percentile = round(rank / len(same), 4)

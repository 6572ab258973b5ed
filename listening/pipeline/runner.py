"""Runs the steps in order, one CPU core, timing and reporting each: what the management
command, the background task and the benchmark call."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from threadpoolctl import threadpool_limits

from . import SEED
from .clustering import cluster, layout
from .embedding import DEFAULT_METHOD, EMBEDDERS
from .groups import Group, gather, rank_by_density
from .labelling import label
from .opinions import Comment, Opinion, extract

MIN_OPINIONS = 20  # below this a map says "too small to group"

Progress = Callable[[float, str], None]


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

    groups = gather(opinions, vectors, points, broad, fine)
    rank_by_density(groups)
    t = step("density", 0.85, t)

    label(groups, opinions, unique)
    step("label", 1.0, t)
    result.groups = groups
    return result

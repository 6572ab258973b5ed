"""Opinion map quality and speed (issue 15): `make bench-opinion-map`.

1. Quality: the labelled Japanese evaluation set (bench/data/municipal_comments.csv, 323
   comments written to resemble municipal public comments, 7 known topics) goes through the
   pipeline once per embedding (the packaged multilingual USE, character n-gram TF-IDF,
   TF-IDF over SudachiPy nouns).
   Printed per embedding: adjusted Rand index of the broad groups against the topics (also
   with k forced to the number of topics), silhouette of the broad groups, time per step.
2. Speed: 10,000 comments synthesised from the set (one or two sentences of one topic,
   most prefixed with one of 20 places so that few repeat exactly, with openings and endings
   the pipeline sets aside) mapped with the default embedding in a fresh process limited to
   one thread (and one CPU with taskset), printing its CPU time (the time on one core), wall
   time, time per step and peak memory (ru_maxrss). Targets: under 60 s, under 1.5 GB.
   On a shared machine wall time exceeds CPU time by however long other work held the core.

Nothing here touches the database or the network.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DATA = ROOT / "bench" / "data" / "municipal_comments.csv"
OPENINGS = [
    "",
    "",
    "",
    "個人的には、",
    "正直なところ、",
    "前から思っていましたが、",
    "市へのお願いです。",
    "近所の人とも話していたのですが、",
    "要望として、",
    "ぜひ検討してください。",
]
ENDINGS = ["", "", "", "よろしくお願いします。", "検討をお願いします。", "困っています。"]
ENDINGS += ["以上です。", "ご検討ください。"]
# Put before a sentence so that few synthesised opinions repeat one another exactly.
SETTINGS = [
    "北地区では",
    "南地区では",
    "東地区では",
    "西地区では",
    "中央地区では",
    "駅の近くでは",
    "うちの近所では",
    "団地のあたりでは",
    "山沿いの集落では",
    "海の近くでは",
    "実家のある町では",
    "職場の周りでは",
    "子どもの学区では",
    "商店街のあたりでは",
    "旧市街では",
    "新興住宅地では",
    "川沿いでは",
    "市役所の周辺では",
    "学校の近くでは",
    "郊外では",
]


def load() -> list[dict]:
    with DATA.open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def synthesise(rows: list[dict], n: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    by_topic: dict[str, list[str]] = {}
    for row in rows:
        by_topic.setdefault(row["topic"], []).append(row["text"])
    topics = sorted(by_topic)
    out = []
    for _ in range(n):
        sentences = rng.sample(by_topic[rng.choice(topics)], rng.choice([1, 1, 2]))
        varied = [rng.choice(SETTINGS) + "、" + s if rng.random() < 0.8 else s for s in sentences]
        out.append(rng.choice(OPENINGS) + "".join(varied) + rng.choice(ENDINGS))
    return out


def quality(methods: list[str]) -> None:
    import numpy as np
    from sklearn.metrics import adjusted_rand_score, silhouette_score

    from listening.pipeline import SEED, embedding, runner
    from listening.pipeline.opinions import Comment

    rows = load()
    comments = [Comment(key=r["id"], text=r["text"]) for r in rows]
    topics = sorted({r["topic"] for r in rows})
    print(f"evaluation set: {len(rows)} comments, {len(topics)} topics ({', '.join(topics)})")
    print(f"{'embedding':<9} {'ARI':>6} {'ARI k=7':>8} {'silhouette':>10} {'broad':>5} "
          f"{'fine':>4}  seconds per step")  # fmt: skip
    for method in methods:
        if method == "use":
            embedding.embed_use(["warm up"])  # loading the model is not a step
        result = runner.run(comments, method=method)
        truth = [rows[o.comment]["topic"] for o in result.opinions]
        broad = [o.broad for o in result.opinions]
        ari = adjusted_rand_score(truth, broad)
        forced = runner.run(comments, method=method, broad_k=len(topics))
        ari_k = adjusted_rand_score(truth, [o.broad for o in forced.opinions])
        vectors = embedding.EMBEDDERS[method]([o.text for o in result.opinions])
        sil = silhouette_score(vectors, np.array(broad), random_state=SEED)
        fine = len(result.groups) - len(result.broad)
        steps = " ".join(f"{k}={v:.2f}" for k, v in result.timings.items())
        print(f"{method:<9} {ari:6.3f} {ari_k:8.3f} {sil:10.3f} {len(result.broad):5d} "
              f"{fine:4d}  {steps}")  # fmt: skip
        if method == embedding.DEFAULT_METHOD:
            for g in result.broad:
                print(
                    f"    {len(g.members):3d}  {g.label}  「{result.opinions[g.quotes[0]].text}」"
                )


def speed_child(n: int, method: str) -> None:
    from listening.pipeline import runner
    from listening.pipeline.opinions import Comment

    comments = [Comment(key=str(i), text=t) for i, t in enumerate(synthesise(load(), n))]
    started = time.perf_counter()
    result = runner.run(comments, method=method)
    wall = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    cpu = resource.getrusage(resource.RUSAGE_SELF)
    print(json.dumps({
        "comments": n, "opinions": len(result.opinions), "short": len(result.short),
        "unique_texts": len({o.text for o in result.opinions}),
        "broad": len(result.broad), "fine": len(result.groups) - len(result.broad),
        "wall_s": round(wall, 2), "cpu_s": round(cpu.ru_utime + cpu.ru_stime, 2),
        "peak_mb": round(peak_mb), "steps": result.timings,
    }))  # fmt: skip


def speed(n: int, method: str) -> bool:
    command = [sys.executable, __file__, "--child", str(n), "--method", method]
    if os.path.exists("/usr/bin/taskset"):
        command = ["taskset", "-c", "0", *command]
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    figures = json.loads(out.strip().splitlines()[-1])
    ok = figures["cpu_s"] < 60 and figures["peak_mb"] < 1536
    print(f"\n{n:,} comments -> {figures['opinions']:,} opinions "
          f"({figures['unique_texts']:,} distinct, {figures['short']} set aside), "
          f"{figures['broad']} broad / {figures['fine']} fine groups, method {method}")  # fmt: skip
    print(f"cpu {figures['cpu_s']:.1f} s on one core (wall {figures['wall_s']:.1f} s), "
          f"peak memory {figures['peak_mb']} MB   target < 60 s, < 1536 MB: "
          f"{'OK' if ok else 'MISSED'}")  # fmt: skip
    print("steps: " + " ".join(f"{k}={v:.1f}s" for k, v in figures["steps"].items()))
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--methods", default="use,tfidf,nouns")
    parser.add_argument("--method", default="use")
    parser.add_argument("--comments", type=int, default=10_000)
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        speed_child(args.child, args.method)
        return 0
    quality(args.methods.split(","))
    return 0 if speed(args.comments, args.method) else 1


if __name__ == "__main__":
    raise SystemExit(main())

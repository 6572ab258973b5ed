"""Search latency on 10,000 Japanese proposals: `make bench-search`. Never part of the tests.

For SQLite and then PostgreSQL (a throwaway database from tests/support/servers.py), a child
process migrates an empty database, seeds `--proposals` published proposals of varied
Japanese text (sentences generated from the word lists below, seeded random), indexes them
the way saving does, then times a list of queries two ways, alternately, in the same run:

* `search`: what the search page runs for proposals (cms.search.services: the query through
  japanese/search.py, Wagtail's database backend, first page of 20 ranked hits and the count);
* `like`: a plain `LIKE '%word%'` over title, summary and body of the same rows, first 20
  by date and the count (it cannot rank, and it does not fold ＤＸ/DX or kana spellings).

Prints median and p95 per database. The goal is p95 under 50 ms for `search`.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.support.servers import HarnessError, postgres_database, site_env  # noqa: E402

COMMENTS = ROOT / "bench" / "data" / "municipal_comments.csv"

QUERIES = [
    "観光",
    "農協",
    "ＤＸ",
    "シュミレーション",
    "子育て 支援",
    "高齢者の見守り",
    "バス",
    "スマート農業",
    "商店街 キャッシュレス",
    "防災",
    "データ",
    "AND OR NOT",
    "図書館の開館時間",
    "ドローン配送",
]

SUBJECTS = [
    "観光協会",
    "JA（農協）",
    "商工会",
    "女性起業家のネットワーク",
    "市のDX推進室",
    "子育て中の親",
    "高齢者クラブ",
    "地元の高校生",
    "商店街の店主",
    "自治会",
    "移住してきた住民",
    "農家の若手グループ",
]
OBJECTS = [
    "デマンド交通",
    "コミュニティバス",
    "スマート農業",
    "ドローン配送",
    "キャッシュレス決済",
    "オープンデータ",
    "見守りセンサー",
    "防災アプリ",
    "シミュレーション",
    "電子申請",
    "空き家バンク",
    "観光案内のデジタル化",
    "地域ポイント",
    "シェアサイクル",
    "図書館の予約システム",
    "子どもの居場所",
    "オンライン診療",
    "ごみ収集の最適化",
    "農産物の直売所",
    "ワーケーション",
]
PLACES = ["駅前", "中心市街地", "山間部", "沿岸の集落", "市役所", "公民館", "道の駅", "商店街"]
VERBS = [
    "と連携して進めたい",
    "を試してみたい",
    "の実証実験を提案します",
    "を広げてほしい",
    "について話し合いたい",
    "を導入すれば便利になる",
    "の使い方講座を開きたい",
    "を見直すべきだ",
]
REASONS = [
    "高齢者が移動に困っているから",
    "観光客が増えているのに案内が足りないから",
    "若い世代が地元に残れるようにしたいから",
    "紙の手続きに時間がかかりすぎるから",
    "災害の時に情報が届かなかったから",
    "農業の担い手が減っているから",
    "子育て世帯の負担を減らしたいから",
    "データを使えばもっと効率よくできるから",
]
TAILS = [
    "まずは小さく始めて、結果を公開しましょう。",
    "住民の声を聞きながら進めることが大切です。",
    "費用は国の補助金を活用できると思います。",
    "ほかの市町村の事例も参考になります。",
    "デジタルが苦手な人への配慮も必要です。",
    "一年後に効果を測りたいと考えています。",
]


def sentence(rng: random.Random) -> str:
    return (
        f"{rng.choice(SUBJECTS)}として、{rng.choice(PLACES)}で{rng.choice(OBJECTS)}"
        f"{rng.choice(VERBS)}。{rng.choice(REASONS)}です。{rng.choice(TAILS)}"
    )


def narrow_texts(rng: random.Random) -> tuple[str, str, str]:
    """The first corpus: every sentence from the small lists above, so that most queries
    match 30-90 % of the rows (kept for comparison with the first measurements)."""
    title = f"{rng.choice(PLACES)}で{rng.choice(OBJECTS)}{rng.choice(VERBS)}"[:120]
    summary = sentence(rng)[:400]
    body = "\n\n".join(sentence(rng) for _ in range(rng.randint(3, 12)))
    return title, summary, body


def _comments() -> dict[str, list[str]]:
    """The 323 residents' comments of bench/data/municipal_comments.csv, by topic."""
    by_topic: dict[str, list[str]] = {}
    with COMMENTS.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            by_topic.setdefault(row["topic"], []).append(row["text"])
    return by_topic


def varied_texts(rng: random.Random, by_topic: dict[str, list[str]]) -> tuple[str, str, str]:
    """A proposal about one topic, as residents write them: its title the first clause of a
    comment on the topic (or, one time in four, a title from the lists above), its summary
    a comment, its body two to eight comments, mostly on the topic, and one time in three a
    sentence from the lists above. A word is then found in the proposals of its topic and
    a few others, as in a city's real proposals, rather than in nearly all of them."""
    topic = rng.choice(sorted(by_topic))
    own = by_topic[topic]
    if rng.random() < 0.25:
        title = f"{rng.choice(PLACES)}で{rng.choice(OBJECTS)}{rng.choice(VERBS)}"
    else:
        title = re.split("[、。]", rng.choice(own))[0]
    summary = rng.choice(own)
    body = [
        rng.choice(own if rng.random() < 0.8 else rng.choice(list(by_topic.values())))
        for _ in range(rng.randint(2, 8))
    ]
    if rng.random() < 1 / 3:
        body.insert(rng.randrange(len(body) + 1), sentence(rng))
    return title[:120], summary[:400], "\n\n".join(body)


# --- child: runs with Django set up against one database --------------------------------


def child(proposals: int, rounds: int, corpus: str) -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.db.models import Q
    from django.utils import timezone

    from wagtail.search.backends import get_search_backend

    from cms.search import services
    from dialogue.models.proposals import Proposal, ProposalStatus
    from members.models import User

    call_command("migrate", "--no-input", "-v0")
    rng = random.Random(13)
    by_topic = _comments()
    author = User.objects.filter(email="bench@example.org").first() or User.objects.create_user(
        email="bench@example.org", password=None
    )
    started = time.perf_counter()
    now = timezone.now()
    with transaction.atomic():
        if Proposal.objects.exists():  # a database kept between runs (never the default)
            proposals = 0
        rows = []
        for n in range(proposals):
            if corpus == "narrow":
                title, summary, body = narrow_texts(rng)
            else:
                title, summary, body = varied_texts(rng, by_topic)
            rows.append(
                Proposal(
                    title=title,
                    slug=f"p-{n}",
                    summary=summary,
                    body=body,
                    html=body,
                    author=author,
                    status=ProposalStatus.PUBLISHED,
                    published_at=now - timezone.timedelta(minutes=n),
                )
            )
        Proposal.objects.bulk_create(rows, batch_size=500)
        backend = get_search_backend()
        index = backend.get_index_for_model(Proposal)
        objs = list(Proposal.objects.all())
        for start in range(0, len(objs), 500):
            index.add_items(Proposal, objs[start : start + 500])
    seeded = time.perf_counter() - started
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    def run_search(q: str) -> int:
        results = services.search(q, user=None, kind="proposals", page=1)
        return results.total

    def run_like(q: str) -> int:
        cond = Q()
        for word in q.split():
            cond &= Q(title__contains=word) | Q(summary__contains=word) | Q(body__contains=word)
        qs = Proposal.objects.public().filter(cond).order_by("-published_at")
        list(qs[:20])
        return qs.count()

    times: dict[str, list[float]] = {"search": [], "like": []}
    found: dict[str, dict[str, int]] = {"search": {}, "like": {}}
    for q in QUERIES:  # warm both once
        run_search(q)
        run_like(q)
    for r in range(rounds):
        for q in QUERIES:
            pair = [("search", run_search), ("like", run_like)]
            if r % 2:
                pair.reverse()
            for name, fn in pair:
                t = time.perf_counter()
                found[name][q] = fn(q)
                times[name].append((time.perf_counter() - t) * 1000)
    print(
        "RESULT "
        + json.dumps(
            {
                "vendor": connection.vendor,
                "seed_s": seeded,
                "times": times,
                "found": found,
            }
        ),
        flush=True,
    )


def run_child(database_url: str, workdir: Path, args) -> dict:
    env = site_env(workdir, settings="consortium.settings.dev", database_url=database_url)
    done = subprocess.run(
        [sys.executable, __file__, "--child", "--proposals", str(args.proposals)]
        + ["--rounds", str(args.rounds), "--corpus", args.corpus],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=3600,
    )
    if done.returncode:
        raise HarnessError(done.stderr[-4000:])
    line = next(x for x in done.stdout.splitlines() if x.startswith("RESULT "))
    return json.loads(line.removeprefix("RESULT "))


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--proposals", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=10, help="times each query is timed")
    parser.add_argument("--only", choices=["sqlite", "postgresql"])
    parser.add_argument(
        "--corpus",
        choices=["varied", "narrow"],
        default="varied",
        help="varied: residents' comments by topic (default); narrow: the first word lists",
    )
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.proposals, args.rounds, args.corpus)
        return
    results = []

    def report(result: dict) -> None:
        values = result["times"]
        print(
            f"{result['vendor']}: seeded in {result['seed_s']:.0f} s; search median "
            f"{statistics.median(values['search']):.1f} ms p95 {p95(values['search']):.1f} ms;"
            f" like median {statistics.median(values['like']):.1f} ms p95 "
            f"{p95(values['like']):.1f} ms",
            flush=True,
        )

    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        if args.only != "postgresql":
            results.append(run_child(f"sqlite:///{workdir / 'bench.sqlite3'}", workdir, args))
            report(results[-1])
        if args.only != "sqlite":
            with postgres_database("consortium_bench") as url:
                results.append(run_child(url, workdir, args))
                report(results[-1])
    print(
        f"{args.proposals} proposals ({args.corpus} corpus), {len(QUERIES)} queries x "
        f"{args.rounds} rounds, ms"
    )
    print(f"{'database':<11} {'how':<7} {'median':>8} {'p95':>8}   seeded in")
    for result in results:
        for name in ("search", "like"):
            values = result["times"][name]
            print(
                f"{result['vendor']:<11} {name:<7} {statistics.median(values):8.1f} "
                f"{p95(values):8.1f}   {result['seed_s']:.0f} s"
            )
    print("hits per query (search / like):")
    for q in QUERIES:
        row = "  ".join(
            f"{r['vendor']}: {r['found']['search'][q]}/{r['found']['like'][q]}" for r in results
        )
        print(f"  {q:<16} {row}")
    if os.environ.get("BENCH_JSON"):
        Path(os.environ["BENCH_JSON"]).write_text(json.dumps(results))


if __name__ == "__main__":
    main()

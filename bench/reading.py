"""What furigana costs: `make bench-reading`. Never part of the test suite.

In one process, on a temporary SQLite database with the demo data:

1. annotating 3,000 characters of distinct Japanese text (no cached words), beside
2. rendering the same-sized page without the page cache (a signed-in request), and
3. a page-cache hit with furigana on beside a hit without it.

Times are this process's CPU time (time.process_time), not wall time, and pairs run
alternately, so that other work on a shared machine inflates neither side; the figures to
read are the medians and the ratios printed beside them.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ROUNDS = 30
SENTENCES = [
    "みどり野市のスマートシティ推進協議会は対話の場です",
    "商工会と農業協同組合が地域の課題を話し合いました",
    "観光協会は駅前の案内板を多言語に対応させる実証実験を始めます",
    "高齢者の見守りに電力データを使う取り組みを検証しました",
    "子育て世帯の手続きを窓口に行かずに済ませられるようにします",
    "女性起業家ネットワークが空き店舗の活用を提案しました",
    "防災訓練の参加者は昨年度より二割増えました",
    "公共交通の予約システムについて住民の意見を募集しています",
]


def distinct_text(chars: int, rng: random.Random) -> str:
    parts: list[str] = []
    while sum(map(len, parts)) < chars:
        sentence = rng.choice(SENTENCES)
        # A number and a shuffled clause keep every sentence new to the word cache.
        parts.append(f"第{rng.randrange(10_000)}回、{sentence}（{rng.randrange(1_000)}件）。")
    return "".join(parts)[:chars]


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def main() -> None:
    workdir = Path(tempfile.mkdtemp(prefix="bench-reading-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "consortium.settings.dev")
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'db.sqlite3'}"
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1")
    import django

    django.setup()
    from django.conf import settings
    from django.core.cache import cache
    from django.core.management import call_command
    from django.test import Client

    from japanese import furigana

    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("migrate", verbosity=0, interactive=False)
    call_command("seed_demo", verbosity=0)
    from members.models import User

    rng = random.Random(7)
    texts = [distinct_text(3000, rng) for _ in range(ROUNDS)]

    assert len("".join(texts[0])) == 3000

    member = User.objects.filter(is_superuser=False, is_active=True).first()
    signed_in = Client()
    signed_in.force_login(member)
    plain, ruby = Client(), Client()
    ruby.cookies["furigana"] = "on"
    path = "/ja/"
    for client in (plain, ruby):
        client.get(path)  # fill the page cache for both variants

    annotate, render, hit_plain, hit_ruby = [], [], [], []
    furigana.annotate_html("<p>暖機</p>")
    for text in texts:
        furigana._annotate_plain.cache_clear()
        html = f"<main><p>{text}</p></main>"
        started = time.process_time()
        furigana.annotate_html(html)
        annotate.append(time.process_time() - started)
        started = time.process_time()
        assert signed_in.get(path).status_code == 200
        render.append(time.process_time() - started)
        started = time.process_time()
        response = plain.get(path)
        hit_plain.append(time.process_time() - started)
        assert response["X-Page-Cache"] == "hit"
        started = time.process_time()
        response = ruby.get(path)
        hit_ruby.append(time.process_time() - started)
        assert response["X-Page-Cache"] == "hit" and b"<ruby>" in response.content
    cache.clear()

    print(f"furigana bench: {ROUNDS} rounds, CPU time, pairs alternated in one process")
    print(
        f"  annotate 3,000 distinct characters  median {median_ms(annotate):7.2f} ms"
        f"   p95 {sorted(annotate)[int(ROUNDS * 0.95) - 1] * 1000:7.2f} ms   (goal < 20 ms)"
    )
    print(
        f"  render /ja/ signed in (baseline)     median {median_ms(render):7.2f} ms"
        f"   furigana / render = {median_ms(annotate) / median_ms(render):.2f}"
    )
    print(f"  cached /ja/ plain                    median {median_ms(hit_plain):7.2f} ms")
    print(
        f"  cached /ja/ with furigana            median {median_ms(hit_ruby):7.2f} ms"
        f"   ratio to plain = {median_ms(hit_ruby) / median_ms(hit_plain):.2f}"
    )


if __name__ == "__main__":
    main()

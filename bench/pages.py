"""Page speed under Daphne, anonymous and signed in: `make bench-pages`. Never part of the tests.

Seeds a temporary SQLite database with the demo data plus many pilots (x 20 measurements) and
many messages in the live room, starts one Daphne process on 127.0.0.1, and loads home, pilot
index, a pilot page, a session page and the live-room page, each as an anonymous visitor and
signed in as a resident, with a bounded asyncio client (keep-alive connections). Each page is
paired with the trivial view (/livez: the whole middleware stack, no query, no template) in the
same run, alternately (trivial, page, trivial, page), so that the shared machine's drift hits
both alike. Prints per target median/p99 latency, requests/s, Daphne CPU ms per request and the
ratio of its requests/s to the trivial view's (median of the pairs), and the same ratio of
Daphne CPU time per request (trivial / page), steadier than requests/s on a shared machine.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # `python bench/pages.py` from the root: tests.support below

from tests.support.servers import (  # noqa: E402
    Daphne,
    Site,
    postgres_database,
    redis_database,
    site_env,
)

# --- seeding (runs in a child process with Django set up) --------------------------------


def seed_many(pilots: int, measurements: int, messages: int) -> None:
    import datetime as dt
    from decimal import Decimal

    import django

    django.setup()
    from django.db import transaction

    from cms.models import Indicator, Measurement, PilotIndexPage, PilotPage, PilotPartner
    from members.models import Organization

    index = PilotIndexPage.objects.filter(locale__language_code="ja").first()
    orgs = list(Organization.objects.all())
    with transaction.atomic():
        for n in range(pilots):
            page = PilotPage(
                title=f"ベンチ用の実証実験 {n}",
                slug=f"bench-{n}",
                summary="計測のために作った実証実験です。" * 3,
                status=["planned", "running", "evaluating", "completed", "adopted"][n % 5],
                start_date=dt.date(2021 + n % 5, 1 + n % 12, 1),
                funding_amount=1_000_000 * (n % 50 + 1),
                live=True,
            )
            page.partners = [
                PilotPartner(organization=orgs[n % len(orgs)], role="参加"),
                PilotPartner(name="株式会社ベンチ"),
            ]
            index.add_child(instance=page)
            indicator = Indicator.objects.create(
                page=page,
                key="kpi",
                name="指標",
                unit="件",
                baseline=Decimal(0),
                target=Decimal(100),
                target_date=dt.date(2027, 3, 31),
            )
            Measurement.objects.bulk_create(
                Measurement(
                    indicator=indicator,
                    date=dt.date(2024, 1, 1) + dt.timedelta(days=30 * m),
                    value=Decimal(m * 4 + n % 7),
                )
                for m in range(measurements)
            )
    seed_messages(messages)
    print(f"seeded {pilots} pilots x {measurements} measurements, {messages} messages", flush=True)


def seed_messages(count: int) -> None:
    from dialogue.models import Message, Room
    from dialogue.services.validation import render_body
    from members.models import User

    room = Room.objects.get(slug=LIVE_ROOM)
    people = list(User.objects.filter(email__endswith="@example.jp"))
    Message.objects.bulk_create(
        Message(
            room=room,
            author=people[n % len(people)],
            client_id=f"bench-{n}",
            body=f"ベンチ用の発言 {n}：観光データの共有について意見を述べます。",
            html=render_body(room, f"ベンチ用の発言 {n}：観光データの共有について意見を述べます。"),
        )
        for n in range(count)
    )


# --- load client -------------------------------------------------------------------------


async def _read_response(reader: asyncio.StreamReader) -> tuple[int, bytes]:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {}
    for line in lines[1:]:
        if ":" in line:
            name, value = line.split(":", 1)
            headers[name.strip().lower()] = value.strip()
    if "content-length" in headers:
        body = await reader.readexactly(int(headers["content-length"]))
    elif headers.get("transfer-encoding") == "chunked":
        body = b""
        while True:
            size = int((await reader.readline()).strip(), 16)
            if size == 0:
                await reader.readline()
                break
            body += await reader.readexactly(size)
            await reader.readline()
    else:
        body = await reader.read()
    return status, body


async def _worker(port, path, cookie, deadline, latencies, errors) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    request = (
        f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept-Language: ja\r\n"
        f"{'Cookie: ' + cookie + chr(13) + chr(10) if cookie else ''}\r\n"
    ).encode()
    try:
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            writer.write(request)
            await writer.drain()
            status, _body = await asyncio.wait_for(_read_response(reader), timeout=60)
            latencies.append(time.perf_counter() - started)
            if status != 200:
                errors.append(status)
    finally:
        writer.close()


async def measure(server: Daphne, path, cookie, seconds, concurrency) -> dict:
    port = server.port
    warm = time.perf_counter() + 0.3
    await asyncio.gather(*(_worker(port, path, cookie, warm, [], []) for _ in range(2)))
    latencies: list[float] = []
    errors: list[int] = []
    cpu_before = server.cpu_seconds()
    started = time.perf_counter()
    deadline = started + seconds
    await asyncio.gather(
        *(_worker(port, path, cookie, deadline, latencies, errors) for _ in range(concurrency))
    )
    elapsed = time.perf_counter() - started
    cpu = server.cpu_seconds() - cpu_before
    latencies.sort()
    return {
        "n": len(latencies),
        "errors": len(errors),
        "median_ms": statistics.median(latencies) * 1000,
        "p99_ms": latencies[max(0, int(len(latencies) * 0.99) - 1)] * 1000,
        "rps": len(latencies) / elapsed,
        "cpu_ms": cpu * 1000 / max(1, len(latencies)),
    }


def run(server, path, cookie, seconds, concurrency) -> dict:
    return asyncio.run(
        asyncio.wait_for(measure(server, path, cookie, seconds, concurrency), timeout=600)
    )


# --- orchestration -----------------------------------------------------------------------


LIVE_ROOM = "open-forum"
RESIDENT = "resident@example.jp"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pilots", type=int, default=1000)
    parser.add_argument("--measurements", type=int, default=20)
    parser.add_argument("--messages", type=int, default=500, help="in the live room")
    parser.add_argument("--seconds", type=float, default=3.0, help="per measurement")
    parser.add_argument("--pairs", type=int, default=2, help="trivial/page pairs per target")
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--only", default="", help="targets whose label contains this")
    parser.add_argument(
        "--postgres",
        action="store_true",
        help="the production column: a fresh PostgreSQL database (with its connection pool) "
        "and the Redis cache, instead of SQLite and the local-memory cache",
    )
    parser.add_argument("--seed-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.seed_only:
        seed_many(args.pilots, args.measurements, args.messages)
        return

    with contextlib.ExitStack() as stack:
        stores = {}
        if args.postgres:
            stores = {
                "database_url": stack.enter_context(postgres_database("consortium_bench")),
                "redis_url": redis_database(),
            }
        bench(args, stores)


def bench(args, stores: dict[str, str]) -> None:
    workdir = Path(tempfile.mkdtemp(prefix="bench-pages-"))
    site = Site(workdir, site_env(workdir, LOG_LEVEL="ERROR", **stores))
    try:
        print(f"database: {stores.get('database_url', workdir / 'db.sqlite3')}", flush=True)
        site.prepare()
        started = time.monotonic()
        seed = [
            *("--pilots", str(args.pilots), "--measurements", str(args.measurements)),
            *("--messages", str(args.messages)),
        ]
        subprocess.run(
            [sys.executable, __file__, "--seed-only", *seed],
            cwd=ROOT,
            env=site.env,
            check=True,
            timeout=900,
        )
        print(f"seeding took {time.monotonic() - started:.0f}s", flush=True)
        session_pk = (
            site.shell(
                "from dialogue.models import Room\n"
                f"print('PK', Room.objects.get(slug={LIVE_ROOM!r}).session_id)"
            )
            .split("PK ")[1]
            .split()[0]
        )
        resident = "sessionid=" + site.sessions({RESIDENT: "住民"})[RESIDENT]
        pages = [
            ("home", "/ja/"),
            ("pilot index", "/ja/pilots/"),
            ("pilot page", "/ja/pilots/goods-sharing/"),
            ("session page", f"/ja/dialogue/sessions/{session_pk}/"),
            ("live-room page", f"/ja/dialogue/rooms/{LIVE_ROOM}/"),
        ]
        targets = [
            (f"{name} ({who})", path, cookie)
            for who, cookie in (("anonymous", None), ("signed in", resident))
            for name, path in pages
        ]
        targets = [t for t in targets if args.only in t[0]]
        # Daphne on one core, this load client on the other (as bench/rooms.py): the client's
        # own work would otherwise sit in the server's latencies.
        if (os.cpu_count() or 1) >= 2 and hasattr(os, "sched_setaffinity"):
            os.sched_setaffinity(0, {1})
            server = site.serve(cpu="0")
        else:
            server = site.serve()
        results = []
        for label, path, cookie in targets:
            trivial, page = [], []
            for _ in range(args.pairs):
                trivial.append(run(server, "/livez", None, args.seconds, args.concurrency))
                page.append(run(server, path, cookie, args.seconds, args.concurrency))
            results.append((label, trivial, page))
            print(f"  measured {label}", flush=True)
        print()
        print(
            f"{args.pilots} pilots x {args.measurements} measurements, {args.messages} messages "
            f"in the live room; {'PostgreSQL and Redis' if stores else 'SQLite'}; "
            f"one Daphne process, {args.concurrency} keep-alive connections, "
            f"loopback; {args.pairs} pairs of {args.seconds:.0f} s (trivial view, page)"
        )
        header = (
            f"{'target':28} {'n':>6} {'err':>4} {'median ms':>10} {'p99 ms':>8} "
            f"{'req/s':>8} {'CPU ms/req':>11} {'trivial req/s':>14} {'(p99 ms)':>9} "
            f"{'ratio':>7} {'CPU ratio':>10}"
        )
        print(header)
        print("-" * len(header))
        for label, trivial, page in results:
            ratios = [p["rps"] / t["rps"] for t, p in zip(trivial, page, strict=True)]
            cpu = [t["cpu_ms"] / p["cpu_ms"] for t, p in zip(trivial, page, strict=True)]
            print(
                f"{label:28} {sum(p['n'] for p in page):6d} {sum(p['errors'] for p in page):4d} "
                f"{statistics.median(p['median_ms'] for p in page):10.1f} "
                f"{max(p['p99_ms'] for p in page):8.1f} "
                f"{statistics.median(p['rps'] for p in page):8.1f} "
                f"{statistics.median(p['cpu_ms'] for p in page):11.2f} "
                f"{statistics.median(t['rps'] for t in trivial):14.1f} "
                f"{max(t['p99_ms'] for t in trivial):9.1f} "
                f"{statistics.median(ratios):6.2f}x {statistics.median(cpu):9.2f}x"
            )
    finally:
        site.stop()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()

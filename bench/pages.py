"""Page render speed under Daphne: `make bench-pages`. Never part of the test suite.

Seeds a temporary SQLite database with the demo data plus 1,000 pilots x 20 measurements,
starts one Daphne process on 127.0.0.1, and loads home, pilot index and a pilot page next to
a trivial Django view (/healthz) with a bounded asyncio client. Each page is measured twice:
uncached (a session cookie makes the page cache step aside, so Wagtail renders every time)
and as anonymous visitors get it (from the page cache). Prints median/p95 latency,
requests/s, Daphne CPU ms per request, and each figure's ratio to the trivial view.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # `python bench/pages.py` from the root: tests.support below

from tests.support.servers import Daphne, Site, site_env  # noqa: E402

# --- seeding (runs in a child process with Django set up) --------------------------------


def seed_many(pilots: int, measurements: int) -> None:
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
    print(f"seeded {pilots} pilots x {measurements} measurements", flush=True)


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


async def _worker(port, path, cookie, count, latencies, errors) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    request = (
        f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept-Language: ja\r\n"
        f"{'Cookie: ' + cookie + chr(13) + chr(10) if cookie else ''}\r\n"
    ).encode()
    try:
        for _ in range(count):
            started = time.perf_counter()
            writer.write(request)
            await writer.drain()
            status, _body = await asyncio.wait_for(_read_response(reader), timeout=60)
            latencies.append(time.perf_counter() - started)
            if status != 200:
                errors.append(status)
    finally:
        writer.close()


async def measure(server: Daphne, path, cookie, total, concurrency) -> dict:
    port = server.port
    await asyncio.gather(*(_worker(port, path, cookie, 3, [], []) for _ in range(2)))  # warm up
    latencies: list[float] = []
    errors: list[int] = []
    per_worker = max(1, total // concurrency)
    cpu_before = server.cpu_seconds()
    started = time.perf_counter()
    await asyncio.gather(
        *(_worker(port, path, cookie, per_worker, latencies, errors) for _ in range(concurrency))
    )
    elapsed = time.perf_counter() - started
    cpu = server.cpu_seconds() - cpu_before
    latencies.sort()
    return {
        "n": len(latencies),
        "errors": len(errors),
        "median_ms": statistics.median(latencies) * 1000,
        "p95_ms": latencies[int(len(latencies) * 0.95) - 1] * 1000,
        "rps": len(latencies) / elapsed,
        "cpu_ms": cpu * 1000 / max(1, len(latencies)),
    }


# --- orchestration -----------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pilots", type=int, default=1000)
    parser.add_argument("--measurements", type=int, default=20)
    parser.add_argument("--requests", type=int, default=400, help="per cached target")
    parser.add_argument("--uncached-requests", type=int, default=80)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--seed-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.seed_only:
        seed_many(args.pilots, args.measurements)
        return

    workdir = Path(tempfile.mkdtemp(prefix="bench-pages-"))
    site = Site(workdir, site_env(workdir, LOG_LEVEL="ERROR"))
    try:
        print(f"database: {workdir}/db.sqlite3", flush=True)
        site.prepare()
        started = time.monotonic()
        seed = ["--pilots", str(args.pilots), "--measurements", str(args.measurements)]
        subprocess.run(
            [sys.executable, __file__, "--seed-only", *seed],
            cwd=ROOT,
            env=site.env,
            check=True,
            timeout=900,
        )
        print(f"seeding took {time.monotonic() - started:.0f}s", flush=True)
        pilot_path = "/ja/pilots/goods-sharing/"
        server = site.serve()
        targets = [
            ("trivial view /healthz", "/healthz", None, args.requests),
            ("home (uncached)", "/ja/", "sessionid=bench", args.uncached_requests),
            ("home (cached)", "/ja/", None, args.requests),
            ("pilot index (uncached)", "/ja/pilots/", "sessionid=bench", args.uncached_requests),
            ("pilot index (cached)", "/ja/pilots/", None, args.requests),
            ("pilot page (uncached)", pilot_path, "sessionid=bench", args.uncached_requests),
            ("pilot page (cached)", pilot_path, None, args.requests),
        ]
        results = []
        for label, path, cookie, total in targets:
            result = asyncio.run(
                asyncio.wait_for(
                    measure(server, path, cookie, total, args.concurrency), timeout=600
                )
            )
            results.append((label, result))
            print(f"  measured {label}", flush=True)
        base = results[0][1]
        print()
        print(
            f"{args.pilots} pilots x {args.measurements} measurements, one Daphne process, "
            f"{args.concurrency} concurrent keep-alive connections, loopback"
        )
        header = (
            f"{'target':26} {'n':>5} {'err':>4} {'median ms':>10} {'p95 ms':>8} "
            f"{'req/s':>8} {'CPU ms/req':>11} {'req/s vs trivial':>17}"
        )
        print(header)
        print("-" * len(header))
        for label, r in results:
            print(
                f"{label:26} {r['n']:5d} {r['errors']:4d} {r['median_ms']:10.1f} "
                f"{r['p95_ms']:8.1f} {r['rps']:8.1f} {r['cpu_ms']:11.2f} "
                f"{r['rps'] / base['rps']:16.2f}x"
            )
    finally:
        site.stop()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()

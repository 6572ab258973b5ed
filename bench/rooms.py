#!/usr/bin/env python
"""Live-room benchmark: `make bench-rooms` (never part of the test suite).

Starts the real site under one Daphne process on loopback (a fresh SQLite database with the
demo data), connects signed-in senders and anonymous readers to the public room, sends at a
fixed total rate and measures what arrives. Then the same for a minimal non-persistent
Channels room (bench/minimal_asgi.py) under the same Daphne and the same load.

Printed:
  * a rate ramp for each server: sends/s, deliveries/s, loss, duplicates, send-to-delivery
    p50/p95/p99, send-to-ack p50/p99; the highest rate sustained with p99 < 250 ms and no
    loss, and the ratio between the two servers (ramps are noisy: a second figure);
  * server CPU time per delivery at one fixed load both sustain, measured A B A B;
  * SQL statements per message on the real site;
  * memory per idle connection with --idle (default 1000) clients connected.

Daphne runs pinned to CPU 0 and this load generator to CPU 1 when the machine has two.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import websockets
from websockets.asyncio.client import connect

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # `python bench/rooms.py` from the root: tests.support below

from tests.support.servers import Daphne, Site, site_env  # noqa: E402

ROOM = "open-forum"


def log(text: str = "") -> None:
    print(text, flush=True)


def prepare_site(tmp: Path, args: argparse.Namespace) -> tuple[Site, list[str]]:
    """A fresh SQLite site with the demo data, and a signed-in session per sender."""
    started = time.monotonic()
    extra = {"CHANNEL_LAYER": args.layer} if args.redis else {}
    env = site_env(
        tmp, settings=args.settings, redis_url=args.redis or None, LOG_LEVEL="ERROR", **extra
    )
    site = Site(tmp, env).prepare()
    people = {f"bench-{n:04d}@example.invalid": f"bench {n}" for n in range(args.senders)}
    keys = site.sessions(people)
    log(f"site ready in {time.monotonic() - started:.1f}s ({args.senders} sender accounts)")
    return site, [keys[email] for email in people]


class Server(Daphne):
    """A Daphne process under test, with what the benchmark asks of it."""

    def __init__(self, name: str, site: Site, app: str, cpu: str, **env: str) -> None:
        super().__init__({**site.env, **env}, site.workdir / f"{name}.log", app=app, cpu=cpu)
        self.name = name

    @property
    def room_url(self) -> str:
        return f"{self.ws_url}/ws/rooms/{ROOM}/"

    def sql_count(self) -> int | None:
        try:
            with urllib.request.urlopen(f"{self.url}/__bench/sql", timeout=5) as answer:
                return int(json.load(answer)["queries"])
        except (OSError, ValueError, KeyError):
            return None


# --- Load -------------------------------------------------------------------------------


@dataclass
class Phase:
    tag: str
    connections: int
    sent_at: dict[int, float] = field(default_factory=dict)
    sender_of: dict[int, int] = field(default_factory=dict)
    acked_at: dict[int, float] = field(default_factory=dict)
    seen: list[set[int]] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)
    deliveries: int = 0
    duplicates: int = 0
    errors: dict[str, int] = field(default_factory=dict)
    foreign: int = 0

    def __post_init__(self) -> None:
        self.seen = [set() for _ in range(self.connections)]
        self.prefix = f"b:{self.tag}:"


class Client:
    def __init__(self, index: int, ws, bench: Bench):
        self.index, self.ws, self.bench = index, ws, bench
        self.task = asyncio.create_task(self.read())

    async def read(self) -> None:
        with contextlib.suppress(Exception):
            async for raw in self.ws:
                now = time.perf_counter()
                self.bench.last_frame = now
                phase = self.bench.phase
                if phase is None:
                    continue
                prefix = phase.prefix
                frame = json.loads(raw)
                kind = frame.get("type")
                if kind == "message.new":
                    body = (frame.get("message") or {}).get("body") or ""
                    if not body.startswith(prefix):
                        phase.foreign += 1
                        continue
                    seq = int(body[len(prefix) :].split(" ", 1)[0])
                    sent = phase.sent_at.get(seq)
                    if sent is None:
                        continue
                    if seq in phase.seen[self.index]:
                        phase.duplicates += 1
                        continue
                    phase.seen[self.index].add(seq)
                    phase.deliveries += 1
                    phase.latencies.append(now - sent)
                    if phase.sender_of.get(seq) == self.index and seq not in phase.acked_at:
                        phase.acked_at[seq] = now - sent
                elif kind == "error":
                    code = str(frame.get("code"))
                    phase.errors[code] = phase.errors.get(code, 0) + 1


class Bench:
    def __init__(self, args: argparse.Namespace):
        self.args = args
        self.phase: Phase | None = None
        self.last_frame = 0.0
        self.clients: list[Client] = []
        self.senders: list[Client] = []

    async def open(self, server: Server, readers: int, sessions: list[str]) -> None:
        """Connect the senders (signed in) and `readers` anonymous readers."""
        specs = [f"sessionid={key}" for key in sessions] + [None] * readers
        semaphore = asyncio.Semaphore(self.args.connect_concurrency)

        async def one(cookie: str | None):
            async with semaphore:
                return await join(server, cookie, self.args)

        sockets = await asyncio.gather(*(one(spec) for spec in specs))
        self.clients = [Client(i, ws, self) for i, ws in enumerate(sockets)]
        self.senders = self.clients[: len(sessions)]

    async def settle(self, quiet: float = 0.5, limit: float = 20.0) -> None:
        """Wait until joining is over: no frame (presence, hello) for `quiet` seconds."""
        deadline = time.perf_counter() + limit
        while time.perf_counter() < deadline:
            if time.perf_counter() - self.last_frame > quiet:
                return
            await asyncio.sleep(0.1)  # polling interval of a deadline-bound wait

    async def close(self) -> None:
        await asyncio.gather(*(c.ws.close() for c in self.clients), return_exceptions=True)
        for client in self.clients:
            client.task.cancel()
        await asyncio.gather(*(c.task for c in self.clients), return_exceptions=True)
        self.clients, self.senders = [], []

    async def run(self, tag: str, rate: float, seconds: float) -> dict:
        phase = Phase(tag, len(self.clients))
        self.phase = phase
        total = max(1, int(rate * seconds))
        started = time.perf_counter()
        for seq in range(total):
            delay = started + seq / rate - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)  # pacing: the fixed send rate under test
            sender = self.senders[seq % len(self.senders)]
            phase.sender_of[seq] = sender.index
            phase.sent_at[seq] = time.perf_counter()
            body = f"b:{tag}:{seq} {self.args.body}" if self.args.body else f"b:{tag}:{seq}"
            frame = {"type": "message.send", "client_id": f"{tag}-{seq}", "body": body}
            await sender.ws.send(json.dumps(frame))
        send_time = time.perf_counter() - started
        expected = total * len(self.clients)
        deadline = time.perf_counter() + self.args.drain
        while phase.deliveries < expected and time.perf_counter() < deadline:
            await asyncio.sleep(0.05)  # polling interval of a deadline-bound wait
        self.phase = None
        return summarise(phase, rate, total, send_time, expected)


async def join(server: Server, cookie: str | None, args: argparse.Namespace, tries: int = 4):
    """Connect and read the hello. Daphne drops a handshake the application has not accepted
    within 5 s, which a busy server does under a burst of joins: try again, like a browser."""
    headers = {"Cookie": cookie} if cookie else {}
    for attempt in range(tries):
        try:
            ws = await connect(
                server.room_url,
                origin=server.url,
                additional_headers=headers,
                max_size=2**22,
                open_timeout=30,
                ping_interval=None,
                compression=None if args.no_compression else "deflate",
            )
            await ws.recv()  # hello
            return ws
        except (TimeoutError, OSError, websockets.exceptions.WebSocketException):
            if attempt == tries - 1:
                raise
            await asyncio.sleep(0.5 * 2**attempt)  # reconnect backoff, as room.js has one
    raise AssertionError("unreachable")


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def summarise(phase: Phase, rate: float, total: int, send_time: float, expected: int) -> dict:
    lat = phase.latencies
    acks = list(phase.acked_at.values())
    loss = expected - phase.deliveries
    result = {
        "rate": rate,
        "messages": total,
        "sends_per_s": total / max(send_time, total / rate),
        "deliveries": phase.deliveries,
        "deliveries_per_s": phase.deliveries / max(send_time, total / rate),
        "loss": loss,
        "duplicates": phase.duplicates,
        "errors": dict(phase.errors),
        "p50_ms": percentile(lat, 0.50) * 1000,
        "p95_ms": percentile(lat, 0.95) * 1000,
        "p99_ms": percentile(lat, 0.99) * 1000,
        "ack_p50_ms": percentile(acks, 0.50) * 1000,
        "ack_p99_ms": percentile(acks, 0.99) * 1000,
        "unacked": total - len(acks),
    }
    result["sustained"] = bool(
        loss == 0
        and not phase.errors
        and result["p99_ms"] < 250
        and result["sends_per_s"] >= 0.95 * rate
    )
    return result


def show(name: str, r: dict) -> None:
    errors = ",".join(f"{k}={v}" for k, v in r["errors"].items()) or "-"
    log(
        f"  {name:8} {r['rate']:7.1f} msg/s → sent {r['sends_per_s']:7.1f}/s "
        f"deliv {r['deliveries_per_s']:8.0f}/s loss {r['loss']:5d} dup {r['duplicates']:3d} "
        f"err {errors:14} p50 {r['p50_ms']:6.1f} p95 {r['p95_ms']:6.1f} p99 {r['p99_ms']:7.1f} ms "
        f"ack p50 {r['ack_p50_ms']:6.1f} p99 {r['ack_p99_ms']:7.1f} ms "
        f"{'ok' if r['sustained'] else 'NOT sustained'}"
    )


async def ramp(bench: Bench, server: Server, sessions: list[str], args) -> float:
    log(f"\n{server.name}: ramp, {args.readers} readers + {len(sessions)} senders")
    await bench.open(server, args.readers, sessions)
    try:
        await bench.settle()
        best = 0.0
        rate = args.rate_start
        failed_at = None
        for step in range(args.max_steps):
            result = await bench.run(f"{server.name[0]}r{step}", rate, args.step_seconds)
            show(server.name, result)
            await asyncio.sleep(args.pause)  # --pause: a rest, so no step inherits a backlog
            if result["sustained"]:
                best = rate
                if failed_at is not None:
                    break
                rate *= args.rate_factor
            else:
                failed_at = rate
                if best == 0 or rate / best < 1.15:
                    break
                rate = (best + failed_at) / 2  # one refinement step between the two
        return best
    finally:
        await bench.close()


async def fixed_load(bench: Bench, servers: list[Server], sessions, rate: float, args) -> None:
    log(
        f"\nServer CPU per delivery at a fixed {rate:.1f} msg/s "
        f"({args.readers} readers + {len(sessions)} senders), alternating"
    )
    per = {s.name: [] for s in servers}
    for round_ in range(args.rounds):
        for server in servers:
            await bench.open(server, args.readers, sessions)
            try:
                await bench.settle()
                queries = server.sql_count()
                before = server.cpu_seconds()
                result = await bench.run(f"{server.name[0]}f{round_}", rate, args.fixed_seconds)
                used = server.cpu_seconds() - before
                after = server.sql_count()
            finally:
                await bench.close()
            show(server.name, result)
            micro = used / max(1, result["deliveries"]) * 1e6
            per[server.name].append(micro)
            extra = ""
            if queries is not None and after is not None:
                extra = f", {(after - queries) / result['messages']:.1f} SQL statements/message"
            log(f"           CPU {used:.2f} s → {micro:.1f} µs per delivery{extra}")
            await asyncio.sleep(args.pause)  # --pause: a rest, so no run inherits a backlog
    means = {name: statistics.mean(values) for name, values in per.items()}
    log("  mean µs per delivery: " + ", ".join(f"{k} {v:.1f}" for k, v in means.items()))
    for other in ("minimal", "plain"):
        if means.get("site") and means.get(other):
            log(f"  ratio site/{other}: {means['site'] / means[other]:.2f}× CPU per delivery")


async def server_quiet(server: Server, window: float = 0.5, limit: float = 30.0) -> None:
    """Wait until the server has handled its joins or leaves: under 5 % of a CPU over a
    `window`, for at most `limit` seconds."""
    deadline = time.perf_counter() + limit
    while time.perf_counter() < deadline:
        before = server.cpu_seconds()
        await asyncio.sleep(window)  # the window the server's CPU use is measured over
        if server.cpu_seconds() - before < 0.05 * window:
            return


async def idle_memory(server: Server, count: int, args) -> None:
    semaphore = asyncio.Semaphore(args.connect_concurrency)
    await server_quiet(server)
    before = server.rss_bytes()

    async def one():
        async with semaphore:
            return await join(server, None, args)

    started = time.perf_counter()
    sockets = await asyncio.gather(*(one() for _ in range(count)), return_exceptions=True)
    opened = [ws for ws in sockets if not isinstance(ws, BaseException)]
    took = time.perf_counter() - started
    await server_quiet(server)
    after = server.rss_bytes()
    log(
        f"  {server.name:8} {len(opened)}/{count} idle connections in {took:.1f}s: RSS "
        f"{before / 2**20:.1f} → {after / 2**20:.1f} MiB, "
        f"{(after - before) / max(1, len(opened)) / 1024:.1f} KiB per connection"
    )
    await asyncio.gather(*(ws.close() for ws in opened), return_exceptions=True)
    await server_quiet(server)


async def main(args: argparse.Namespace) -> None:
    if os.cpu_count() and os.cpu_count() >= 2 and hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {1})
        server_cpu = "0"
    else:
        server_cpu = ""
    tmp = Path(tempfile.mkdtemp(prefix="bench-rooms-"))
    site, sessions = prepare_site(tmp, args)
    # `plain`: the site writing messages without their furigana variant (bench/settings.py).
    kinds = (
        ("site", "counting_asgi", {}),
        ("plain", "counting_asgi", {"BENCH_FURIGANA": "off"}),
        ("minimal", "minimal_asgi", {}),
    )
    servers = [
        Server(name, site, f"bench.{module}:application", server_cpu, **env)
        for name, module, env in kinds
        if name in args.only
    ]
    clock = time.monotonic()
    cpu_start = os.times()
    log(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())} (other work)")
    try:
        for server in servers:
            server.start()
        bench = Bench(args)
        best = {}
        for server in servers:
            best[server.name] = await ramp(bench, server, sessions, args)
        log("\nHighest sustained rate (p99 < 250 ms, no loss, ramp: a second figure):")
        for name, rate in best.items():
            deliveries = rate * (args.readers + args.senders)
            log(f"  {name:8} {rate:6.1f} msg/s = {deliveries:6.0f} deliveries/s")
        if best.get("site") and best.get("minimal"):
            log(f"  ratio minimal/site: {best['minimal'] / best['site']:.2f}×")
        # A load every server sustained; the lowest ramp step halved if one sustained none.
        floor = min(best.values()) if best else 0
        fixed = args.fixed_rate or (round(0.6 * floor, 1) if floor else args.rate_start / 2)
        await fixed_load(bench, servers, sessions, fixed, args)
        log(f"\nMemory per idle connection ({args.idle} anonymous readers)")
        for server in servers:
            await idle_memory(server, args.idle, args)
    finally:
        for server in servers:
            server.stop()
        used = os.times()
        log(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        log(
            f"\nTotal {time.monotonic() - clock:.0f}s; load generator CPU "
            f"{used.user + used.system - cpu_start.user - cpu_start.system:.1f}s "
            "(if it nears the wall time, the client was the limit)."
            + (f" Server logs in {tmp}" if args.keep else "")
        )
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)


def parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--readers", type=int, default=200, help="anonymous readers (200)")
    parser.add_argument("--senders", type=int, default=40, help="signed-in senders (40)")
    parser.add_argument("--rate-start", type=float, default=3.0, help="first rate, msg/s (3)")
    parser.add_argument("--rate-factor", type=float, default=1.6, help="ramp factor (1.6)")
    parser.add_argument("--max-steps", type=int, default=8, help="ramp steps at most (8)")
    parser.add_argument("--step-seconds", type=float, default=4.0, help="seconds per step (4)")
    parser.add_argument("--drain", type=float, default=3.0, help="wait for stragglers, s (3)")
    parser.add_argument("--pause", type=float, default=1.0, help="rest between steps, s (1)")
    parser.add_argument("--fixed-rate", type=float, default=0.0, help="fixed load (0.6×min)")
    parser.add_argument("--fixed-seconds", type=float, default=6.0, help="per fixed run (6)")
    parser.add_argument("--rounds", type=int, default=2, help="A B rounds at fixed load (2)")
    parser.add_argument("--idle", type=int, default=1000, help="idle connections (1000)")
    parser.add_argument("--connect-concurrency", type=int, default=25)
    parser.add_argument("--no-compression", action="store_true", help="no permessage-deflate")
    parser.add_argument("--redis", default="", help="REDIS_URL for both servers (in-memory)")
    parser.add_argument(
        "--layer", choices=["core", "pubsub"], default="core", help="channels-redis layer"
    )
    parser.add_argument("--settings", default="bench.settings", help="site settings module")
    parser.add_argument(
        "--only",
        default="site,minimal",
        help="servers to measure: site, minimal, plain (the site without furigana)",
    )
    parser.add_argument(
        "--body", default="", help="text after each message's sequence number (none)"
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    return parser.parse_args()


if __name__ == "__main__":
    asyncio.run(main(parse()))

"""The production column for real: PostgreSQL, Redis and several Daphne processes.

These fixtures fail, never skip, when PostgreSQL or Redis cannot be reached: `make test`
(through .ci/services) starts them first.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PG_ADMIN_URL = os.environ.get("TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")
REDIS_BASE_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/integration/" in str(item.path):
            item.add_marker(pytest.mark.integration)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A fresh PostgreSQL database for this run, dropped afterwards."""
    import psycopg

    name = f"consortium_it_{os.getpid()}"
    try:
        admin = psycopg.connect(PG_ADMIN_URL, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as error:
        pytest.fail(f"PostgreSQL is required for the integration tests: {error}")
    admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
    admin.execute(f'CREATE DATABASE "{name}"')
    base = PG_ADMIN_URL.rsplit("/", 1)[0]
    try:
        yield f"{base}/{name}"
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


@pytest.fixture(scope="session")
def redis_url() -> str:
    """A Redis database number of its own, emptied first."""
    import redis

    # TEST_REDIS_DB lets several checkouts on one machine run the suite at once.
    url = f"{REDIS_BASE_URL}/{os.environ.get('TEST_REDIS_DB', '9')}"
    client = redis.Redis.from_url(url, socket_connect_timeout=5)
    try:
        client.flushdb()
    except redis.RedisError as error:
        pytest.fail(f"Redis is required for the integration tests: {error}")
    return url


@dataclass
class Daphne:
    port: int
    env: dict[str, str]
    log: Path
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def ws_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}"

    def start(self) -> Daphne:
        handle = self.log.open("a")
        self.process = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "daphne"),
                "-b",
                "127.0.0.1",
                "-p",
                str(self.port),
                "--proxy-headers",
                "consortium.asgi:application",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=handle,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{self.url}/healthz", timeout=2)  # noqa: S310
                return self
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"Daphne did not start:\n{self.log.read_text()}") from None
                time.sleep(0.3)

    def kill(self) -> None:
        """SIGKILL: no goodbye to the clients, as when a machine dies."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()


@dataclass
class Cluster:
    env: dict[str, str]
    nodes: list[Daphne] = field(default_factory=list)

    def manage(self, *args: str) -> str:
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0, result.stderr
        return result.stdout


@pytest.fixture(scope="session")
def cluster(postgres_url: str, redis_url: str, tmp_path_factory) -> Iterator[Cluster]:
    """Two Daphne processes sharing one PostgreSQL database and one Redis channel layer."""
    workdir = tmp_path_factory.mktemp("cluster")
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        DJANGO_SETTINGS_MODULE="consortium.settings.production",
        SECRET_KEY="integration-only-" + "k" * 50,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=postgres_url,
        REDIS_URL=redis_url,
        SECURE_SSL_REDIRECT="false",
        SECURE_COOKIES="false",
        EMAIL_URL="dummymail://",
        STATIC_ROOT=str(workdir / "static"),
        MEDIA_ROOT=str(workdir / "media"),
    )
    running = Cluster(env=env)
    running.manage("migrate", "--no-input", "-v0")
    running.manage("collectstatic", "--no-input", "-v0")
    running.manage("seed_demo", "--force")
    for number in range(2):
        node = Daphne(port=free_port(), env=env, log=workdir / f"daphne-{number}.log")
        running.nodes.append(node.start())
    try:
        yield running
    finally:
        for node in running.nodes:
            node.stop()

"""The one way tests and benchmarks run the real site: Daphne processes, databases, seed data.

Used by tests/integration/, tests/e2e/ and bench/ (which imports it as `tests.support`), so
it must not import pytest or Django: everything Django runs in child processes
(`manage.py`, `daphne`) with the environment a `Site` holds.

    site = Site(workdir, site_env(workdir))          # SQLite in workdir, in-memory layer
    site.prepare()                                   # migrate + seed_demo
    server = site.serve()                            # Daphne on a free port, answering
    ...
    site.stop()

PostgreSQL and Redis come from `postgres_database()` and `redis_database()`: a fresh
database each, dropped or emptied afterwards. Every server writes its own log file;
`started_servers()` lists them for the pytest plugin that shows their logs on failure.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
PG_ADMIN_URL = os.environ.get("TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")
REDIS_BASE_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379")
CLK_TCK = os.sysconf("SC_CLK_TCK")
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
NOT_SECRET = "harness-only-not-secret-0123456789abcdefghijklmnopqrstuvwxyz"
POLL = 0.1  # seconds between two looks at a condition that has a deadline

_STARTED: list[Daphne] = []


class HarnessError(RuntimeError):
    """A server or a database the harness needs did not come up."""


def free_port() -> int:
    """A TCP port on loopback nobody listens on (the kernel's choice)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(condition, timeout: float, what: str, describe=lambda: "") -> None:
    """Poll `condition` until it is true; fail after `timeout` seconds saying `what`."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise HarnessError(f"timed out after {timeout:.0f}s waiting for {what}\n{describe()}")
        time.sleep(POLL)  # polling interval of a deadline-bound wait


# --- Environments and stores ---------------------------------------------------------------


def site_env(
    workdir: Path,
    *,
    settings: str = "consortium.settings.dev",
    database_url: str | None = None,
    redis_url: str | None = None,
    **extra: str,
) -> dict[str, str]:
    """The environment for manage.py and Daphne: this process's, minus any DJANGO_* and
    REDIS_URL, plus a SQLite database, mail files and media in `workdir` unless told."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_") and k != "REDIS_URL"}
    env.update(
        DJANGO_SETTINGS_MODULE=settings,
        DEBUG="false",
        SECRET_KEY=NOT_SECRET,
        DATABASE_URL=database_url or f"sqlite:///{workdir / 'db.sqlite3'}",
        EMAIL_URL=f"filemail:///{workdir / 'mail'}",
        MEDIA_ROOT=str(workdir / "media"),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        LOG_LEVEL="WARNING",
        PYTHONUNBUFFERED="1",
    )
    if redis_url:
        env["REDIS_URL"] = redis_url
    env.update(extra)
    return env


@contextmanager
def postgres_database(prefix: str = "consortium_test") -> Iterator[str]:
    """A fresh, empty PostgreSQL database; its URL; dropped (connections and all) after."""
    import psycopg

    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    try:
        with psycopg.connect(PG_ADMIN_URL, autocommit=True, connect_timeout=5) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as error:
        raise HarnessError(f"PostgreSQL does not answer at {PG_ADMIN_URL}: {error}") from None
    try:
        yield f"{PG_ADMIN_URL.rsplit('/', 1)[0]}/{name}"
    finally:
        with psycopg.connect(PG_ADMIN_URL, autocommit=True, connect_timeout=5) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def redis_database() -> str:
    """The URL of this checkout's Redis database (TEST_REDIS_DB, so that checkouts sharing
    a machine do not share one), emptied."""
    import redis

    url = f"{REDIS_BASE_URL}/{os.environ.get('TEST_REDIS_DB', '9')}"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=5).flushdb()
    except redis.RedisError as error:
        raise HarnessError(f"Redis does not answer at {url}: {error}") from None
    return url


# --- Servers -------------------------------------------------------------------------------


class Daphne:
    """One Daphne process on loopback, started again on the same port after a stop or kill.

    `start()` returns once `ready_path` answers 200 (the site's /healthz reads the database),
    and raises with the end of the log if the process exits or the deadline passes first.
    The deadline is generous: on a shared 2-core machine at a load of 15, importing the
    site alone took over a minute.
    """

    def __init__(
        self,
        env: dict[str, str],
        log: Path,
        *,
        app: str = "consortium.asgi:application",
        port: int | None = None,
        options: tuple[str, ...] = (),
        cpu: str = "",
        ready_path: str = "/healthz",
    ) -> None:
        self.env, self.log, self.app, self.options = env, log, app, options
        self.port = port or free_port()
        self.cpu, self.ready_path = cpu, ready_path
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def ws_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}"

    @property
    def pid(self) -> int:
        assert self.process is not None, "not started"
        return self.process.pid

    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def start(self, timeout: float = 180) -> Daphne:
        command = [str(BIN / "daphne"), "-b", "127.0.0.1", "-p", str(self.port), *self.options]
        command.append(self.app)
        if self.cpu and shutil.which("taskset"):
            command = ["taskset", "-c", self.cpu, *command]
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                command, cwd=ROOT, env=self.env, stdout=out, stderr=subprocess.STDOUT
            )
        if self not in _STARTED:
            _STARTED.append(self)

        def exited() -> bool:
            if self.process.poll() is not None:
                raise HarnessError(f"Daphne on {self.port} exited:\n{self.log_tail()}")
            return False

        wait_until(
            lambda: exited() or self.answers(),
            timeout,
            f"Daphne on {self.port} to answer {self.ready_path}",
            self.log_tail,
        )
        return self

    def answers(self) -> bool:
        try:
            with urllib.request.urlopen(f"{self.url}{self.ready_path}", timeout=2) as answer:  # noqa: S310
                return answer.status == 200
        except (OSError, urllib.error.HTTPError):
            return False

    def kill(self) -> None:
        """SIGKILL: no goodbye to the clients, as when a machine dies."""
        if self.running():
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.running():
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()

    def log_tail(self, chars: int = 4000) -> str:
        try:
            return self.log.read_text(errors="replace")[-chars:]
        except FileNotFoundError:
            return "(no log)"

    def cpu_seconds(self) -> float:
        """User + system CPU time the process has used so far (/proc/PID/stat)."""
        fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / CLK_TCK

    def rss_bytes(self) -> int:
        return int(Path(f"/proc/{self.pid}/statm").read_text().split()[1]) * PAGE_SIZE


def started_servers() -> list[Daphne]:
    """Every server started in this process so far (for logs on failure)."""
    return list(_STARTED)


# Run inside the site: a session for each (email, display name), the account made if missing.
SESSIONS = """
import json, sys
from importlib import import_module
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from members.models import User
SessionStore = import_module(settings.SESSION_ENGINE).SessionStore
keys = {}
for email, name in json.loads(sys.stdin.read()):
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email=email, password=None, display_name=name)
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    keys[email] = store.session_key
print("SESSIONS " + json.dumps(keys))
"""


class Site:
    """The site's files and environment, the commands run inside it, and its servers."""

    def __init__(self, workdir: Path, env: dict[str, str]) -> None:
        self.workdir, self.env = workdir, env
        self.mail_dir.mkdir(parents=True, exist_ok=True)
        self.servers: list[Daphne] = []

    @property
    def mail_dir(self) -> Path:
        return self.workdir / "mail"

    def mails(self) -> list[str]:
        return [p.read_text(encoding="utf-8") for p in sorted(self.mail_dir.glob("*.log"))]

    def manage(self, *args: str, stdin: str | None = None, timeout: float = 600) -> str:
        """Run manage.py in the site; its output, or an error carrying its stderr."""
        done = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            input=stdin,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if done.returncode != 0:
            raise HarnessError(f"manage.py {' '.join(args)} failed:\n{done.stderr[-4000:]}")
        return done.stdout

    def shell(self, code: str, stdin: str | None = None) -> str:
        """Run Python inside the site (manage.py shell), as setup for a test."""
        return self.manage("shell", "-v0", "-c", code, stdin=stdin)

    def prepare(self, *, seed: bool = True, collectstatic: bool = False) -> Site:
        """Migrate the database, and load the demo data unless told not to."""
        self.manage("migrate", "--no-input", "-v0")
        if collectstatic:
            self.manage("collectstatic", "--no-input", "-v0")
        if seed:
            self.manage("seed_demo", "--force")
        return self

    def sessions(self, people: dict[str, str]) -> dict[str, str]:
        """{email: display name} -> {email: session key}, making the accounts it lacks."""
        out = self.shell(SESSIONS, stdin=json.dumps(list(people.items())))
        line = next(x for x in out.splitlines() if x.startswith("SESSIONS "))
        return json.loads(line.removeprefix("SESSIONS "))

    def serve(self, name: str = "daphne", **options) -> Daphne:
        """Start one more Daphne process for this site (see Daphne for the options)."""
        server = Daphne(self.env, self.workdir / f"{name}.log", **options)
        self.servers.append(server.start())
        return server

    # The first server stands for the site: most tests need one.
    @property
    def url(self) -> str:
        return self.servers[0].url

    def start(self) -> None:
        self.servers[0].start()

    def stop(self) -> None:
        for server in self.servers:
            server.stop()


@contextmanager
def running_site(workdir: Path, servers: int = 1, **env: str) -> Iterator[Site]:
    """A fresh SQLite site with the demo data (env overrides settings) served by `servers`
    Daphne processes; stopped afterwards."""
    site = Site(workdir, site_env(workdir, **env)).prepare()
    try:
        for number in range(servers):
            site.serve(f"daphne-{number}")
        yield site
    finally:
        site.stop()

"""The real site for browser tests: a seeded SQLite database served by one Daphne process."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .conftest import CHROMIUM as CHROMIUM
from .conftest import CHROMIUM_ARGS as CHROMIUM_ARGS
from .conftest import DEMO_PASSWORD as DEMO_PASSWORD
from .conftest import ROOT as ROOT

BIN = Path(sys.executable).parent


def free_port(first: int = 8270, last: int = 8299) -> int:
    for port in range(first, last + 1):
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port for the e2e server")


def site_env(folder: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("REDIS_URL", None)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "consortium.settings.dev",
            "DEBUG": "false",
            "SECRET_KEY": "e2e-only-not-secret-0123456789abcdefghijklmnopqrstuvwxyz",
            "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "LOG_LEVEL": "WARNING",
            "PYTHONUNBUFFERED": "1",
        }
    )
    return env


class Site:
    """One Daphne process serving the site; it can be stopped and started on the same port."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.env = site_env(folder)
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None
        self.log = (folder / "daphne.log").open("ab")

    def prepare(self) -> None:
        python = str(BIN / "python")
        for command in (
            [python, "manage.py", "migrate", "--no-input", "-v0"],
            [python, "manage.py", "seed_demo", "--force"],
        ):
            subprocess.run(
                command, cwd=ROOT, env=self.env, check=True, capture_output=True, timeout=300
            )

    def shell(self, code: str) -> str:
        """Run Python inside the site (manage.py shell), as setup for a test."""
        done = subprocess.run(
            [str(BIN / "python"), "manage.py", "shell", "-c", code],
            cwd=ROOT,
            env=self.env,
            check=True,
            capture_output=True,
            text=True,
            timeout=120,
        )
        return done.stdout

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                str(BIN / "daphne"),
                "-b",
                "127.0.0.1",
                "-p",
                str(self.port),
                "consortium.asgi:application",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while True:
            if self.process.poll() is not None:
                raise RuntimeError((self.folder / "daphne.log").read_text())
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            if time.monotonic() > deadline:
                raise RuntimeError("Daphne did not start")
            time.sleep(0.2)

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(5)


@contextmanager
def running_site(folder: Path, **settings: str) -> Iterator[Site]:
    """Migrate and seed a fresh database, serve it, yield the Site, stop the server.

    `settings` go into the server's environment (e.g. DIALOGUE_MAX_BODY_CHARS="120")."""
    site = Site(folder)
    site.env.update(settings)
    site.prepare()
    site.start()
    try:
        yield site
    finally:
        site.stop()
        site.log.close()

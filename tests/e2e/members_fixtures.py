"""The real site for browser tests: migrate, seed the demo, serve it with Daphne.

Kept apart from a shared tests/e2e/conftest.py so fixtures of other areas do not collide.
Import the fixtures into a test module with `from .members_fixtures import *`.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PORTS = range(8100, 8200)
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@dataclass
class LiveSite:
    url: str
    mail_dir: Path

    def mails(self) -> list[str]:
        if not self.mail_dir.exists():
            return []
        return [p.read_text(encoding="utf-8") for p in sorted(self.mail_dir.iterdir())]


def _free_port() -> int:
    for port in PORTS:
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("No free port in 8100-8199")


def _wait_until_up(url: str, process: subprocess.Popen, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"Daphne exited with {process.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("Daphne did not answer in time")


@pytest.fixture(scope="session")
def members_live_site(tmp_path_factory) -> Iterator[LiveSite]:
    tmp = tmp_path_factory.mktemp("members-site")
    mail_dir = tmp / "mail"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "consortium.settings.dev",
        "DEBUG": "false",
        "DATABASE_URL": f"sqlite:///{tmp / 'db.sqlite3'}",
        # django-environ drops one slash of the path: four in all for an absolute one.
        "EMAIL_URL": f"filemail:///{mail_dir}",
        "MEDIA_ROOT": str(tmp / "media"),
        "REDIS_URL": "",
    }
    python = str(ROOT / ".venv" / "bin" / "python")
    if not Path(python).exists():
        python = sys.executable
    for command in (["migrate", "--no-input", "-v0"], ["seed_demo", "--force"]):
        subprocess.run(
            [python, "manage.py", *command], cwd=ROOT, env=env, check=True, capture_output=True
        )
    port = _free_port()
    daphne = ROOT / ".venv" / "bin" / "daphne"
    log = (tmp / "daphne.log").open("wb")
    process = subprocess.Popen(
        [str(daphne), "-b", "127.0.0.1", "-p", str(port), "consortium.asgi:application"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        url = f"http://127.0.0.1:{port}"
        _wait_until_up(url, process)
        yield LiveSite(url=url, mail_dir=mail_dir)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


@pytest.fixture(scope="session")
def members_browser() -> Iterator:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()

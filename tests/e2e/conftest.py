"""The real site under Daphne, driven by headless Chromium (Playwright, Debian's chromium)."""

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
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = ROOT / "test-artifacts"
DEMO_PASSWORD = "midorino-demo-2026"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/e2e/" in str(item.path):
            item.add_marker(pytest.mark.e2e)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Site:
    url: str
    workdir: Path
    env: dict[str, str]

    @property
    def mail_dir(self) -> Path:
        return self.workdir / "mail"

    def mails(self) -> list[str]:
        return [p.read_text(encoding="utf-8") for p in sorted(self.mail_dir.glob("*.log"))]

    def manage(self, *args: str) -> str:
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout


def site_env(workdir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        DJANGO_SETTINGS_MODULE="consortium.settings.dev",
        DEBUG="false",
        SECRET_KEY="e2e-only-key-0123456789abcdefghijklmnopqrstuvwxyz-not-secret",
        DATABASE_URL=f"sqlite:///{workdir / 'db.sqlite3'}",
        EMAIL_URL=f"filemail:///{workdir / 'mail'}",
        MEDIA_ROOT=str(workdir / "media"),
        ALLOWED_HOSTS="127.0.0.1,localhost",
    )
    env.pop("REDIS_URL", None)
    return env


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """Migrated, seeded with the demo data, served by one Daphne process on a free port."""
    workdir = tmp_path_factory.mktemp("site")
    (workdir / "mail").mkdir()
    env = site_env(workdir)
    port = free_port()
    running = Site(url=f"http://127.0.0.1:{port}", workdir=workdir, env=env)
    running.manage("migrate", "--no-input", "-v0")
    running.manage("seed_demo", "--force")
    log = (workdir / "daphne.log").open("w")
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "daphne"),
            "-b",
            "127.0.0.1",
            "-p",
            str(port),
            "consortium.asgi:application",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        # A loaded machine (several checkouts testing at once) can take minutes to start.
        deadline = time.monotonic() + 240
        while True:
            try:
                urllib.request.urlopen(f"{running.url}/healthz", timeout=2)  # noqa: S310
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(
                        "Daphne did not start:\n" + (workdir / "daphne.log").read_text()
                    ) from None
                time.sleep(0.3)
        yield running
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()


@pytest.fixture(scope="module")
def browser() -> Iterator:
    # Module scope: Playwright's sync API keeps an event loop running while it is open,
    # which would stop async tests collected after it.
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, request) -> Iterator:
    context = browser.new_context(locale="ja-JP", viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    yield tab
    context.close()


def screenshot(tab, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    tab.screenshot(path=str(path), full_page=True)
    return path


def sign_in(tab, site: Site, email: str, password: str = DEMO_PASSWORD, lang: str = "ja") -> None:
    tab.goto(f"{site.url}/{lang}/accounts/login/")
    tab.fill("input[name=login]", email)
    tab.fill("input[name=password]", password)
    tab.locator("main form button[type=submit]").click()
    tab.wait_for_load_state("load")


def set_up_two_step(tab, base_url: str) -> None:
    """Activate an authenticator the way a person does: read the secret, type the code."""
    import pyotp

    tab.goto(f"{base_url}/ja/accounts/2fa/totp/activate/")
    secret = tab.input_value("#authenticator_secret")
    tab.fill("input[name=code]", pyotp.TOTP(secret).now())
    tab.locator("main form button[type=submit]").click()
    tab.wait_for_url(lambda url: "/totp/activate/" not in url)

"""The real site under Daphne, driven by headless Chromium (Playwright, Debian's chromium)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.servers import ROOT, Site, running_site

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


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """Migrated, seeded with the demo data, served by one Daphne process on a free port."""
    with running_site(tmp_path_factory.mktemp("site")) as running:
        yield running


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
    # Wait for the answer to this POST, not just any loaded page: a test that goes elsewhere
    # at once would otherwise abort the sign-in.
    with tab.expect_navigation():
        tab.locator("main form button[type=submit]").click()


def set_up_two_step(tab, base_url: str) -> None:
    """Activate an authenticator the way a person does: read the secret, type the code."""
    import pyotp

    tab.goto(f"{base_url}/ja/accounts/2fa/totp/activate/")
    if "/reauthenticate/" in tab.url:
        # allauth asks for the password again when the sign-in is not recent.
        tab.fill("input[name=password]", DEMO_PASSWORD)
        with tab.expect_navigation():
            tab.locator("main form button[type=submit]").click()
    secret = tab.input_value("#authenticator_secret")
    tab.fill("input[name=code]", pyotp.TOTP(secret).now())
    tab.locator("main form button[type=submit]").click()
    tab.wait_for_url(lambda url: "/totp/activate/" not in url)

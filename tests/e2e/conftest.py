"""The real site under Daphne, driven by headless Chromium (Playwright, Debian's chromium)."""

from __future__ import annotations

import json
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
ADD_PEOPLE = f"""
import json, sys
from django.contrib.auth.models import Group
from members.models import User
for email, name, groups in json.loads(sys.stdin.read()):
    user, _ = User.objects.get_or_create(email=email, defaults={{"display_name": name}})
    user.set_password({DEMO_PASSWORD!r})
    user.save()
    user.emailaddress_set.get_or_create(email=email, defaults={{"verified": True, "primary": True}})
    user.groups.add(*(Group.objects.get(name=group) for group in groups))
"""


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


def new_tab(browser):
    """A tab in a browser context of its own, as a Japanese reader on a desktop sees the site."""
    context = browser.new_context(locale="ja-JP", viewport={"width": 1280, "height": 900})
    return context.new_page()


@pytest.fixture
def page(browser, request) -> Iterator:
    tab = new_tab(browser)
    yield tab
    tab.context.close()


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


def signed_in_tab(browser, site: Site, email: str, two_step: bool = False):
    """A new tab signed in as `email`, with an authenticator set up first if `two_step`."""
    tab = new_tab(browser)
    sign_in(tab, site, email)
    if two_step:
        set_up_two_step(tab, site.url)
    return tab


def add_people(site: Site, *people: tuple[str, str, list[str]]) -> None:
    """Accounts (e-mail, display name, group names) with the demo password and a verified
    address, for a test whose changes to them (an authenticator) must not reach the others."""
    site.shell(ADD_PEOPLE, stdin=json.dumps(people))


def query(site: Site, code: str):
    """The value of a Python expression evaluated in the site (read back through JSON)."""
    out = site.manage("shell", "-v0", "-c", f"import json; print('OUT' + json.dumps({code}))")
    line = next(line for line in out.splitlines() if line.startswith("OUT"))
    return json.loads(line[3:])

"""A real browser on the real site: pilot index -> pilot page -> chart, in Japanese and English."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _free_port() -> int:
    for port in range(8300, 8400):
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) != 0:
                return port
    raise RuntimeError("no free port in 8300-8399")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("pilots-e2e")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "consortium.settings.dev",
        "DEBUG": "false",
        "DATABASE_URL": f"sqlite:///{workdir}/db.sqlite3",
        "MEDIA_ROOT": str(workdir / "media"),
        "SECRET_KEY": "e2e-only-not-secret-0123456789abcdefghijklmnopqrstuvwxyz",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
    }
    env.pop("REDIS_URL", None)
    manage = [str(VENV_BIN / "python"), "manage.py"]
    subprocess.run([*manage, "migrate", "-v0"], cwd=ROOT, env=env, check=True, timeout=300)
    subprocess.run(
        [*manage, "seed_demo", "--force"],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=300,
        stdout=subprocess.DEVNULL,
    )
    port = _free_port()
    server = subprocess.Popen(
        [
            str(VENV_BIN / "daphne"),
            "-b",
            "127.0.0.1",
            "-p",
            str(port),
            "consortium.asgi:application",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                break
        time.sleep(0.2)
    else:
        server.terminate()
        raise RuntimeError("Daphne did not start")
    yield {"url": f"http://127.0.0.1:{port}", "dir": workdir}
    server.terminate()
    server.wait(timeout=10)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


def test_index_to_pilot_to_chart_in_japanese_and_english(site, browser) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(site["url"] + "/ja/")
    page.get_by_role("link", name="実証実験", exact=True).first.click()
    assert page.locator("h1").inner_text() == "実証実験"

    page.get_by_label("状態").select_option("adopted")
    page.get_by_role("button", name="表示する").click()
    assert "status=adopted" in page.url
    cards = page.locator(".pilot-card")
    assert cards.count() == 1

    cards.first.get_by_role("link").click()
    assert page.locator("h1").inner_text() == "地域のモノ譲り合い実証（まちつなぎ）"
    chart = page.get_by_role("img", name="譲渡成立件数（月） (件)")
    chart.scroll_into_view_if_needed()
    assert chart.is_visible()
    assert "2025年3月1日" in chart.locator("desc").text_content()
    table = page.get_by_role("table", name="測定値：譲渡成立件数（月）")
    assert table.locator("tbody tr").count() == 10
    assert "1,200万円" in page.content()
    page.screenshot(path=str(site["dir"] / "pilot-ja.png"), full_page=True)

    page.get_by_role("link", name="English").click()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == "Local goods-sharing pilot (Machitsunagi)"
    chart = page.get_by_role("img", name="Items given away per month (items)")
    chart.scroll_into_view_if_needed()
    assert chart.is_visible()
    assert "March 1, 2025" in chart.locator("desc").text_content()
    assert "¥12,000,000" in page.content()
    page.screenshot(path=str(site["dir"] / "pilot-en.png"), full_page=True)
    page.close()


def test_home_dashboard_counts_in_both_languages(site, browser) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(site["url"] + "/ja/")
    target = page.locator(".programme-target")
    assert "10件中" in target.inner_text()
    bar = target.get_by_role("progressbar")
    assert bar.get_attribute("aria-valuenow") == "20"  # completed + adopted demo pilots
    assert page.locator(".status-table tbody tr").count() == 6
    page.screenshot(path=str(site["dir"] / "home-ja.png"), full_page=True)
    page.goto(site["url"] + "/en/")
    assert "2 of 10" in page.locator(".programme-target").inner_text()
    page.close()


def test_index_survives_garbage_filters_in_a_browser(site, browser) -> None:
    page = browser.new_page()
    response = page.goto(site["url"] + "/en/pilots/?status=%3Cscript%3E&year=abc&page=-5")
    assert response.status == 200
    assert "No pilots match these filters." in page.content()
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert "Skip to main content" in focused
    page.close()

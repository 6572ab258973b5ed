"""The walking skeleton in a real browser: languages, larger text, sign-up, accessibility."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from .conftest import ROOT, screenshot, sign_in

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


def axe_violations(tab, impacts: tuple[str, ...] | None = ("serious", "critical")) -> list[dict]:
    """axe-core's WCAG 2.2 AA violations on the page, of the given impacts (None: any)."""
    assert AXE.exists(), "run `make test` (npm ci) to install axe-core"
    # Evaluated through DevTools: an injected <script> would be refused by the site's CSP.
    tab.evaluate(AXE.read_text(encoding="utf-8") + "\n;void 0")
    result = tab.evaluate(
        """async () => await axe.run(document, {
            runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}
        })"""
    )
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:3]}
        for v in result["violations"]
        if impacts is None or v["impact"] in impacts
    ]


@pytest.mark.parametrize(
    ("lang", "title", "nav_label"),
    [
        ("ja", "みどり野スマートシティ・コンソーシアム", "ログイン"),
        ("en", "Midorino Smart City Consortium", "Sign in"),
    ],
)
def test_home_page_renders_in_each_language(page, site, lang, title, nav_label) -> None:
    page.goto(f"{site.url}/{lang}/")
    assert page.locator("html").get_attribute("lang") == lang
    assert page.locator("h1").inner_text() == title
    assert page.get_by_role("link", name=nav_label).is_visible()
    shot = screenshot(page, f"home-{lang}")
    assert shot.stat().st_size > 10_000


def test_root_sends_a_japanese_browser_to_japanese(page, site) -> None:
    page.goto(f"{site.url}/")
    assert page.url == f"{site.url}/ja/"


def test_language_switcher_goes_to_the_translation_and_remembers(page, site) -> None:
    page.goto(f"{site.url}/ja/")
    page.get_by_role("link", name="English").click()
    assert page.url == f"{site.url}/en/"
    page.goto(f"{site.url}/")
    assert page.url == f"{site.url}/en/", "the choice is remembered for the next visit"


def test_skip_link_is_the_first_tab_stop(page, site) -> None:
    page.goto(f"{site.url}/ja/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "本文へスキップ"
    page.keyboard.press("Enter")
    assert page.url.endswith("#main")


def test_larger_text_toggle_works_and_persists(page, site) -> None:
    page.goto(f"{site.url}/ja/")
    size = "parseFloat(getComputedStyle(document.documentElement).fontSize)"
    before = page.evaluate(size)
    toggle = page.get_by_role("button", name="文字を大きく")
    assert toggle.get_attribute("aria-pressed") == "false"
    toggle.click()
    assert toggle.get_attribute("aria-pressed") == "true"
    after = page.evaluate(size)
    assert after >= before * 1.2
    page.goto(f"{site.url}/en/")
    assert page.evaluate(size) == after, "the choice persists across pages and languages"
    assert page.get_by_role("button", name="Larger text").get_attribute("aria-pressed") == "true"
    screenshot(page, "home-en-larger-text")
    page.get_by_role("button", name="Larger text").click()
    assert page.evaluate(size) == before


def test_sign_up_verify_by_email_then_sign_in(page, site) -> None:
    email = "new.resident@example.jp"
    password = "Kawa-no-nagare-2026"
    page.goto(f"{site.url}/en/accounts/signup/")
    page.fill("input[name=email]", email)
    page.fill("input[name=display_name]", "中村 葵")
    page.fill("input[name=password1]", password)
    page.fill("input[name=password2]", password)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state("load")
    assert "/accounts/confirm-email/" in page.url
    assert page.get_by_role("heading", name="Verify Your Email Address").is_visible()

    # Not verified yet: signing in is refused with the same notice.
    sign_in(page, site, email, password, lang="en")
    assert "/accounts/confirm-email/" in page.url

    mail = next(m for m in site.mails() if email in m)
    link = re.search(r"http://\S+/en/accounts/confirm-email/\S+/", mail).group(0)
    page.goto(link)
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_load_state("load")

    sign_in(page, site, email, password, lang="en")
    assert page.url == f"{site.url}/en/"
    expect(page.locator(".account-nav")).to_contain_text("Signed in as 中村 葵")
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()


def test_wrong_password_gets_a_clear_japanese_error(page, site) -> None:
    sign_in(page, site, "resident@example.jp", "wrong-password")
    assert page.locator(".errorlist, [role=alert], .alert").first.is_visible() or (
        "正しくありません" in page.content()
    )
    assert "正しくありません" in page.content()


@pytest.mark.parametrize(
    "path",
    ["/ja/", "/en/", "/ja/accounts/login/", "/en/accounts/signup/", "/ja/no-such-page/"],
)
def test_no_serious_accessibility_violations(page, site, path: str) -> None:
    page.goto(f"{site.url}{path}")
    assert axe_violations(page) == []


def test_no_serious_accessibility_violations_with_larger_text(page, site) -> None:
    page.goto(f"{site.url}/ja/")
    page.get_by_role("button", name="文字を大きく").click()
    assert axe_violations(page) == []


def test_pages_load_nothing_from_other_hosts(page, site) -> None:
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    page.goto(f"{site.url}/ja/")
    page.wait_for_load_state("networkidle")
    assert requested and all(url.startswith(site.url) for url in requested), requested
    assert Path(AXE).name == "axe.min.js"

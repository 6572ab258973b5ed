"""Reading aids in a real browser: furigana with one click, remembered; A4 printing."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .conftest import screenshot
from .test_site_e2e import axe_violations


def test_furigana_toggle_shows_readings_and_is_remembered(page, site) -> None:
    page.goto(f"{site.url}/ja/")
    toggle = page.get_by_role("button", name="ふりがな")
    expect(toggle).to_have_attribute("aria-pressed", "false")
    expect(page.locator("main ruby")).to_have_count(0)
    toggle.click()
    expect(page.get_by_role("button", name="ふりがな")).to_have_attribute("aria-pressed", "true")
    expect(page.locator("main ruby").first).to_be_visible()
    assert page.url == f"{site.url}/ja/", "the toggle brings the reader back to the page"
    page.goto(f"{site.url}/ja/dialogue/")
    expect(page.locator("main ruby").first).to_be_visible()
    assert axe_violations(page) == []
    screenshot(page, "furigana-on-ja")
    page.get_by_role("button", name="ふりがな").click()
    expect(page.get_by_role("button", name="ふりがな")).to_have_attribute("aria-pressed", "false")
    expect(page.locator("main ruby")).to_have_count(0)


def test_furigana_toggle_works_from_the_keyboard(page, site) -> None:
    page.goto(f"{site.url}/ja/")
    page.get_by_role("button", name="ふりがな").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="ふりがな")).to_have_attribute("aria-pressed", "true")


def test_printed_pages_show_content_and_link_addresses(page, site) -> None:
    page.goto(f"{site.url}/ja/")
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.locator(".site-footer")).to_be_hidden()
    expect(page.locator("main h1")).to_be_visible()
    link = page.locator("main a[href^='/']").first
    after = link.evaluate("a => getComputedStyle(a, '::after').content")
    assert link.get_attribute("href") in after
    pdf = page.pdf(format="A4")
    assert pdf[:4] == b"%PDF"


@pytest.mark.parametrize(
    ("path", "chart"),
    [
        ("/ja/pilots/online-procedures/", "svg.chart"),
        ("/ja/reports/session-2/", "svg.participation__chart"),
        ("/ja/dialogue/follow-ups/", None),
    ],
)
def test_pilots_reports_and_follow_ups_print_on_a4(page, site, path, chart) -> None:
    page.goto(f"{site.url}{path}")
    page.emulate_media(media="print")
    for chrome in (".site-header", ".site-footer", ".language-switcher", ".skip-link"):
        for element in page.locator(chrome).all():
            expect(element).to_be_hidden()
    expect(page.locator("main h1")).to_be_visible()
    if chart:
        expect(page.locator(chart).first).to_be_visible()
        box = page.locator(chart).first.bounding_box()
        # Kept whole within an A4 page's printable width (about 718 CSS pixels at 96 dpi).
        assert box is not None and 0 < box["width"] <= 720
    # Links in the content print their address.
    for link in page.locator("main a[href^='/']").all()[:5]:
        after = link.evaluate("a => getComputedStyle(a, '::after').content")
        assert link.get_attribute("href") in after
    pdf = page.pdf(format="A4", print_background=False)
    assert pdf[:4] == b"%PDF"
    screenshot(page, "print" + path.replace("/", "-").rstrip("-"))

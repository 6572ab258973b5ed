"""A real browser on the real site: pilot index -> pilot page -> chart, in Japanese and English."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.e2e


def test_index_to_pilot_to_chart_in_japanese_and_english(site, browser) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(site.url + "/ja/")
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
    page.screenshot(path=str(site.workdir / "pilot-ja.png"), full_page=True)

    page.get_by_role("link", name="English").click()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == "Local goods-sharing pilot (Machitsunagi)"
    chart = page.get_by_role("img", name="Items given away per month (items)")
    chart.scroll_into_view_if_needed()
    assert chart.is_visible()
    assert "March 1, 2025" in chart.locator("desc").text_content()
    assert "¥12,000,000" in page.content()
    page.screenshot(path=str(site.workdir / "pilot-en.png"), full_page=True)
    page.close()


def test_home_dashboard_counts_in_both_languages(site, browser) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(site.url + "/ja/")
    target = page.locator(".programme-target")
    assert "10件中" in target.inner_text()
    bar = target.get_by_role("progressbar")
    assert bar.get_attribute("aria-valuenow") == "20"  # completed + adopted demo pilots
    assert page.locator(".status-table tbody tr").count() == 6
    page.screenshot(path=str(site.workdir / "home-ja.png"), full_page=True)
    page.goto(site.url + "/en/")
    assert "2 of 10" in page.locator(".programme-target").inner_text()
    page.close()


def test_index_survives_garbage_filters_in_a_browser(site, browser) -> None:
    page = browser.new_page()
    response = page.goto(site.url + "/en/pilots/?status=%3Cscript%3E&year=abc&page=-5")
    assert response.status == 200
    assert "No pilots match these filters." in page.content()
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert "Skip to main content" in focused
    page.close()

"""An opinion map in a real browser: the SVG map, the group list by keyboard, axe."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import ROOT
from tests.e2e.test_site_e2e import axe_violations

pytestmark = pytest.mark.e2e
TITLE = "市民意見（e2e）"


@pytest.fixture(scope="module")
def opinion_map(site):
    """The evaluation set mapped with the real model, saved and published."""
    site.manage(
        "opinion_map",
        "--csv",
        str(ROOT / "bench" / "data" / "municipal_comments.csv"),
        "--save",
        "--publish",
        "--title",
        TITLE,
    )
    return TITLE


def test_map_page_group_list_by_keyboard(page, site, opinion_map) -> None:
    page.goto(site.url + "/ja/listening/")
    page.get_by_role("link", name=opinion_map).click()
    assert page.locator("h1").inner_text() == opinion_map
    svg = page.get_by_role("group", name=f"意見マップ：{opinion_map}")
    assert svg.is_visible()
    assert page.locator("svg circle").count() > 300

    links = page.locator("[data-group-link]")
    count = links.count()
    assert count >= 3
    links.first.focus()
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.dataset.groupLink") == links.nth(1).get_attribute(
        "data-group-link"
    )
    # Its region on the map is marked while the group has focus.
    region = links.nth(1).get_attribute("data-group-link")
    assert "is-current" in (
        page.locator(f'ellipse[data-region="{region}"]').get_attribute("class") or ""
    )
    page.keyboard.press("End")
    assert page.evaluate("document.activeElement.dataset.groupLink") == links.nth(
        count - 1
    ).get_attribute("data-group-link")
    page.keyboard.press("Home")
    name = links.first.inner_text()
    page.keyboard.press("Enter")
    page.wait_for_load_state("load")
    assert page.locator("h1").inner_text() == name
    assert page.locator(".opinion-list li").count() > 0
    assert axe_violations(page) == []


def test_map_page_has_no_accessibility_violations(page, site, opinion_map) -> None:
    page.goto(site.url + "/ja/listening/")
    page.get_by_role("link", name=opinion_map).click()
    assert axe_violations(page) == []
    page.goto(page.url.replace("/ja/", "/en/"))
    assert page.get_by_role("heading", name="Groups").is_visible()
    assert axe_violations(page) == []


def test_group_list_works_without_javascript(browser, site, opinion_map) -> None:
    context = browser.new_context(java_script_enabled=False, locale="ja-JP")
    tab = context.new_page()
    tab.goto(site.url + "/ja/listening/")
    tab.get_by_role("link", name=opinion_map).click()
    first = tab.locator("[data-group-link]").first
    name = first.inner_text()
    first.focus()
    tab.keyboard.press("Enter")
    tab.wait_for_load_state("load")
    assert tab.locator("h1").inner_text() == name
    context.close()

"""やさしい日本語 in a real browser: chosen in the language switcher, remembered, shown where a
page has it; and the admin's readability figure as an editor types."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from .conftest import screenshot, sign_in
from .test_site_e2e import axe_violations

PLAIN_HOME_TITLE = "みどり野市の まちづくりを 話し合う ところ"
ORDINARY_HOME_TITLE = "みどり野スマートシティ・コンソーシアム"
PLAIN_PILOT_TITLE = "いらない ものを 近所の 人に あげる ためし"
NOTE = "やさしい日本語の ページは まだ ありません"

EDITOR_AND_PAGE = """
from cms.models import OrganizationPage
from members.models import Membership
membership = (
    Membership.objects.filter(role="editor", status="active", user__is_active=True)
    .select_related("user", "organization").order_by("pk").first()
)
page = OrganizationPage.objects.get(
    organization=membership.organization, locale__language_code="ja"
)
print(membership.user.email, page.pk)
"""


def _switcher(page):
    return page.get_by_role("navigation", name="言語")


def test_choosing_plain_japanese_shows_the_plain_version(page, site) -> None:
    page.goto(f"{site.url}/ja/")
    expect(page.locator("main h1")).to_have_text(ORDINARY_HOME_TITLE)
    _switcher(page).get_by_role("link", name="やさしい日本語").click()
    expect(page.locator("main h1")).to_have_text(PLAIN_HOME_TITLE)
    assert page.url == f"{site.url}/ja/", "the choice brings the reader back to the page"
    expect(_switcher(page).locator("[aria-current=true]")).to_have_text("やさしい日本語")
    expect(page.get_by_text(NOTE)).to_have_count(0)
    assert axe_violations(page) == []
    screenshot(page, "plain-japanese-home")

    # Remembered: a pilot with a plain version shows it; a page without one says so.
    page.goto(f"{site.url}/ja/pilots/goods-sharing/")
    expect(page.locator("main h1")).to_have_text(PLAIN_PILOT_TITLE)
    expect(page.locator("[data-plain-version]")).to_contain_text("6.8トン")
    page.goto(f"{site.url}/ja/pilots/")
    expect(page.get_by_text(NOTE)).to_be_visible()
    expect(page.locator("main h1")).to_have_text("実証実験")
    assert axe_violations(page) == []

    # Back to ordinary Japanese, from the same switcher.
    _switcher(page).get_by_role("link", name="日本語", exact=True).click()
    expect(page.get_by_text(NOTE)).to_have_count(0)
    page.goto(f"{site.url}/ja/pilots/goods-sharing/")
    expect(page.locator("main h1")).not_to_have_text(PLAIN_PILOT_TITLE)


def test_plain_japanese_is_chosen_from_the_keyboard(page, site) -> None:
    page.goto(f"{site.url}/ja/")
    _switcher(page).get_by_role("link", name="やさしい日本語").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator("main h1")).to_have_text(PLAIN_HOME_TITLE)


def test_the_admin_shows_the_readability_figure_as_an_editor_types(page, site) -> None:
    email, page_pk = site.shell(EDITOR_AND_PAGE).split()
    sign_in(page, site, email)
    page.goto(f"{site.url}/admin/pages/{page_pk}/edit/")
    page.get_by_role("tab", name="やさしい日本語").click()
    panel = page.locator("section[role=tabpanel]:visible [data-readability]")
    status = panel.locator("[data-readability-status]")
    summary = page.locator("textarea[name=plain_summary]")
    summary.fill("本事業は地域経済の活性化及び持続可能な行政運営の実現を企図する。")
    expect(status).to_have_text(re.compile(r"読みやすさ：100 のうち \d+（(むずかしい|ふつう)）"))
    expect(panel.locator("mark")).to_contain_text(["本事業は"])
    expect(panel.get_by_text(re.compile("むずかしい語：.*企図"))).to_be_visible()
    screenshot(page, "plain-japanese-admin")

    summary.fill("みんなで まちの ことを 話します。")
    panel.get_by_role("button", name="読みやすさを確かめる").focus()
    page.keyboard.press("Enter")
    expect(status).to_have_text(re.compile(r"（やさしい）"))

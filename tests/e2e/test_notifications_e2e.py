"""A mention in a live room, in a real browser: the writer picks the person from the
composer's suggestions with the keyboard, and the person sees their bell count rise live
(over the room socket they already have) and opens the mention."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from .conftest import DEMO_PASSWORD, screenshot

pytestmark = pytest.mark.e2e

ROOM = "open-forum"


def signed_in_page(browser: Browser, site, email: str) -> Page:
    context = browser.new_context(
        locale="ja-JP", timezone_id="Asia/Tokyo", viewport={"width": 1200, "height": 900}
    )
    page = context.new_page()
    page.goto(f"{site.url}/ja/accounts/login/")
    form = page.locator("form").filter(has=page.locator('input[name="password"]'))
    form.locator('input[name="login"]').fill(email)
    form.locator('input[name="password"]').fill(DEMO_PASSWORD)
    form.locator('[type="submit"]').first.click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    return page


def open_room(page: Page, site) -> None:
    page.goto(f"{site.url}/ja/dialogue/rooms/{ROOM}/")
    expect(page.locator("#room-app")).to_have_attribute("data-state", "live")


def unread(page: Page) -> int:
    count = page.locator("[data-notification-count]")
    if count.is_hidden():
        return 0
    return int(count.locator("[aria-hidden=true]").inner_text())


def test_a_mention_raises_the_bell_live_and_opens_the_message(browser: Browser, site) -> None:
    resident = signed_in_page(browser, site, "resident@example.jp")
    open_room(resident, site)
    before = unread(resident)
    bell = resident.locator("[data-notification-bell]")

    chamber = signed_in_page(browser, site, "chamber@example.jp")
    open_room(chamber, site)
    # The resident is in the room: the writer's presence list shows them.
    expect(chamber.locator(".room-presence__groups")).to_contain_text("伊藤 さくら")

    composer = chamber.locator("#room-composer-body")
    composer.click()
    composer.type("ご意見を伺いたいです @伊藤")
    listbox = chamber.get_by_role("listbox")
    expect(listbox).to_be_visible()
    option = listbox.get_by_role("option", name=re.compile("伊藤 さくら"))
    expect(option).to_have_attribute("aria-selected", "true")
    expect(composer).to_have_attribute("aria-expanded", "true")
    expect(composer).to_have_attribute("aria-activedescendant", option.get_attribute("id"))
    composer.press("Enter")  # picks; does not send
    expect(listbox).to_be_hidden()
    expect(composer).to_have_value("ご意見を伺いたいです @伊藤 さくら ")
    composer.type("さん、いかがですか。")
    composer.press("Control+Enter")

    # In the writer's room the mention is drawn as one.
    sent = chamber.locator(".msg__body", has_text="いかがですか").first
    expect(sent.locator(".mention")).to_have_text("@伊藤 さくら")

    # The resident's bell counts it at once, and says so to screen readers.
    expect(bell.locator("[data-notification-count] [aria-hidden=true]")).to_have_text(
        str(before + 1)
    )
    expect(resident.locator("[data-notification-live]")).to_contain_text("メンション")
    screenshot(resident, "notifications-bell-ja")

    bell.click()
    expect(resident.locator("h1")).to_have_text("通知")
    link = resident.get_by_role("link", name=re.compile("さんが「.*」であなたをメンションしました"))
    expect(link.first).to_be_visible()
    screenshot(resident, "notifications-centre-ja")
    link.first.click()
    resident.wait_for_url(re.compile(rf"/ja/dialogue/rooms/{ROOM}/#msg-\d+"))
    expect(resident.locator(".msg__body", has_text="いかがですか").first).to_be_visible()
    resident.goto(f"{site.url}/ja/notifications/")
    assert unread(resident) == before
    for page in (resident, chamber):
        page.context.close()

"""A proposal's life in a real browser: written by a resident, published by a moderator,
supported and commented on by another resident, adopted into a pilot by staff; and a room
message becoming a proposal."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from members import roles

from .conftest import Site, add_people, signed_in_tab

pytestmark = pytest.mark.e2e

# Moderators and staff of their own, so that two-step verification set up here does not
# depend on (or disturb) the role tests, which share this site's database.
NEW_PEOPLE = (
    ("proposal-moderator@example.jp", "提案 モデレーター", [roles.MODERATORS]),
    ("proposal-staff@example.jp", "提案 職員", [roles.CITY_STAFF, roles.MODERATORS]),
)


def test_a_proposal_from_draft_to_pilot(site: Site, browser) -> None:
    title = "公民館にスマホ相談の窓口を 📱"
    resident = signed_in_tab(browser, site, "resident@example.jp")
    resident.goto(f"{site.url}/ja/")
    resident.get_by_role("navigation", name="メイン").get_by_role("link", name="提案").click()
    resident.get_by_role("link", name="提案を書く").click()
    resident.get_by_label("タイトル", exact=True).fill(title)
    resident.get_by_label("概要", exact=True).fill("スマホの使い方を気軽に聞ける場所がほしい。")
    resident.get_by_label("提案の内容", exact=True).fill("**毎週水曜**に公民館で\n- 登録\n- 予約")
    resident.get_by_label("高齢者・見守り").check()
    resident.get_by_role("button", name="プレビュー").click()
    assert resident.locator(".proposal-preview strong").inner_text() == "毎週水曜"
    resident.get_by_role("button", name="下書きを保存").click()
    assert resident.locator("h1").inner_text() == title
    assert "下書き" in resident.locator(".proposal__status").inner_text()
    # Back to the draft later, then send it.
    resident.goto(f"{site.url}/ja/proposals/mine/")
    resident.get_by_role("link", name=title).click()
    resident.get_by_role("link", name="編集して送る").click()
    resident.get_by_role("button", name="公開を依頼する").click()
    proposal_url = resident.url
    assert "モデレーター" in resident.content()
    # Not public yet.
    anonymous = browser.new_page()
    anonymous.goto(f"{site.url}/ja/proposals/")
    assert title not in anonymous.content()

    add_people(site, *NEW_PEOPLE)
    moderator = signed_in_tab(browser, site, "proposal-moderator@example.jp", two_step=True)
    moderator.goto(f"{site.url}/admin/proposals/moderation/")
    row = moderator.locator("tr", has_text=title)
    row.get_by_role("button", name="承認して公開").click()
    assert moderator.locator("tr", has_text=title).count() <= 1  # now among the published

    anonymous.goto(f"{site.url}/ja/proposals/")
    anonymous.get_by_role("link", name=title).click()
    assert anonymous.url.split("#")[0] == proposal_url.split("#")[0]
    anonymous.get_by_role("link", name="ログインして賛同する").click()
    assert "/accounts/login/" in anonymous.url

    neighbour = signed_in_tab(browser, site, "chamber-member@example.jp")
    neighbour.goto(proposal_url)
    neighbour.get_by_role("button", name="この提案に賛同する").click()
    assert neighbour.locator("[data-support-count]").inner_text() == "1"
    assert "商工会" in neighbour.locator(".supports").inner_text()
    neighbour.get_by_label("コメント", exact=True).fill("商工会でも講師を出せます 👍")
    neighbour.get_by_role("button", name="コメントを投稿").click()
    assert "商工会でも講師を出せます" in neighbour.locator(".comment-list").inner_text()

    staff = signed_in_tab(browser, site, "proposal-staff@example.jp", two_step=True)
    staff.goto(f"{site.url}/admin/proposals/moderation/")
    staff.locator("tr", has_text=title).get_by_role("link", name="状態を変える").click()
    staff.get_by_label("新しい状態").select_option("adopted")
    pilot = "地域のモノ譲り合い実証（まちつなぎ）"
    staff.get_by_label("実証実験", exact=True).select_option(label=pilot)
    staff.get_by_label("理由（公開されます）").fill("まちつなぎの実証に組み込みます")
    staff.get_by_role("button", name="状態を変える").click()

    anonymous.goto(proposal_url)
    assert "採用" in anonymous.locator(".proposal__status").inner_text()
    anonymous.get_by_role("link", name="地域のモノ譲り合い実証（まちつなぎ）").click()
    assert anonymous.locator("h1").inner_text() == "地域のモノ譲り合い実証（まちつなぎ）"
    mails = "\n".join(site.mails())
    assert "まちつなぎの実証に組み込みます" in mails
    for page in (resident, moderator, neighbour, staff, anonymous):
        page.context.close()


def test_a_room_message_becomes_a_proposal(site: Site, browser) -> None:
    member = signed_in_tab(browser, site, "coop@example.jp")
    member.goto(f"{site.url}/ja/dialogue/rooms/open-forum/")
    expect(member.locator("#room-app")).to_have_attribute("data-state", "live")
    member.fill("#room-composer-body", "直売所の朝どれ野菜を、駅でも受け取れるようにしたいです")
    member.locator("button.room-send").click()
    body = member.locator(".msg__body", has_text="直売所の朝どれ野菜")
    message = member.locator("ol.room-log__list:not(.room-outbox) > li.msg").filter(has=body)
    message.get_by_role("link", name="提案にする").click()
    member.get_by_role("button", name="下書きの提案を作る").click()
    assert "/edit/" in member.url
    assert (
        member.get_by_label("タイトル", exact=True).input_value().startswith("直売所の朝どれ野菜")
    )
    member.get_by_role("button", name="公開を依頼する").click()
    assert "みどり野対話フォーラム" in member.content()  # linked back to its room
    member.context.close()

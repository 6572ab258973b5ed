"""A representative invites a colleague, who signs up through the e-mailed link."""

from __future__ import annotations

import re

import pytest

from .conftest import DEMO_PASSWORD, Site

pytestmark = pytest.mark.e2e


def _sign_in(page, site: Site, email: str) -> None:
    page.goto(f"{site.url}/ja/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("form[action='/ja/accounts/login/'] button[type=submit]")
    page.wait_for_url(re.compile(r".*/ja/$"))


def test_invited_colleague_signs_up_and_lands_as_member(site: Site, browser) -> None:
    representative = browser.new_context(locale="ja-JP")
    page = representative.new_page()
    _sign_in(page, site, "chamber@example.jp")

    page.goto(f"{site.url}/ja/members/organizations/chamber-of-commerce/")
    rows_before = page.locator("table.members-table tbody tr").count()
    invite = page.get_by_role("region", name="メンバーを招待する")
    invite.get_by_label("メールアドレス").fill("Colleague@Example.jp")
    invite.get_by_label("役割").select_option("editor")
    invite.get_by_role("button", name="招待を送る").click()
    page.get_by_text("colleague@example.jp に招待を送りました。").wait_for()

    [mail] = [m for m in site.mails() if "colleague@example.jp" in m]
    assert "みどり野商工会" in mail
    link = re.search(r"http://\S+/ja/members/invitations/[\w-]+/", mail).group(0)
    assert link.startswith(site.url)

    colleague = browser.new_context(locale="ja-JP")
    newcomer = colleague.new_page()
    newcomer.goto(link)
    newcomer.get_by_role("heading", name="みどり野商工会 への招待").wait_for()
    newcomer.get_by_role("link", name="アカウントを作成して参加する").click()
    assert newcomer.input_value("input[name=email]") == "colleague@example.jp"
    newcomer.get_by_label("表示名").fill("佐々木 陽菜")
    newcomer.fill("input[name=password1]", "a-new-colleague-pass-2026")
    newcomer.fill("input[name=password2]", "a-new-colleague-pass-2026")
    newcomer.locator("form[action^='/ja/accounts/signup/'] button[type=submit]").click()

    newcomer.get_by_role("heading", name="みどり野商工会 のメンバーです").wait_for()
    assert "みどり野商工会 のメンバーになりました" in newcomer.content()
    newcomer.goto(f"{site.url}/ja/members/profile/")
    assert "みどり野商工会 — 編集者" in newcomer.locator("main").inner_text()

    # The representative now sees the colleague among the members, no longer invited.
    page.reload()
    assert page.locator("table.members-table tbody tr").count() == rows_before + 1
    assert "佐々木 陽菜" in page.locator("table.members-table").inner_text()
    open_invitations = page.get_by_role("region", name="未承諾の招待").inner_text()
    assert "colleague@example.jp" not in open_invitations

    # The link works once.
    again = browser.new_context(locale="ja-JP").new_page()
    again.goto(link)
    assert "この招待は既に使われています" in again.content()

    representative.close()
    colleague.close()

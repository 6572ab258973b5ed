"""The live room in a real browser against the real site (Daphne, seeded SQLite).

Two people from different organisations talk in the public room: one speaks on behalf of
the chamber of commerce, the other sees it live with the badge, replies and reacts; a
message written while the network is cut arrives exactly once when it returns (also
after the page is closed and opened again); the mayor acknowledges a post and both see
the official mark. Screenshots in Japanese go to test-artifacts/.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from .conftest import set_up_two_step
from .room_fixtures import DEMO_PASSWORD, ROOT, Site, running_site

pytestmark = pytest.mark.e2e

ROOM = "open-forum"
ARTIFACTS = ROOT / "test-artifacts"
LOG = "ol.room-log__list:not(.room-outbox) > li.msg"


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[Site]:
    with running_site(tmp_path_factory.mktemp("room-e2e")) as site:
        yield site


@pytest.fixture(scope="module")
def site(server: Site) -> str:
    return server.url


class Person:
    def __init__(self, browser: Browser, site: str, email: str) -> None:
        self.site = site
        self.context: BrowserContext = browser.new_context(
            locale="ja-JP", timezone_id="Asia/Tokyo", viewport={"width": 1200, "height": 900}
        )
        self.errors: list[str] = []
        self.page = self.new_page()
        self.page.goto(f"{site}/ja/accounts/login/")
        form = self.page.locator("form").filter(has=self.page.locator('input[name="password"]'))
        form.locator('input[name="login"]').fill(email)
        form.locator('input[name="password"]').fill(DEMO_PASSWORD)
        form.locator('[type="submit"]').first.click()
        self.page.wait_for_url(lambda url: "/accounts/login/" not in url)

    def new_page(self) -> Page:
        page = self.context.new_page()
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        return page

    def room_url(self) -> str:
        answer = self.context.request.get(f"{self.site}/api/dialogue/rooms/")
        assert answer.ok, answer.status
        url = next(room["url"] for room in answer.json()["rooms"] if room["slug"] == ROOM)
        return url if url.startswith("http") else f"{self.site}{url}"

    def open_room(self, page: Page | None = None) -> Page:
        page = page or self.page
        page.goto(self.room_url())
        expect(page.locator("#room-app")).to_have_attribute("data-state", "live")
        return page

    def message(self, text: str, page: Page | None = None):
        """The message whose own body says `text` (replies quote it, so has_text is not enough)."""
        page = page or self.page
        return page.locator(LOG).filter(has=page.locator(".msg__body", has_text=text))

    def send(self, text: str, as_org: str | None = None, page: Page | None = None) -> None:
        page = page or self.page
        if as_org is not None:
            page.select_option("#room-composer-as", as_org)
        page.fill("#room-composer-body", text)
        page.locator("button.room-send").click()

    def stored_count(self, text: str) -> int:
        answer = self.context.request.get(
            f"{self.site}/api/dialogue/rooms/{ROOM}/messages/?after=0&limit=500"
        )
        assert answer.ok, answer.status
        return sum(1 for m in answer.json()["messages"] if m["body"] == text)

    def outbox(self, page: Page | None = None) -> list:
        return (page or self.page).evaluate(
            """() => Object.keys(localStorage).filter((k) => k.endsWith('.outbox'))
                .flatMap((k) => JSON.parse(localStorage.getItem(k)))"""
        )


def test_two_organisations_talk_live_offline_and_acknowledged(browser: Browser, site: str):
    ARTIFACTS.mkdir(exist_ok=True)
    chamber = Person(browser, site, "chamber@example.jp")
    tourism = Person(browser, site, "tourism@example.jp")
    a = chamber.open_room()
    b = tourism.open_room()

    # Presence, grouped by organisation; typing is shown to the other person.
    expect(b.locator(".room-presence")).to_contain_text("みどり野商工会")
    expect(b.locator(".room-presence")).to_contain_text("鈴木 一郎")
    a.locator("#room-composer-body").press_sequentially("駅前")
    expect(b.locator(".room-typing")).to_contain_text("鈴木 一郎")

    # The chamber speaks on behalf of its organisation; hostile markup stays inert.
    first = "商工会として、駅前の案内板を多言語にしたいと考えています。"
    hostile = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>'
    chamber.send(f"{first}\n{hostile}", as_org="chamber-of-commerce")
    mine = chamber.message(first)
    expect(mine).to_have_count(1)
    seen = tourism.message(first)
    expect(seen).to_have_count(1)
    expect(seen.locator(".org-badge")).to_contain_text("みどり野商工会")
    expect(seen.locator('.org-kind[data-kind="chamber"]')).to_have_count(1)
    expect(seen.locator(".msg__author")).to_have_text("鈴木 一郎")
    expect(b.locator("[data-room-announcer]")).to_contain_text(first)
    assert b.evaluate("window.__pwned") is None
    expect(seen.locator("img, script")).to_have_count(0)

    # The tourism association replies with the keyboard and reacts.
    seen.locator('[data-action="reply"]').click()
    reply = "観光協会も賛成です。英語と中国語の案内から始めませんか。"
    b.locator("#room-composer-body").fill(reply)
    b.locator("#room-composer-body").press("Control+Enter")
    answer = chamber.message(reply)
    expect(answer).to_have_count(1)
    expect(answer.locator(".msg__quote")).to_contain_text("鈴木 一郎")
    expect(answer.locator(".org-badge")).to_have_count(0)
    seen.locator('[data-action="react"][data-emoji="👍"]').click()
    expect(mine.locator('[data-emoji="👍"] .reaction__count')).to_have_text("1")
    expect(mine.locator('[data-emoji="👍"]')).to_have_attribute("aria-label", re.compile("1"))

    # The network is cut while the tourism association writes: kept, shown as sending…
    offline_text = "オフラインの間に書いた提案：温泉街にも案内板を。"
    tourism.context.set_offline(True)
    expect(b.locator("#room-app")).to_have_attribute("data-state", "offline")
    tourism.send(offline_text)
    expect(b.locator("li.msg--pending", has_text=offline_text)).to_have_count(1)
    assert [item["body"] for item in tourism.outbox()] == [offline_text]
    while_away = "観光協会さん、戻ったらこの発言も見えますか。"
    chamber.send(while_away)
    # The server has broadcast a message sent after the offline one: had the offline one
    # got out, it would be stored and shown before this one. So its absence is a fact now.
    expect(chamber.message(while_away)).to_have_count(1)
    assert chamber.stored_count(offline_text) == 0
    assert chamber.message(offline_text).count() == 0
    assert tourism.message(while_away, b).count() == 0
    tourism.context.set_offline(False)
    expect(b.locator("#room-app")).to_have_attribute("data-state", "live")
    expect(chamber.message(offline_text)).to_have_count(1)
    expect(tourism.message(offline_text)).to_have_count(1)
    expect(b.locator("li.msg--pending")).to_have_count(0)
    expect(tourism.message(while_away, b)).to_have_count(1)
    assert tourism.outbox() == []
    # Sent once only: a later message from the same page has arrived, so a second copy
    # (a resend from the outbox goes out before anything new) would be here by now.
    back = "戻りました。続けましょう。"
    tourism.send(back)
    expect(chamber.message(back)).to_have_count(1)
    assert chamber.message(offline_text).count() == 1
    assert tourism.stored_count(offline_text) == 1

    # Cut again, and this time the page is closed before the network returns.
    kept_text = "閉じる前に書いたメッセージも届きます。"
    tourism.context.set_offline(True)
    expect(b.locator("#room-app")).to_have_attribute("data-state", "offline")
    tourism.send(kept_text)
    expect(b.locator("li.msg--pending", has_text=kept_text)).to_have_count(1)
    b.close()
    tourism.context.set_offline(False)
    b = tourism.open_room(tourism.new_page())
    expect(chamber.message(kept_text)).to_have_count(1)
    expect(tourism.message(kept_text, b)).to_have_count(1)
    assert tourism.outbox(b) == []
    assert tourism.stored_count(kept_text) == 1

    # The mayor acknowledges the chamber's post; both see the official mark.
    mayor = Person(browser, site, "mayor@example.jp")
    set_up_two_step(mayor.page, site)  # acknowledging is a power: two-step first
    mayor.open_room()
    assert a.locator('[data-action="acknowledge"]').count() == 0
    mayor.message(first).locator('[data-action="acknowledge"]').click()
    for person, page in ((chamber, a), (tourism, b)):
        official = person.message(first, page)
        expect(official).to_have_class(re.compile(r"\bmsg--official\b"))
        expect(official.locator(".msg__official")).to_contain_text("市長")
    expect(mayor.message(first).locator('[data-action="acknowledge"]')).to_have_attribute(
        "aria-pressed", "true"
    )

    # Screenshots in Japanese of the conversation so far, on a desktop and on a phone.
    tourism.message(first, b).scroll_into_view_if_needed()
    b.screenshot(path=str(ARTIFACTS / "room-ja.png"))
    b.set_viewport_size({"width": 390, "height": 844})
    tourism.message(first, b).scroll_into_view_if_needed()
    b.screenshot(path=str(ARTIFACTS / "room-ja-phone.png"))
    b.set_viewport_size({"width": 1200, "height": 900})
    assert Path(ARTIFACTS / "room-ja.png").stat().st_size > 10_000

    # The tourism association edits its reply and deletes a message; the chamber sees both.
    edited = tourism.message(reply, b)
    reply_id = edited.get_attribute("id")
    edited.locator('[data-action="edit"]').click()
    b.locator(f"#{reply_id} .msg__editor textarea").fill(reply + "（訂正：韓国語も）")
    b.locator(f"#{reply_id} .msg__editor textarea").press("Tab")
    b.keyboard.press("Enter")  # the focused Save button, from the keyboard
    expect(a.locator(f"#{reply_id} .msg__body")).to_contain_text("韓国語も")
    expect(a.locator(f"#{reply_id} .msg__edited")).to_have_count(1)
    deleted_id = tourism.message(kept_text, b).get_attribute("id")
    b.once("dialog", lambda dialog: dialog.accept())
    b.locator(f"#{deleted_id} [data-action='delete']").click()
    expect(a.locator(f"#{deleted_id}")).to_have_class(re.compile(r"\bmsg--deleted\b"))
    expect(a.locator(f"#{deleted_id} .msg__body")).not_to_contain_text(kept_text)

    # A moderator hides a message with a reason: it disappears for the others.
    staff = Person(browser, site, "staff@example.jp")
    set_up_two_step(staff.page, site)
    s = staff.open_room()
    hidden_id = staff.message(offline_text).get_attribute("id")
    s.locator(f"#{hidden_id} [data-action='hide']").click()
    s.locator(f"#{hidden_id} input[name='reason']").fill("個人情報を含むため")
    s.locator(f"#{hidden_id} input[name='reason']").press("Enter")
    expect(a.locator(f"#{hidden_id}")).to_have_count(0)
    expect(b.locator(f"#{hidden_id}")).to_have_count(0)
    expect(s.locator(f"#{hidden_id} .msg__moderation")).to_contain_text("個人情報を含むため")
    assert a.locator('[data-action="hide"]').count() == 0

    # Too many sends at once: the server refuses some, the page says so and sends them later.
    burst = [f"連投テスト {n} 番" for n in range(12)]
    for text in burst:
        chamber.send(text)
    expect(a.locator(".room-error")).to_be_visible()
    expect(a.locator(".room-error")).to_contain_text("送信の間隔が短すぎます")
    for text in burst:
        expect(tourism.message(text, b)).to_have_count(1, timeout=30_000)
    expect(a.locator("li.msg--pending")).to_have_count(0)
    for text in burst:
        expect(chamber.message(text)).to_have_count(1)

    # Every action is a labelled button reachable from the keyboard.
    for action in b.locator(f"{LOG} button").all():
        assert (action.get_attribute("aria-label") or action.inner_text()).strip()
        assert action.get_attribute("tabindex") != "-1"

    for person in (chamber, tourism, mayor, staff):
        assert person.errors == []
        person.context.close()


def test_anonymous_reader_follows_live_but_cannot_write(browser: Browser, site: str):
    reader = browser.new_context(locale="ja-JP", timezone_id="Asia/Tokyo")
    page = reader.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{site}/ja/dialogue/rooms/{ROOM}/")
    expect(page.locator("#room-app")).to_have_attribute("data-state", "live")
    expect(page.locator("#room-composer-body")).to_be_disabled()
    expect(page.locator(".room-composer__notice a")).to_have_attribute(
        "href", re.compile(r"^/ja/accounts/login/\?next=")
    )
    expect(page.locator(f"{LOG} button")).to_have_count(0)

    coop = Person(browser, site, "coop@example.jp")
    coop.open_room()
    text = "農協です。直売所の在庫データも公開できます。"
    coop.send(text, as_org="agricultural-coop")
    live = page.locator(LOG).filter(has=page.locator(".msg__body", has_text=text))
    expect(live).to_have_count(1)
    expect(live.locator('.org-kind[data-kind="coop"]')).to_have_count(1)
    expect(page.locator("[data-room-announcer]")).to_contain_text(text)

    # A closed session's transcript reads the same, with no way to write.
    page.goto(f"{site}/ja/dialogue/rooms/yuzuriai-report-2026-10/")
    expect(page.locator("#room-app")).to_have_attribute("data-state", "live")
    expect(page.locator(LOG).first).to_be_visible()
    expect(page.locator("#room-composer-body")).to_be_disabled()
    expect(page.locator(".room-composer__notice")).to_be_visible()
    expect(page.locator(".room-older")).to_be_hidden()
    assert errors == [] and coop.errors == []
    coop.context.close()
    reader.close()


def test_words_written_while_the_server_is_down_arrive_once(browser: Browser, server: Site):
    resident = Person(browser, server.url, "resident@example.jp")
    page = resident.open_room()
    text = "サーバーが止まっている間に書きました。"
    server.stop()
    try:
        expect(page.locator("#room-app")).not_to_have_attribute("data-state", "live")
        resident.send(text)
        expect(page.locator("li.msg--pending", has_text=text)).to_have_count(1)
        expect(page.locator(".room-status")).to_contain_text(re.compile(r"1 (件|message)"))
    finally:
        server.start()
    expect(page.locator("#room-app")).to_have_attribute("data-state", "live", timeout=40_000)
    expect(resident.message(text)).to_have_count(1)
    expect(page.locator("li.msg--pending")).to_have_count(0)
    assert resident.outbox() == []
    assert resident.stored_count(text) == 1
    assert resident.errors == []
    resident.context.close()


LONG_ROOM = "wg-agri-data"
POST_MANY = """
from dialogue import services
from dialogue.models import Room
from members.models import User
room = Room.objects.get(slug="%s")
user = User.objects.get(email="coop@example.jp")
access = services.access_for(user, room)
for n in range(%d):
    services.post_message(
        room, user, access, client_id=f"e2e-older-{n}", body=f"過去の発言 {n:03d}"
    )
"""


def test_earlier_messages_load_on_request(browser: Browser, server: Site):
    server.shell(POST_MANY % (LONG_ROOM, 70))
    coop = Person(browser, server.url, "coop@example.jp")
    page = coop.page
    page.goto(f"{server.url}/ja/dialogue/rooms/{LONG_ROOM}/")
    expect(page.locator("#room-app")).to_have_attribute("data-state", "live")
    expect(page.locator(LOG)).to_have_count(50)
    older = page.locator("button.room-older")
    expect(older).to_be_visible()
    older.focus()
    page.keyboard.press("Enter")
    expect(coop.message("過去の発言 000")).to_have_count(1)
    expect(older).to_be_hidden()
    ids = [
        int(x.removeprefix("msg-"))
        for x in page.locator(LOG).evaluate_all("(nodes) => nodes.map((node) => node.id)")
    ]
    assert ids == sorted(set(ids))
    assert len(ids) >= 70
    assert coop.errors == []
    coop.context.close()

"""The live room without a mouse and with a screen reader, and with furigana (issue 16).

A reader joins the public room with the keyboard only (page.keyboard, no clicks): hears new
messages through the live region exactly once each, moves from message to message with the
arrow keys, reacts, replies, edits their own message and sends, and sees a focus indicator
of at least 3:1 wherever the focus goes; with reduced motion nothing scrolls smoothly or
moves. A burst of messages is summed up instead of spoken one by one. Messages that arrive
live show readings (<ruby>) to a reader with furigana on, and none to one without; hostile
text stays inert. What the live region said is recorded by a MutationObserver installed
before the page's own script runs.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from .room_fixtures import DEMO_PASSWORD, ROOT, Site, running_site
from .test_site_e2e import AXE

pytestmark = pytest.mark.e2e

ROOM = "open-forum"
ARTIFACTS = ROOT / "test-artifacts"
LOG = "ol.room-log__list:not(.room-outbox) > li.msg"
SUMMARY = re.compile(r"新しい発言が(\d+)件あります")

# Everything the live region says, in order: one entry per text it was given.
RECORD_ANNOUNCEMENTS = """
window.__spoken = [];
const watch = () => {
  const region = document.querySelector("[data-room-announcer]");
  if (!region) return false;
  new MutationObserver(() => {
    if (region.textContent) window.__spoken.push(region.textContent);
  }).observe(region, { childList: true, characterData: true, subtree: true });
  return true;
};
const waitForRegion = new MutationObserver(() => { if (watch()) waitForRegion.disconnect(); });
document.addEventListener("DOMContentLoaded", () => {
  if (!watch()) waitForRegion.observe(document.body, { childList: true, subtree: true });
});
"""

# The contrast of the focused element's outline against what is behind it (the nearest
# ancestor with a background), by WCAG's relative luminance.
FOCUS_CONTRAST = """
() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  const rgb = (text) => (text.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => {
    const f = (c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  let back = el.parentElement;
  while (back) {
    const colour = rgb(getComputedStyle(back).backgroundColor);
    if (colour.length === 3 || (colour.length === 4 && colour[3] > 0)) break;
    back = back.parentElement;
  }
  const behind = back ? rgb(getComputedStyle(back).backgroundColor).slice(0, 3) : [255, 255, 255];
  const outline = rgb(style.outlineColor).slice(0, 3);
  const [hi, lo] = [lum(outline), lum(behind)].sort((a, b) => b - a);
  return {
    style: style.outlineStyle,
    width: parseFloat(style.outlineWidth),
    ratio: (hi + 0.05) / (lo + 0.05),
    what: `${el.tagName}.${el.className}[${el.dataset.action || ""}]`,
  };
}
"""


def axe_findings(page: Page) -> list[dict]:
    """Every axe-core violation (WCAG 2.2 A and AA), whatever its impact."""
    page.evaluate(AXE.read_text(encoding="utf-8") + "\n;void 0")
    result = page.evaluate(
        """async () => await axe.run(document, {runOnly: {type: 'tag',
            values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}})"""
    )
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:3]}
        for v in result["violations"]
    ]


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[Site]:
    with running_site(tmp_path_factory.mktemp("room-a11y-e2e")) as site:
        yield site


class Reader:
    """A person with their own browser context, signed in from the keyboard."""

    def __init__(self, browser: Browser, site: Site, email: str, *, furigana: bool = False):
        self.site = site.url
        self.context: BrowserContext = browser.new_context(
            locale="ja-JP", timezone_id="Asia/Tokyo", viewport={"width": 1200, "height": 900}
        )
        if furigana:
            host = self.site.split("//", 1)[1].split(":")[0]
            self.context.add_cookies(
                [{"name": "furigana", "value": "on", "domain": host, "path": "/"}]
            )
        self.context.add_init_script(RECORD_ANNOUNCEMENTS)
        self.errors: list[str] = []
        self.page = self.context.new_page()
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        page = self.page
        page.goto(f"{self.site}/ja/accounts/login/")
        form = page.locator("form").filter(has=page.locator('input[name="password"]'))
        form.locator('input[name="login"]').fill(email)
        form.locator('input[name="password"]').fill(DEMO_PASSWORD)
        with page.expect_navigation():
            form.locator('input[name="password"]').press("Enter")

    def open_room(self) -> Page:
        self.page.goto(f"{self.site}/ja/dialogue/rooms/{ROOM}/")
        expect(self.page.locator("#room-app")).to_have_attribute("data-state", "live")
        return self.page

    def message(self, text: str):
        page = self.page
        return page.locator(LOG).filter(has=page.locator(".msg__body", has_text=text))

    def write(self, text: str) -> None:
        """Another person writing (keyboard too, though only the reader is under test)."""
        self.page.locator("#room-composer-body").fill(text)
        self.page.locator("#room-composer-body").press("Control+Enter")

    def spoken(self) -> list[str]:
        return self.page.evaluate("window.__spoken")

    def focused(self, selector: str) -> bool:
        return self.page.evaluate("(s) => document.activeElement.matches(s)", selector)

    def tab_to(self, selector: str, *, back: bool = False, limit: int = 80) -> None:
        """Press Tab (Shift+Tab) until the focus is on `selector`."""
        for _ in range(limit):
            if self.focused(selector):
                return
            self.page.keyboard.press("Shift+Tab" if back else "Tab")
        raise AssertionError(f"Tab never reached {selector}")

    def assert_focus_visible(self) -> None:
        found = self.page.evaluate(FOCUS_CONTRAST)
        assert found["style"] != "none" and found["width"] >= 2, found
        assert found["ratio"] >= 3, found


def test_a_reader_takes_part_with_the_keyboard_only(browser: Browser, server: Site) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    me = Reader(browser, server, "tourism@example.jp")
    other = Reader(browser, server, "chamber@example.jp")
    page = me.page
    page.emulate_media(reduced_motion="reduce")
    me.open_room()
    other.open_room()

    # Reduced motion: nothing animates, scrolling jumps.
    log = page.locator(".room-log")
    assert log.evaluate("n => getComputedStyle(n).scrollBehavior") == "auto"

    assert axe_findings(page) == []

    # Into the message list with Tab; its focus ring is visible.
    me.tab_to(".room-log")
    me.assert_focus_visible()

    # A new message from someone else is announced, once.
    heard = "駅前の案内板、英語と中国語から始めませんか。"
    other.write(heard)
    page.wait_for_function(
        "(text) => window.__spoken.some((said) => said.includes(text))", arg=heard
    )
    arrived = me.message(heard)
    expect(arrived).to_have_count(1)
    heard_id = arrived.get_attribute("data-id")

    # Arrows move between messages: up from the list to the newest, then up and down.
    page.keyboard.press("ArrowUp")
    assert me.focused(f"#msg-{heard_id}")
    me.assert_focus_visible()
    page.keyboard.press("ArrowUp")
    assert not me.focused(f"#msg-{heard_id}") and me.focused("li.msg[data-id]")
    page.keyboard.press("ArrowDown")
    assert me.focused(f"#msg-{heard_id}")
    # Someone reacts to the message the reader is on: it is drawn again, the focus stays on it.
    pray = other.message(heard).locator("[data-action='react'][data-emoji='🙏']")
    pray.focus()
    pray.press("Enter")
    expect(arrived.locator("[data-emoji='🙏'] .reaction__count")).to_have_text("1")
    assert me.focused(f"#msg-{heard_id}")

    # Home goes to the first message, far up: with reduced motion it is in view at once.
    page.keyboard.press("Home")
    first = page.locator(LOG).first
    assert me.focused(f"#msg-{first.get_attribute('data-id')}")
    in_view = first.evaluate(
        """(li) => { const box = li.getBoundingClientRect();
                     const frame = li.closest('.room-log').getBoundingClientRect();
                     return box.top >= frame.top - 1 && box.top < frame.bottom; }"""
    )
    assert in_view, "the first message was not scrolled to at once"
    assert page.evaluate("document.getAnimations().length") == 0
    page.keyboard.press("End")
    assert me.focused(f"#msg-{heard_id}")

    # React: Tab into the message reaches its reactions; Enter toggles; the focus stays.
    me.tab_to(f"#msg-{heard_id} [data-action='react'][data-emoji='👍']")
    me.assert_focus_visible()
    page.keyboard.press("Enter")
    expect(arrived.locator("[data-emoji='👍'] .reaction__count")).to_have_text("1")
    expect(other.message(heard).locator("[data-emoji='👍'] .reaction__count")).to_have_text("1")
    assert me.focused(f"#msg-{heard_id} [data-action='react'][data-emoji='👍']")

    # Reply: to the message's reply button, Enter, write, Ctrl+Enter.
    me.tab_to(f"#msg-{heard_id} [data-action='reply']")
    me.assert_focus_visible()
    page.keyboard.press("Enter")
    assert me.focused("#room-composer-body")
    me.assert_focus_visible()
    expect(page.locator(".room-composer__reply")).to_be_visible()
    reply = "観光協会も賛成です。まず英語版を作ります。"
    page.keyboard.type(reply)
    page.keyboard.press("Control+Enter")
    mine = me.message(reply)
    expect(mine).to_have_count(1)
    expect(other.message(reply).locator(".msg__quote")).to_contain_text("鈴木 一郎")

    # Edit my own message: Shift+Tab back into the list, Escape to the message, Tab to Edit.
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Escape")
    mine_id = mine.get_attribute("data-id")
    assert me.focused(f"#msg-{mine_id}"), "Escape from a message's buttons goes to it"
    me.tab_to(f"#msg-{mine_id} [data-action='edit']")
    me.assert_focus_visible()
    page.keyboard.press("Enter")
    assert me.focused(f"#msg-{mine_id} .msg__editor textarea")
    me.assert_focus_visible()
    edited = "観光協会も賛成です。英語版と中国語版を作ります。"
    page.keyboard.press("Control+A")
    page.keyboard.type(edited)
    page.keyboard.press("Control+Enter")
    expect(other.message(edited).locator(".msg__edited")).to_be_visible()
    expect(me.message(edited)).to_have_count(1)
    assert me.focused(f"#msg-{mine_id} [data-action='edit']")

    # Send with the Send button, reached with Tab.
    me.tab_to("#room-composer-body")
    sent = "来週の会議で案を出します。"
    page.keyboard.type(sent)
    me.tab_to("button.room-send")
    me.assert_focus_visible()
    page.keyboard.press("Enter")
    expect(other.message(sent)).to_have_count(1)
    expect(me.message(sent)).to_have_count(1)
    page.screenshot(path=str(ARTIFACTS / "room-keyboard-ja.png"), full_page=True)

    # Another new message: spoken once; the first was spoken exactly once, and the reader's
    # own messages and the reaction never.
    later = "では来週、資料を用意します。"
    other.write(later)
    page.wait_for_function(
        "(text) => window.__spoken.some((said) => said.includes(text))", arg=later
    )
    spoken = me.spoken()
    assert sum(heard in said for said in spoken) == 1, spoken
    assert sum(later in said for said in spoken) == 1, spoken
    assert not any(text in said for said in spoken for text in (reply, edited, sent)), spoken
    assert page.evaluate("document.getAnimations().length") == 0
    assert me.errors == [] and other.errors == []
    me.context.close()
    other.context.close()


def test_a_busy_room_is_summed_up_not_spoken_message_by_message(
    browser: Browser, server: Site
) -> None:
    me = Reader(browser, server, "tourism@example.jp")
    other = Reader(browser, server, "chamber@example.jp")
    page = me.open_room()
    other.open_room()
    burst = [f"連続した発言その{n}です。" for n in range(1, 6)]
    other.page.evaluate(
        "(bodies) => { for (const body of bodies) window.consortiumRoom.post(body, {}); }", burst
    )
    for text in burst:
        expect(me.message(text)).to_have_count(1)
    # Wait until every message of the burst has been accounted for, spoken or summed up.
    counted = """(burst) => window.__spoken.reduce((total, said) => {
        const summary = said.match(/新しい発言が(\\d+)件あります/);
        return total + (summary ? Number(summary[1]) : burst.some((b) => said.includes(b)) ? 1 : 0);
    }, 0) >= burst.length"""
    page.wait_for_function(counted, arg=burst)
    # A message after the burst is spoken on its own, after the quiet gap; nothing more of
    # the burst came meanwhile.
    after = "以上です。"
    other.write(after)
    page.wait_for_function("(text) => window.__spoken.some((s) => s.includes(text))", arg=after)
    spoken = me.spoken()
    summaries = [int(m.group(1)) for said in spoken if (m := SUMMARY.search(said))]
    singles = [said for said in spoken if any(text in said for text in burst)]
    assert summaries, f"a burst of five was spoken one by one: {spoken}"
    assert sum(summaries) + len(singles) == len(burst), spoken
    assert len(summaries) + len(singles) < len(burst), spoken
    assert sum(after in said for said in spoken) == 1 and not SUMMARY.search(spoken[-1])
    # What the live region says now is the last announcement.
    expect(page.locator("[data-room-announcer]")).to_contain_text(after)
    assert me.errors == [] and other.errors == []
    me.context.close()
    other.context.close()


# The text a reader sees with the readings (<rt>) left out.
WITHOUT_READINGS = """(body) => {
  const copy = body.cloneNode(true);
  copy.querySelectorAll("rt").forEach((rt) => rt.remove());
  return copy.textContent;
}"""

HOSTILE = (
    '<script>window.__pwned=1</script> <img src=x onerror="window.__pwned=2"> '
    "<ruby>漢<rt>かん</rt></ruby> &lt;b&gt; 絵文字😀👍🏽 "
    + "長" * 120
    + " Pneumonoultramicroscopicsilicovolcanoconiosis"
)


def test_messages_arriving_live_show_readings_to_a_reader_with_furigana_on(
    browser: Browser, server: Site
) -> None:
    ruby = Reader(browser, server, "tourism@example.jp", furigana=True)
    plain = Reader(browser, server, "resident@example.jp")
    writer = Reader(browser, server, "chamber@example.jp")
    with_ruby = ruby.open_room()
    without = plain.open_room()
    writer.open_room()
    # Messages already there, from the page and the hello, have readings too.
    expect(with_ruby.locator(f"{LOG} .msg__body ruby").first).to_be_visible()
    expect(without.locator(f"{LOG} .msg__body ruby")).to_have_count(0)

    text = "観光協会と駅前の案内板について相談します（ルーム1）。"
    writer.write(text)
    live = ruby.message("ルーム1")
    expect(live).to_have_count(1)
    expect(live.locator(".msg__body ruby").first).to_be_visible()
    readings = live.locator(".msg__body rt").all_text_contents()
    assert "えきまえ" in readings or "えき" in readings, readings
    # The reading is extra: the text without the <rt> reads as written.
    assert live.locator(".msg__body").evaluate(WITHOUT_READINGS) == text
    expect(plain.message("ルーム1").locator(".msg__body")).to_have_text(text)
    expect(plain.message("ルーム1").locator("ruby")).to_have_count(0)

    writer.write(HOSTILE)
    hostile = ruby.message("Pneumonoultramicroscopicsilicovolcanoconiosis")
    expect(hostile).to_have_count(1)
    body = hostile.locator(".msg__body")
    expect(body.locator("ruby").first).to_be_visible()
    expect(body.locator("script, img")).to_have_count(0)
    shown = body.evaluate(WITHOUT_READINGS)
    assert "<script>window.__pwned=1</script>" in shown
    assert "<ruby>漢<rt>かん</rt></ruby>" in shown  # typed markup is text, escaped once
    assert "&lt;b&gt;" in shown and "&amp;" not in shown
    assert "😀👍🏽" in shown and "長" * 120 in shown
    assert with_ruby.evaluate("window.__pwned") is None
    plain_body = plain.message("Pneumonoultramicroscopicsilicovolcanoconiosis").locator(
        ".msg__body"
    )
    expect(plain_body.locator("ruby, script, img")).to_have_count(0)
    assert without.evaluate("window.__pwned") is None
    with_ruby.screenshot(path=str(ARTIFACTS / "room-furigana-ja.png"), full_page=True)
    assert axe_findings(with_ruby) == []
    assert ruby.errors == [] and plain.errors == [] and writer.errors == []
    for person in (ruby, plain, writer):
        person.context.close()


def test_the_room_in_english_passes_axe_and_explains_its_keys(
    browser: Browser, server: Site
) -> None:
    me = Reader(browser, server, "coop@example.jp")
    page = me.page
    page.goto(f"{me.site}/en/dialogue/rooms/{ROOM}/")
    expect(page.locator("#room-app")).to_have_attribute("data-state", "live")
    expect(page.locator("#room-log-keys")).to_contain_text("arrow keys")
    assert page.locator(".room-log").get_attribute("aria-describedby") == "room-log-keys"
    assert axe_findings(page) == []
    me.tab_to(".room-log")
    page.keyboard.press("ArrowUp")
    assert me.focused(f"{LOG}:last-child")
    me.assert_focus_visible()
    assert me.errors == []
    me.context.close()

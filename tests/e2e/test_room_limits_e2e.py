"""The composer follows the limits the server announces, not a copy of its own.

A server started with DIALOGUE_MAX_BODY_CHARS=120 (instead of 4000): the page's composer
takes that limit as its maxlength, counts down towards it, refuses a longer body with the
server's own words, and sends one of exactly that length.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, expect

from .room_fixtures import Site, running_site
from .test_room_e2e import LOG, Person

pytestmark = pytest.mark.e2e

LIMIT = 120


@pytest.fixture(scope="module")
def small_server(tmp_path_factory) -> Iterator[Site]:
    folder = tmp_path_factory.mktemp("room-limits")
    with running_site(folder, DIALOGUE_MAX_BODY_CHARS=str(LIMIT)) as site:
        yield site


def test_the_composer_follows_the_servers_body_limit(browser: Browser, small_server: Site):
    coop = Person(browser, small_server.url, "coop@example.jp")
    page = coop.open_room()
    assert page.evaluate("window.consortiumRoom.limits.body") == LIMIT
    composer = page.locator("#room-composer-body")
    expect(composer).to_have_attribute("maxlength", str(LIMIT))

    # Near the limit the composer counts down (the last eighth of it).
    composer.fill("あ" * (LIMIT - 10))
    expect(page.locator("#room-composer-count")).to_have_text(re.compile(r"残り\s*10\s*文字"))
    composer.fill("あ" * (LIMIT - 40))
    expect(page.locator("#room-composer-count")).to_have_text("")

    # Typing stops at the limit.
    composer.evaluate("(node, text) => { node.value = text; }", "い" * (LIMIT - 1))
    composer.press_sequentially("いう")
    expect(composer).to_have_value("い" * LIMIT)
    expect(page.locator("#room-composer-count")).to_have_text(re.compile(r"残り\s*0\s*文字"))

    # A longer body put there by a script is refused with the server's text and the limit.
    composer.evaluate(
        "(node, text) => { node.value = text; node.dispatchEvent(new Event('input')); }",
        "う" * (LIMIT + 1),
    )
    page.locator("button.room-send").click()
    expect(page.locator(".room-error")).to_be_visible()
    expect(page.locator(".room-error")).to_contain_text(f"最大{LIMIT}文字")
    expect(page.locator("li.msg--pending")).to_have_count(0)
    assert coop.outbox() == []

    # Exactly the limit goes through, and the editor of the sent message has the same limit.
    text = "え" * (LIMIT - 1) + "!"
    composer.fill(text)
    page.locator("button.room-send").click()
    sent = page.locator(LOG).filter(has=page.locator(".msg__body", has_text=text))
    expect(sent).to_have_count(1)
    assert coop.stored_count(text) == 1
    sent_id = sent.get_attribute("id")
    sent.locator('[data-action="edit"]').click()
    editor = page.locator(f"#{sent_id} .msg__editor textarea")
    expect(editor).to_have_attribute("maxlength", str(LIMIT))
    assert coop.errors == []
    coop.context.close()

"""City staff record a decision-turned-action from a message in the Wagtail admin, the way
they would: Dialogue → Messages, the button on the message's row, the form, then mark it done on
the session's list. Read back from the database."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .conftest import Site, add_people, query, signed_in_tab
from .test_roles_e2e import STAFF_GROUPS

pytestmark = pytest.mark.e2e

EMAIL = "outcomes-staff@example.jp"
CLOSED_MESSAGE = (
    "__import__('dialogue.models').models.Message.objects.filter("
    "room__session__status='closed', hidden=False, deleted=False).order_by('pk')"
    ".values_list('pk', 'room_id', 'room__session_id').first()"
)


def test_staff_record_an_action_from_a_message_and_mark_it_done(site: Site, browser):
    add_people(site, (EMAIL, "役割 職員", STAFF_GROUPS))
    tab = signed_in_tab(browser, site, EMAIL, two_step=True)
    message, room, session = query(site, CLOSED_MESSAGE)

    tab.goto(f"{site.url}/admin/snippets/dialogue/message/?room={room}")
    row = tab.locator("tr", has=tab.locator(f'a[href$="/message/edit/{message}/"]'))
    row.get_by_role("link", name="決定・アクションとして記録する").click()
    tab.wait_for_url(re.compile(rf".*/admin/dialogue/sessions/{session}/outcomes/new/\?message="))

    tab.get_by_label("アクション", exact=True).check()
    tab.fill("#id_text", "回収拠点の候補を一覧にする")
    tab.select_option("#id_owner", index=1)
    tab.fill("#id_due_on", "2027-02-15")
    tab.get_by_role("button", name="記録する").click()
    tab.wait_for_url(re.compile(rf".*/admin/dialogue/sessions/{session}/outcomes/$"))
    expect(tab.get_by_role("link", name="編集: 回収拠点の候補を一覧にする")).to_be_visible()

    stored = query(
        site,
        "list(__import__('dialogue.models').models.Outcome.objects.filter("
        "text='回収拠点の候補を一覧にする').values_list('kind', 'message_id', 'due_on__month'))",
    )
    assert stored == [["action", message, 2]]

    row = tab.locator("tr", has_text="回収拠点の候補を一覧にする")
    row.get_by_label("やったことのメモ").fill("3か所に絞りました")
    row.get_by_role("button", name="完了にする").click()
    expect(tab.get_by_text("アクションを完了にしました。")).to_be_visible()
    done = query(
        site,
        "__import__('dialogue.models').models.Outcome.objects.get("
        "text='回収拠点の候補を一覧にする').done_note",
    )
    assert done == "3か所に絞りました"

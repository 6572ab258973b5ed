"""Each role does its job through the interface, signed in as the demo account, no superuser.

Roles with power over others (staff, moderators, leadership, reviewers) first set up an
authenticator with a real TOTP code, the way a person does (conftest.set_up_two_step).
What the browser did is then read back from the database (Site.manage shell).
"""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect

from .conftest import Site, set_up_two_step, sign_in

pytestmark = pytest.mark.e2e


def _query(site: Site, code: str):
    out = site.manage("shell", "-v0", "-c", f"import json; print('OUT' + json.dumps({code}))")
    line = next(line for line in out.splitlines() if line.startswith("OUT"))
    return json.loads(line[3:])


def _person(browser, site: Site, email: str, two_step: bool = False):
    context = browser.new_context(locale="ja-JP", viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    sign_in(tab, site, email)
    if two_step:
        set_up_two_step(tab, site.url)
    return tab


def test_moderator_hides_in_the_room_after_setting_up_two_step(site: Site, browser):
    tab = _person(browser, site, "moderator@example.jp")
    tab.goto(f"{site.url}/ja/dialogue/rooms/open-forum/")
    expect(tab.locator("#room-app")).to_have_attribute("data-state", "live")
    target = tab.locator("li.msg[data-id]").filter(has=tab.locator("[data-action='hide']")).first
    target_id = target.get_attribute("data-id")
    target.locator("[data-action='hide']").click()
    reason = tab.locator(f"#msg-{target_id} input[name='reason']")
    reason.fill("荒らし投稿のため")
    reason.press("Enter")
    # Refused with a reason and a link; the request is kept for "try again".
    error = tab.locator(".room-error")
    expect(error).to_contain_text("2段階認証")
    link = error.get_by_role("link", name="2段階認証を設定する")
    expect(link).to_have_attribute("href", "/ja/accounts/2fa/totp/activate/")
    assert not _query(
        site, f"__import__('dialogue.models').models.Message.objects.get(pk={target_id}).hidden"
    )
    setup = tab.context.new_page()
    set_up_two_step(setup, site.url)
    setup.close()
    error.get_by_role("button", name="もう一度試す").click()
    expect(tab.locator(f"#msg-{target_id} .msg__moderation")).to_contain_text("荒らし投稿のため")
    assert _query(
        site,
        "(lambda m: [m.hidden, m.hidden_reason])("
        f"__import__('dialogue.models').models.Message.objects.get(pk={target_id}))",
    ) == [True, "荒らし投稿のため"]


def test_leadership_acknowledges(site: Site, browser):
    tab = _person(browser, site, "cdo@example.jp", two_step=True)
    tab.goto(f"{site.url}/ja/dialogue/rooms/open-forum/")
    expect(tab.locator("#room-app")).to_have_attribute("data-state", "live")
    button = tab.locator("[data-action='acknowledge'][aria-pressed='false']").first
    target_id = button.locator("xpath=ancestor::li[@data-id]").get_attribute("data-id")
    button.click()
    expect(tab.locator(f"#msg-{target_id}")).to_have_class(re.compile(r"\bmsg--official\b"))
    assert _query(
        site,
        "list(__import__('dialogue.models').models.Acknowledgement.objects"
        f".filter(message_id={target_id}).values_list('user__email', flat=True))",
    ) == ["cdo@example.jp"]


def test_representative_manages_members(site: Site, browser):
    tab = _person(browser, site, "chamber@example.jp")
    tab.goto(f"{site.url}/ja/members/organizations/chamber-of-commerce/")
    membership = _query(
        site,
        "__import__('members.models').models.Membership.objects"
        ".get(user__email='chamber-member@example.jp').pk",
    )
    role = tab.locator(f"#role-{membership}")
    role.select_option("editor")
    role.locator("xpath=ancestor::form").locator("button[type=submit]").click()
    tab.wait_for_load_state("load")
    assert (
        _query(
            site,
            "__import__('members.models').models.Membership.objects"
            ".get(user__email='chamber-member@example.jp').role",
        )
        == "editor"
    )
    # Another organisation's management page is refused.
    response = tab.goto(f"{site.url}/ja/members/organizations/agricultural-coop/")
    assert response.status == 403


def test_editor_edits_own_organisation_page_and_not_anothers(site: Site, browser):
    tab = _person(browser, site, "chamber-editor@example.jp")
    own, other = _query(
        site,
        "[__import__('cms.models').models.OrganizationPage.objects"
        ".get(organization__slug=s, locale__language_code='ja').pk"
        " for s in ('chamber-of-commerce', 'agricultural-coop')]",
    )
    tab.goto(f"{site.url}/admin/pages/{own}/edit/")
    tab.fill("#id_lead", "商工会からのお知らせ（編集者が更新）")
    tab.locator("button.action-save").first.click()
    tab.wait_for_load_state("load")
    assert (
        _query(
            site,
            "__import__('cms.models').models.OrganizationPage.objects"
            f".get(pk={own}).get_latest_revision_as_object().lead",
        )
        == "商工会からのお知らせ（編集者が更新）"
    )
    tab.goto(f"{site.url}/admin/pages/{other}/edit/")
    assert "/admin/pages/" not in tab.url or "権限" in tab.content() or tab.url.endswith("/admin/")
    assert (
        _query(
            site,
            "__import__('cms.models').models.OrganizationPage.objects"
            f".get(pk={other}).get_latest_revision_as_object().lead",
        )
        != "商工会からのお知らせ（編集者が更新）"
    )


def test_reviewer_approves_a_pilot_in_the_workflow(site: Site, browser):
    pk = _query(
        site,
        "(lambda P, U: (lambda page: (page.save_revision(user=U), "
        "page.get_workflow().start(page, U), page.pk)[-1])("
        "P.objects.filter(locale__language_code='ja', live=True).first()))("
        "__import__('cms.models').models.PilotPage, "
        "__import__('members.models').models.User.objects.get(email='staff@example.jp'))",
    )
    tab = _person(browser, site, "dx-reviewer@example.jp", two_step=True)
    tab.goto(f"{site.url}/admin/pages/{pk}/edit/")
    approve = tab.locator(
        "button[data-workflow-action-name='approve']:not([data-workflow-action-modal-url])"
    )
    if not approve.is_visible():
        tab.locator("footer [data-w-dropdown-target='toggle']").last.click()
    approve.click()
    tab.wait_for_load_state("load")
    assert _query(
        site,
        "__import__('cms.models').models.PilotPage.objects"
        f".get(pk={pk}).current_workflow_state is None",
    )

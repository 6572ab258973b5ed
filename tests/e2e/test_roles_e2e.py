"""Each role does its job through the interface, signed in as the demo account, no superuser.

Roles with power over others (staff, moderators, leadership, reviewers) first set up an
authenticator with a real TOTP code, the way a person does (conftest.set_up_two_step).
What the browser did is then read back from the database (Site.manage shell).
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from members import roles

from .conftest import Site, add_people, query, set_up_two_step, signed_in_tab

pytestmark = pytest.mark.e2e


STAFF_GROUPS = [roles.CITY_STAFF, roles.MODERATORS]


def test_moderator_hides_in_the_room_after_setting_up_two_step(site: Site, browser):
    tab = signed_in_tab(browser, site, "moderator@example.jp")
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
    assert not query(
        site, f"__import__('dialogue.models').models.Message.objects.get(pk={target_id}).hidden"
    )
    setup = tab.context.new_page()
    set_up_two_step(setup, site.url)
    setup.close()
    error.get_by_role("button", name="もう一度試す").click()
    expect(tab.locator(f"#msg-{target_id} .msg__moderation")).to_contain_text("荒らし投稿のため")
    assert query(
        site,
        "(lambda m: [m.hidden, m.hidden_reason])("
        f"__import__('dialogue.models').models.Message.objects.get(pk={target_id}))",
    ) == [True, "荒らし投稿のため"]


def test_leadership_acknowledges(site: Site, browser):
    tab = signed_in_tab(browser, site, "cdo@example.jp", two_step=True)
    tab.goto(f"{site.url}/ja/dialogue/rooms/open-forum/")
    expect(tab.locator("#room-app")).to_have_attribute("data-state", "live")
    button = tab.locator("[data-action='acknowledge'][aria-pressed='false']").first
    target_id = button.locator("xpath=ancestor::li[@data-id]").get_attribute("data-id")
    button.click()
    expect(tab.locator(f"#msg-{target_id}")).to_have_class(re.compile(r"\bmsg--official\b"))
    assert query(
        site,
        "list(__import__('dialogue.models').models.Acknowledgement.objects"
        f".filter(message_id={target_id}).values_list('user__email', flat=True))",
    ) == ["cdo@example.jp"]


def test_representative_manages_members(site: Site, browser):
    tab = signed_in_tab(browser, site, "chamber@example.jp")
    tab.goto(f"{site.url}/ja/members/organizations/chamber-of-commerce/")
    membership = query(
        site,
        "__import__('members.models').models.Membership.objects"
        ".get(user__email='chamber-member@example.jp').pk",
    )
    role = tab.locator(f"#role-{membership}")
    role.select_option("editor")
    role.locator("xpath=ancestor::form").locator("button[type=submit]").click()
    tab.wait_for_load_state("load")
    assert (
        query(
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
    tab = signed_in_tab(browser, site, "chamber-editor@example.jp")
    own, other = query(
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
        query(
            site,
            "__import__('cms.models').models.OrganizationPage.objects"
            f".get(pk={own}).get_latest_revision_as_object().lead",
        )
        == "商工会からのお知らせ（編集者が更新）"
    )
    tab.goto(f"{site.url}/admin/pages/{other}/edit/")
    assert "/admin/pages/" not in tab.url or "権限" in tab.content() or tab.url.endswith("/admin/")
    assert (
        query(
            site,
            "__import__('cms.models').models.OrganizationPage.objects"
            f".get(pk={other}).get_latest_revision_as_object().lead",
        )
        != "商工会からのお知らせ（編集者が更新）"
    )


def test_reviewer_approves_a_pilot_in_the_workflow(site: Site, browser):
    pk = query(
        site,
        "(lambda P, U: (lambda page: (page.save_revision(user=U), "
        "page.get_workflow().start(page, U), page.pk)[-1])("
        "P.objects.filter(locale__language_code='ja', live=True).first()))("
        "__import__('cms.models').models.PilotPage, "
        "__import__('members.models').models.User.objects.get(email='staff@example.jp'))",
    )
    tab = signed_in_tab(browser, site, "dx-reviewer@example.jp", two_step=True)
    tab.goto(f"{site.url}/admin/pages/{pk}/edit/")
    approve = tab.locator(
        "button[data-workflow-action-name='approve']:not([data-workflow-action-modal-url])"
    )
    if not approve.is_visible():
        tab.locator("footer [data-w-dropdown-target='toggle']").last.click()
    approve.click()
    tab.wait_for_load_state("load")
    assert query(
        site,
        "__import__('cms.models').models.PilotPage.objects"
        f".get(pk={pk}).current_workflow_state is None",
    )


def test_staff_schedule_open_close_a_session_and_moderate_in_the_admin(site: Site, browser):
    # A staff member of its own: the room tests set up staff@example.jp's authenticator.
    add_people(site, ("roles-staff@example.jp", "役割 職員", STAFF_GROUPS))
    tab = signed_in_tab(browser, site, "roles-staff@example.jp", two_step=True)
    tab.goto(f"{site.url}/ja/dialogue/")
    tab.get_by_role("link", name="セッションを予定する").click()
    tab.wait_for_url(re.compile(r".*/admin/snippets/dialogue/dialoguesession/add/"))
    tab.fill("#id_title", "役割テストの対話")
    # Set the dates without focusing the fields: focus opens the admin's date picker, which
    # then lies over the save button.
    for field, value in (
        ("#id_starts_at", "2027-01-20 10:00"),
        ("#id_ends_at", "2027-01-20 12:00"),
    ):
        tab.locator(field).evaluate("(el, value) => { el.value = value; }", value)
    tab.select_option("#id_organiser", index=1)
    tab.select_option("#id_visibility", "private")
    tab.locator("button.action-save").first.click()
    tab.wait_for_url(re.compile(r".*/admin/snippets/dialogue/dialoguesession/(\?.*)?$"))
    pk = query(
        site,
        "__import__('dialogue.models').models.DialogueSession.objects"
        ".get(title='役割テストの対話').pk",
    )
    for status in ("live", "closed"):
        tab.goto(f"{site.url}/admin/snippets/dialogue/dialoguesession/edit/{pk}/")
        tab.select_option("#id_status", status)
        tab.locator("button.action-save").first.click()
        tab.wait_for_url(re.compile(r".*/admin/snippets/dialogue/dialoguesession/(\?.*)?$"))
        assert (
            query(
                site,
                f"__import__('dialogue.models').models.DialogueSession.objects.get(pk={pk}).status",
            )
            == status
        )

    # Hide a message with a reason, then show it again, in Dialogue → Messages.
    message = query(
        site,
        "__import__('dialogue.models').models.Message.objects"
        ".filter(hidden=False, deleted=False).order_by('pk').first().pk",
    )
    for hidden, reason in ((True, "個人情報を含むため"), (False, "確認のうえ再表示")):
        tab.goto(f"{site.url}/admin/snippets/dialogue/message/edit/{message}/")
        tab.locator("#id_hidden").set_checked(hidden)
        tab.fill("#id_hidden_reason", reason)
        tab.locator("button.action-save").first.click()
        tab.wait_for_url(re.compile(r".*/admin/snippets/dialogue/message/(\?.*)?$"))
        state = query(
            site,
            "(lambda m: [m.hidden, m.hidden_reason, m.hidden_by.email])("
            f"__import__('dialogue.models').models.Message.objects.get(pk={message}))",
        )
        assert state == [hidden, reason, "roles-staff@example.jp"]

"""Publishing: staff submit, a DX-office reviewer approves, partner editors only propose."""

from __future__ import annotations

import pytest

from django.contrib.auth.models import Group
from django.test import Client

from wagtail.models import Workflow

from cms.pilots.permissions import REVIEWERS, ensure_review_workflow, sync_pilot_editors
from members import roles
from members.models import Membership
from tests.members.factories import (
    AuthenticatorFactory,
    MembershipFactory,
    OrganizationFactory,
    UserFactory,
)

from .factories import PilotPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(pilot_indexes):
    workflow = ensure_review_workflow(pilot_indexes.values())
    staff = UserFactory()
    staff.groups.add(Group.objects.get(name=roles.CITY_STAFF))
    reviewer = UserFactory()
    reviewer.groups.add(Group.objects.get(name=REVIEWERS))
    partner = OrganizationFactory(slug="coop")
    outsider_org = OrganizationFactory(slug="other")
    editor = MembershipFactory(organization=partner, role=Membership.Role.EDITOR).user
    plain_member = MembershipFactory(organization=partner, role=Membership.Role.MEMBER).user
    other_editor = MembershipFactory(organization=outsider_org, role=Membership.Role.EDITOR).user
    pilot = PilotPageFactory(parent=pilot_indexes["ja"], partners=[{"organization": partner}])
    sync_pilot_editors(pilot)
    return {
        "workflow": workflow,
        "staff": staff,
        "reviewer": reviewer,
        "editor": editor,
        "member": plain_member,
        "other_editor": other_editor,
        "pilot": pilot,
        "index": pilot_indexes["ja"],
    }


def test_workflow_is_idempotent(setup) -> None:
    ensure_review_workflow([setup["index"]])
    assert Workflow.objects.filter(name="Pilot review").count() == 1
    assert setup["index"].get_workflow() == setup["workflow"]


def test_staff_submit_reviewer_approves_page_goes_live(setup) -> None:
    from cms.models import PilotPage

    staff, reviewer, index = setup["staff"], setup["reviewer"], setup["index"]
    draft = PilotPage(title="新しい実証", slug="new-pilot", summary="概要", live=False)
    index.add_child(instance=draft)
    assert index.permissions_for_user(staff).can_add_subpage()
    assert not draft.permissions_for_user(staff).can_publish()

    draft.save_revision(user=staff)
    workflow_state = draft.get_workflow().start(draft, staff)
    draft.refresh_from_db()
    assert not draft.live
    assert workflow_state.status == "in_progress"

    task_state = workflow_state.current_task_state
    task = task_state.task.specific
    assert [a[0] for a in task.get_actions(draft, staff)] == []  # staff cannot approve
    assert "approve" in [a[0] for a in task.get_actions(draft, reviewer)]
    task.on_action(task_state, reviewer, "approve")
    draft.refresh_from_db()
    assert draft.live
    workflow_state.refresh_from_db()
    assert workflow_state.status == "approved"


def test_partner_editor_may_edit_and_submit_but_never_publish(setup) -> None:
    pilot, editor = setup["pilot"], setup["editor"]
    permissions = pilot.permissions_for_user(editor)
    assert permissions.can_edit()
    assert not permissions.can_publish()
    assert not setup["index"].permissions_for_user(editor).can_add_subpage()
    # Their proposal goes to review, not live.
    pilot.title = "提案された変更"
    pilot.save_revision(user=editor)
    state = pilot.get_workflow().start(pilot, editor)
    pilot.refresh_from_db()
    assert pilot.title != "提案された変更"
    assert state.status == "in_progress"


def test_editor_sees_submit_not_publish_in_the_admin(client: Client, setup) -> None:
    client.force_login(setup["editor"])
    response = client.get(f"/admin/pages/{setup['pilot'].pk}/edit/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="action-submit"' in html
    assert 'name="action-publish"' not in html


def test_editor_cannot_publish_through_the_admin(client: Client, setup) -> None:
    pilot, editor = setup["pilot"], setup["editor"]
    live_title = pilot.title
    pilot.title = "編集者の下書き"
    pilot.save_revision(user=editor)
    client.force_login(editor)
    client.post(f"/admin/bulk/wagtailcore/page/publish/?id={pilot.pk}", {"id": [pilot.pk]})
    pilot.refresh_from_db()
    assert pilot.title == live_title
    assert pilot.has_unpublished_changes


def test_outsiders_cannot_edit(setup) -> None:
    pilot = setup["pilot"]
    for user in (setup["member"], setup["other_editor"]):
        assert not pilot.permissions_for_user(user).can_edit()


def test_editor_rights_follow_membership_and_partnership(setup) -> None:
    pilot, editor = setup["pilot"], setup["editor"]
    Membership.objects.filter(user=editor).update(status=Membership.Status.LEFT)
    membership = Membership.objects.get(user=editor)
    membership.save()  # signals resync the group
    editor = type(editor).objects.get(pk=editor.pk)
    assert not pilot.permissions_for_user(editor).can_edit()

    other = setup["other_editor"]
    pilot.partners.all().delete()
    pilot.save_revision().publish()
    sync_pilot_editors(pilot)
    assert not pilot.permissions_for_user(other).can_edit()


def test_city_staff_publish_site_pages_but_pilots_only_through_the_review(
    client: Client, setup
) -> None:
    from cms.home.models import StandardPage

    staff, reviewer, pilot, index = (
        setup["staff"],
        setup["reviewer"],
        setup["pilot"],
        setup["index"],
    )
    home = index.get_parent().specific
    about = home.add_child(instance=StandardPage(title="このサイトについて", slug="about"))
    for page in (home, about):
        permissions = page.permissions_for_user(staff)
        assert permissions.can_edit() and permissions.can_publish(), page
    for page in (index, pilot):
        assert page.permissions_for_user(staff).can_edit()
        assert not page.permissions_for_user(staff).can_publish()
        assert page.permissions_for_user(reviewer).can_publish()
    assert not index.permissions_for_user(staff).can_publish_subpage()
    assert index.permissions_for_user(reviewer).can_publish_subpage()

    AuthenticatorFactory(user=staff)  # staff reach the admin with two-step verification
    client.force_login(staff)
    html = client.get(f"/admin/pages/{pilot.pk}/edit/").content.decode()
    assert 'name="action-submit"' in html and 'name="action-publish"' not in html
    live_title = pilot.title
    pilot.title = "職員の下書き"
    pilot.save_revision(user=staff)
    client.post(f"/admin/bulk/wagtailcore/page/publish/?id={pilot.pk}", {"id": [pilot.pk]})
    pilot.refresh_from_db()
    assert pilot.title == live_title

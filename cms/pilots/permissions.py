"""Who may change pilot pages, expressed as Wagtail page permissions and a workflow.

City staff draft pilots and submit them; the DX office's reviewers approve, which publishes.
Editors of a partner organisation may edit (and so propose changes to) the pilots their
organisation takes part in, and never publish: their group gets `change` on those pages only.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from wagtail.models import (
    GroupApprovalTask,
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from members import roles
from members.models import Membership, Organization

from .pages import PilotPage, PilotPartner

REVIEWERS = "DX office reviewers"
EDITOR_GROUP_PREFIX = "Pilot editors: "
WORKFLOW_NAME = "Pilot review"
TASK_NAME = "DX office review"

STAFF_MODEL_PERMISSIONS = [
    ("cms", "view_indicator"),
    ("cms", "change_indicator"),
    ("cms", "add_measurement"),
    ("cms", "change_measurement"),
    ("cms", "delete_measurement"),
    ("cms", "view_measurement"),
]


def _access_admin() -> Permission:
    return Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")


def _grant(group: Group, page: Page, kinds: Iterable[str]) -> None:
    for kind in kinds:
        permission = Permission.objects.get(
            content_type__app_label="wagtailcore", codename=f"{kind}_page"
        )
        GroupPagePermission.objects.get_or_create(group=group, page=page, permission=permission)


@transaction.atomic
def ensure_review_workflow(index_pages: Iterable[Page]) -> Workflow:
    """Idempotent: groups, page permissions and the one-step review workflow."""
    reviewers, _ = Group.objects.get_or_create(name=REVIEWERS)
    reviewers.permissions.add(_access_admin())
    staff, _ = Group.objects.get_or_create(name=roles.CITY_STAFF)
    for app_label, codename in STAFF_MODEL_PERMISSIONS:
        permission = Permission.objects.get(content_type__app_label=app_label, codename=codename)
        staff.permissions.add(permission)
        reviewers.permissions.add(permission)

    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=TASK_NAME)
    task.groups.set([reviewers])
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})

    for index in index_pages:
        _grant(staff, index, ["add", "change"])
        _grant(reviewers, index, ["add", "change", "publish"])
        WorkflowPage.objects.update_or_create(page=index, defaults={"workflow": workflow})
    return workflow


def editor_group(organization: Organization) -> Group:
    group, created = Group.objects.get_or_create(name=f"{EDITOR_GROUP_PREFIX}{organization.slug}")
    if created:
        group.permissions.add(_access_admin())
    return group


def sync_organization_editors(organization: Organization) -> None:
    """The organisation's group holds exactly its active editors and representatives."""
    group = editor_group(organization)
    users = [
        m.user_id
        for m in Membership.objects.filter(
            organization=organization,
            status=Membership.Status.ACTIVE,
            role__in=[Membership.Role.EDITOR, Membership.Role.REPRESENTATIVE],
        )
    ]
    group.user_set.set(users)


@transaction.atomic
def sync_pilot_editors(pilot: Page) -> None:
    """Give partner organisations' editor groups `change` on every translation of the pilot."""
    translations = list(PilotPage.objects.filter(translation_key=pilot.translation_key))
    organizations = Organization.objects.filter(
        pk__in=PilotPartner.objects.filter(
            page__in=translations, organization__isnull=False
        ).values("organization")
    )
    wanted = {editor_group(org).pk for org in organizations}
    change = Permission.objects.get(content_type__app_label="wagtailcore", codename="change_page")
    GroupPagePermission.objects.filter(
        page__in=translations, group__name__startswith=EDITOR_GROUP_PREFIX
    ).exclude(group_id__in=wanted).delete()
    for group_id in wanted:
        for page in translations:
            GroupPagePermission.objects.get_or_create(
                group_id=group_id, page=page, permission=change
            )

"""Who may change pilot pages, expressed as Wagtail page permissions and a workflow.

City staff draft pilots and submit them; the DX office's reviewers approve, which publishes.
Editors of a partner organisation may edit (and so propose changes to) the pilots their
organisation takes part in, and never publish: the organisation's one editors group
(OrganizationSpace.editors, see cms/organizations/spaces.py) gets `change` on those pages only.

The groups and the workflow are created by migration cms 0004; the functions here attach
them to pilot index pages as those are created (cms/signals.py) and repair, idempotently.
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
from members.models import Organization

from ..core.staff_pages import grant_page_permissions
from ..organizations.models import OrganizationSpace
from .pages import PilotPage, PilotPartner

REVIEWERS = roles.REVIEWERS
WORKFLOW_NAME = "Pilot review"
TASK_NAME = "DX office review"
INDEX_PERMISSIONS = {
    roles.CITY_STAFF: ("add", "change"),
    roles.REVIEWERS: ("add", "change", "publish"),
}


def review_workflow() -> Workflow:
    """The workflow of migration cms 0004 (made again if someone deleted it)."""
    reviewers, _ = Group.objects.get_or_create(name=REVIEWERS)
    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=TASK_NAME)
        task.groups.set([reviewers])
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    return workflow


def attach_pilot_index(index: Page, workflow: Workflow | None = None) -> Workflow:
    """A pilot index goes through review: staff submit, reviewers publish."""
    workflow = workflow or review_workflow()
    for name, kinds in INDEX_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        grant_page_permissions(group, index, kinds)
    WorkflowPage.objects.get_or_create(page=index, defaults={"workflow": workflow})
    return workflow


@transaction.atomic
def ensure_review_workflow(index_pages: Iterable[Page]) -> Workflow:
    """Idempotent repair: the workflow, attached to these pilot indexes."""
    workflow = review_workflow()
    for index in index_pages:
        attach_pilot_index(index, workflow)
    return workflow


def editor_group(organization: Organization) -> Group | None:
    """The organisation's one editors group (None for an organisation without a space)."""
    space = OrganizationSpace.objects.filter(organization=organization).first()
    return space.editors if space is not None else None


@transaction.atomic
def sync_pilot_editors(pilot: Page) -> None:
    """Give partner organisations' editors `change` on every translation of the pilot."""
    translations = list(PilotPage.objects.filter(translation_key=pilot.translation_key))
    wanted = set(
        OrganizationSpace.objects.filter(
            organization__is_active=True,
            organization__in=PilotPartner.objects.filter(
                page__in=translations, organization__isnull=False
            ).values("organization"),
        ).values_list("editors_id", flat=True)
    )
    change = Permission.objects.get(content_type__app_label="wagtailcore", codename="change_page")
    GroupPagePermission.objects.filter(
        page__in=translations, group__organization_space__isnull=False
    ).exclude(group_id__in=wanted).delete()
    for group_id in wanted:
        for page in translations:
            GroupPagePermission.objects.get_or_create(
                group_id=group_id, page=page, permission=change
            )

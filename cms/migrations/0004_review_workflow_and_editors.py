"""A city's publishing setup is data: the pilot review workflow and one editors group per
organisation exist after `migrate` on an empty database, without the demo.

- the *DX office reviewers* group (admin access, measurements), and staff's rights on
  measurements;
- the *Pilot review* workflow with its *DX office review* task for the reviewers, attached
  to every pilot index page (new ones get it from cms/signals.py);
- the old per-organisation *Pilot editors: <slug>* groups are merged into the organisation's
  one editors group (OrganizationSpace.editors, "Editors: <name>"): their page permissions
  move over, then the old group goes.
"""

from django.db import migrations

from members.grants import ensure_permissions, grant

REVIEWERS = "DX office reviewers"
CITY_STAFF = "City staff"
WORKFLOW_NAME = "Pilot review"
TASK_NAME = "DX office review"
OLD_PREFIX = "Pilot editors: "
MEASUREMENTS = [
    ("cms", "view_indicator"),
    ("cms", "change_indicator"),
    ("cms", "add_measurement"),
    ("cms", "change_measurement"),
    ("cms", "delete_measurement"),
    ("cms", "view_measurement"),
]
GRANTS = {
    REVIEWERS: [("wagtailadmin", "access_admin"), *MEASUREMENTS],
    CITY_STAFF: MEASUREMENTS,
}
INDEX_PERMISSIONS = {CITY_STAFF: ["add", "change"], REVIEWERS: ["add", "change", "publish"]}


def forwards(apps, schema_editor):
    ensure_permissions(apps)
    grant(apps, GRANTS)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    PilotIndexPage = apps.get_model("cms", "PilotIndexPage")
    OrganizationSpace = apps.get_model("cms", "OrganizationSpace")

    reviewers = Group.objects.get(name=REVIEWERS)
    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        content_type, _created = ContentType.objects.get_or_create(
            app_label="wagtailcore", model="groupapprovaltask"
        )
        task = GroupApprovalTask.objects.create(
            name=TASK_NAME, content_type=content_type, active=True
        )
    task.groups.add(reviewers)
    workflow = Workflow.objects.filter(name=WORKFLOW_NAME).first()
    if workflow is None:
        workflow = Workflow.objects.create(name=WORKFLOW_NAME, active=True)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})

    page_permission = {
        kind: Permission.objects.get(content_type__app_label="wagtailcore", codename=f"{kind}_page")
        for kind in ("add", "change", "publish")
    }
    for index in PilotIndexPage.objects.all():
        WorkflowPage.objects.update_or_create(page_id=index.pk, defaults={"workflow": workflow})
        for name, kinds in INDEX_PERMISSIONS.items():
            group = Group.objects.get(name=name)
            for kind in kinds:
                GroupPagePermission.objects.get_or_create(
                    group=group, page_id=index.pk, permission=page_permission[kind]
                )

    for old in Group.objects.filter(name__startswith=OLD_PREFIX):
        slug = old.name[len(OLD_PREFIX) :]
        space = OrganizationSpace.objects.filter(organization__slug=slug).first()
        if space is not None:
            for grant_row in GroupPagePermission.objects.filter(group=old):
                GroupPagePermission.objects.get_or_create(
                    group_id=space.editors_id,
                    page_id=grant_row.page_id,
                    permission_id=grant_row.permission_id,
                )
        GroupPagePermission.objects.filter(group=old).delete()
        old.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0003_merge_0002_organization_spaces_0002_pilots"),
        ("members", "0003_invitations_deleted_at"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]

"""Run inside a freshly migrated database (manage.py shell): what a city gets from `migrate`.

Prints one JSON object; tests/consortium/test_empty_database.py and the PostgreSQL
integration test compare it with what the roles need. Creates a few rows to see the
signals at work (an organisation's editors group, a pilot index's workflow).
"""

from __future__ import annotations

import json


def probe() -> None:
    from django.contrib.auth.models import Group

    from wagtail.models import GroupPagePermission, Page, Workflow

    from cms.models import PilotIndexPage
    from members.models import Membership, Organization, User

    found: dict = {
        "groups": {
            group.name: sorted(
                f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()
            )
            for group in Group.objects.prefetch_related("permissions__content_type")
        },
        "workflows": {
            workflow.name: [
                [task.name, sorted(task.specific.groups.values_list("name", flat=True))]
                for task in workflow.tasks.all()
            ]
            for workflow in Workflow.objects.filter(active=True)
        },
    }

    org = Organization.objects.create(name="probe団体", slug="probe", kind="other")
    other = Organization.objects.create(name="probe2", slug="probe2", kind="other")
    editor = User.objects.create_user("probe-editor@example.jp")
    membership = Membership.objects.create(user=editor, organization=org, role="editor")
    found["editors_groups"] = sorted(
        Group.objects.filter(name__startswith="Editors: ").values_list("name", flat=True)
    )
    found["editor_groups_of_user"] = sorted(editor.groups.values_list("name", flat=True))
    org.is_active = False
    org.save()
    found["after_org_deactivated"] = sorted(editor.groups.values_list("name", flat=True))
    org.is_active = True
    org.save()
    membership.status = Membership.Status.LEFT
    membership.save()
    found["after_membership_left"] = sorted(editor.groups.values_list("name", flat=True))
    found["old_pilot_editor_groups"] = Group.objects.filter(
        name__startswith="Pilot editors"
    ).count()
    del other

    index = Page.get_first_root_node().add_child(
        instance=PilotIndexPage(title="実証実験", slug="pilots-probe")
    )
    workflow = index.get_workflow()
    found["pilot_index_workflow"] = workflow.name if workflow else None
    found["pilot_index_permissions"] = sorted(
        f"{gpp.group.name}:{gpp.permission.codename}"
        for gpp in GroupPagePermission.objects.filter(page=index).select_related(
            "group", "permission"
        )
    )
    print("PROBE" + json.dumps(found, ensure_ascii=False))

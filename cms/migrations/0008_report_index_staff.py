"""City staff edit and publish session reports (they could draft them but not open them):
add, change and publish on the report indexes that exist. New ones get the same from
cms/reports/permissions.py."""

from django.db import migrations

from members.grants import ensure_permissions

KINDS = ("add", "change", "publish")


def forwards(apps, schema_editor):
    ensure_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    ReportIndexPage = apps.get_model("cms", "ReportIndexPage")
    staff, _created = Group.objects.get_or_create(name="City staff")
    for index in ReportIndexPage.objects.all():
        for kind in KINDS:
            permission = Permission.objects.get(
                content_type__app_label="wagtailcore", codename=f"{kind}_page"
            )
            GroupPagePermission.objects.get_or_create(
                group=staff, page_id=index.pk, permission=permission
            )


def backwards(apps, schema_editor):
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    ReportIndexPage = apps.get_model("cms", "ReportIndexPage")
    GroupPagePermission.objects.filter(
        group__name="City staff",
        page_id__in=ReportIndexPage.objects.values("pk"),
        permission__codename__in=[f"{kind}_page" for kind in KINDS],
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("cms", "0007_plain_japanese"), ("members", "0006_place_names")]

    operations = [migrations.RunPython(forwards, backwards)]

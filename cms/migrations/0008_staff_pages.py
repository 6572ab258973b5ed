"""City staff edit and publish the site's pages (they could draft session reports but not
open them, nor edit the home page): add, change and publish on each home page, and so on
everything below it. New home pages get the same from cms/core/staff_pages.py; pilot pages
keep publishing only through the review (cms/pilots/review.py)."""

from django.db import migrations

from members.grants import ensure_permissions

KINDS = ("add", "change", "publish")


def forwards(apps, schema_editor):
    ensure_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    homes = apps.get_model("cms", "HomePage").objects.values_list("pk", flat=True)
    staff, _created = Group.objects.get_or_create(name="City staff")
    for home in homes:
        for kind in KINDS:
            permission = Permission.objects.get(
                content_type__app_label="wagtailcore", codename=f"{kind}_page"
            )
            GroupPagePermission.objects.get_or_create(
                group=staff, page_id=home, permission=permission
            )


def backwards(apps, schema_editor):
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupPagePermission.objects.filter(
        group__name="City staff",
        page_id__in=apps.get_model("cms", "HomePage").objects.values("pk"),
        permission__codename__in=[f"{kind}_page" for kind in KINDS],
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("cms", "0007_plain_japanese"), ("members", "0006_place_names")]

    operations = [migrations.RunPython(forwards, backwards)]

"""City staff and moderators do their work in the Wagtail admin without superuser rights.

Staff schedule, open and close sessions (status), manage rooms, and hide or unhide messages
with a reason; moderators hide and unhide. Nobody adds messages in the admin: they are
written in rooms. Leadership acknowledges in rooms and needs no model permission.
"""

from django.db import migrations

from members.grants import grant, revoke

GRANTS = {
    "City staff": [
        ("dialogue", "add_dialoguesession"),
        ("dialogue", "change_dialoguesession"),
        ("dialogue", "view_dialoguesession"),
        ("dialogue", "add_room"),
        ("dialogue", "change_room"),
        ("dialogue", "view_room"),
        ("dialogue", "change_message"),
        ("dialogue", "view_message"),
    ],
    "Dialogue moderators": [
        ("dialogue", "view_dialoguesession"),
        ("dialogue", "view_room"),
        ("dialogue", "change_message"),
        ("dialogue", "view_message"),
    ],
}


def forwards(apps, schema_editor):
    grant(apps, GRANTS)


def backwards(apps, schema_editor):
    revoke(apps, GRANTS)


class Migration(migrations.Migration):
    dependencies = [
        ("dialogue", "0001_initial"),
        ("members", "0003_invitations_deleted_at"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]

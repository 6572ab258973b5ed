"""A city's setup comes from `migrate`: roles, permissions, the review workflow, editors groups.

Runs `manage.py migrate` on an empty SQLite database in a subprocess (no demo data, no test
fixtures), then tests/consortium/setup_probe.py inside it. The PostgreSQL variant is in
tests/integration/test_empty_postgres.py.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def migrate_and_probe(database_url: str, workdir: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        DJANGO_SETTINGS_MODULE="consortium.settings.dev",
        DATABASE_URL=database_url,
        MEDIA_ROOT=str(workdir / "media"),
        SECRET_KEY="empty-database-test-0123456789abcdefghijklmnopqrstuvwxyz",
    )
    env.pop("REDIS_URL", None)

    def manage(*args: str) -> str:
        done = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert done.returncode == 0, done.stderr[-3000:]
        return done.stdout

    manage("migrate", "--no-input", "-v0")
    out = manage("shell", "-v0", "-c", "from tests.consortium.setup_probe import probe; probe()")
    line = next(line for line in out.splitlines() if line.startswith("PROBE"))
    return json.loads(line[len("PROBE") :])


ROLE_PERMISSIONS = {
    "City staff": {
        "wagtailadmin.access_admin",
        "dialogue.add_dialoguesession",
        "dialogue.change_dialoguesession",
        "dialogue.add_room",
        "dialogue.change_room",
        "dialogue.change_message",
        "members.change_organization",
        "members.change_membership",
        "cms.add_measurement",
    },
    "Dialogue moderators": {
        "wagtailadmin.access_admin",
        "dialogue.change_message",
        "dialogue.view_message",
        "dialogue.view_room",
    },
    "Leadership": set(),
    "DX office reviewers": {"wagtailadmin.access_admin", "cms.change_measurement"},
}


def check_setup(found: dict) -> None:
    for group, needed in ROLE_PERMISSIONS.items():
        assert group in found["groups"], group
        assert needed <= set(found["groups"][group]), (group, needed - set(found["groups"][group]))
    # Nobody but staff schedules; moderators never add or delete messages in the admin.
    assert "dialogue.add_dialoguesession" not in found["groups"]["Dialogue moderators"]
    assert "dialogue.add_message" not in found["groups"]["City staff"]
    assert found["groups"]["Leadership"] == []
    assert found["workflows"]["Pilot review"] == [["DX office review", ["DX office reviewers"]]]
    assert found["editors_groups"] == ["Editors: probe2", "Editors: probe団体"]
    assert found["editor_groups_of_user"] == ["Editors: probe団体"]
    assert found["after_org_deactivated"] == []
    assert found["after_membership_left"] == []
    assert found["old_pilot_editor_groups"] == 0
    assert found["pilot_index_workflow"] == "Pilot review"
    assert set(found["pilot_index_permissions"]) == {
        "City staff:add_page",
        "City staff:change_page",
        "DX office reviewers:add_page",
        "DX office reviewers:change_page",
        "DX office reviewers:publish_page",
    }


def test_an_empty_sqlite_database_gets_every_role_and_the_workflow(tmp_path) -> None:
    check_setup(migrate_and_probe(f"sqlite:///{tmp_path / 'empty.sqlite3'}", tmp_path))

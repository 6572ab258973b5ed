"""The empty-database setup test on PostgreSQL (see tests/consortium/test_empty_database.py)."""

from __future__ import annotations

from tests.consortium.test_empty_database import check_setup, migrate_and_probe
from tests.support.servers import postgres_database


def test_an_empty_postgresql_database_gets_every_role_and_the_workflow(tmp_path) -> None:
    with postgres_database("consortium_empty") as url:
        check_setup(migrate_and_probe(url, tmp_path))

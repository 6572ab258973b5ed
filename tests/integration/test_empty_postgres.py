"""The empty-database setup test on PostgreSQL (see tests/consortium/test_empty_database.py)."""

from __future__ import annotations

import os

import pytest

from tests.consortium.test_empty_database import check_setup, migrate_and_probe
from tests.integration.conftest import PG_ADMIN_URL


def test_an_empty_postgresql_database_gets_every_role_and_the_workflow(tmp_path) -> None:
    import psycopg

    name = f"consortium_empty_{os.getpid()}"
    try:
        admin = psycopg.connect(PG_ADMIN_URL, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as error:
        pytest.fail(f"PostgreSQL is required for the integration tests: {error}")
    admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
    admin.execute(f'CREATE DATABASE "{name}"')
    try:
        base = PG_ADMIN_URL.rsplit("/", 1)[0]
        check_setup(migrate_and_probe(f"{base}/{name}", tmp_path))
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()

"""The production column for real: PostgreSQL, Redis and several Daphne processes.

These fixtures fail, never skip, when PostgreSQL or Redis cannot be reached: `make test`
(through .ci/services) starts them first. The servers come from tests/support/.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.servers import HarnessError, Site, postgres_database, redis_database, site_env


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/integration/" in str(item.path):
            item.add_marker(pytest.mark.integration)


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A fresh PostgreSQL database for this run, dropped afterwards."""
    try:
        with postgres_database("consortium_it") as url:
            yield url
    except HarnessError as error:
        pytest.fail(f"PostgreSQL is required for the integration tests: {error}")


@pytest.fixture(scope="session")
def redis_url() -> str:
    """This checkout's Redis database (TEST_REDIS_DB), emptied first."""
    try:
        return redis_database()
    except HarnessError as error:
        pytest.fail(f"Redis is required for the integration tests: {error}")


@pytest.fixture(scope="session")
def cluster(postgres_url: str, redis_url: str, tmp_path_factory) -> Iterator[Site]:
    """Two Daphne processes with the production settings sharing one PostgreSQL database
    and one Redis channel layer, seeded with the demo data."""
    workdir = tmp_path_factory.mktemp("cluster")
    env = site_env(
        workdir,
        settings="consortium.settings.production",
        database_url=postgres_url,
        redis_url=redis_url,
        SECURE_SSL_REDIRECT="false",
        SECURE_COOKIES="false",
        EMAIL_URL="dummymail://",
        STATIC_ROOT=str(workdir / "static"),
    )
    site = Site(workdir, env).prepare(collectstatic=True)
    try:
        for number in range(2):
            site.serve(f"daphne-{number}", options=("--proxy-headers",))
        yield site
    finally:
        site.stop()

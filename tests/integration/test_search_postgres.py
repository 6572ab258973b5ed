"""The issue's Japanese search examples on PostgreSQL, and the same answers as on SQLite.

A fresh PostgreSQL database is migrated and given the rows of tests/cms/search/examples.py,
and the site's search runs in `manage.py shell`; the same rows and queries run here on the
test SQLite database, and both must answer alike: the examples, hostile queries, a title
ranked above a body, the count and hits when ranking is capped, hidden and rejected
proposals never found, and as many queries for 2 matching proposals as for 32."""

from __future__ import annotations

import json

import pytest

from tests.cms.search import examples
from tests.cms.search.examples import EXAMPLES
from tests.cms.search.test_examples import check
from tests.support.servers import Site, postgres_database, site_env


def run_examples(workdir, database_url: str) -> dict:
    site = Site(workdir, site_env(workdir, database_url=database_url))
    site.manage("migrate", "--no-input", "-v0")
    out = site.shell("from tests.cms.search.examples import main; main()")
    line = next(x for x in out.splitlines() if x.startswith("EXAMPLES "))
    return json.loads(line.removeprefix("EXAMPLES "))


@pytest.mark.django_db
def test_examples_find_the_same_on_postgresql_as_on_sqlite(tmp_path) -> None:
    with postgres_database("consortium_search") as url:
        postgres = run_examples(tmp_path, url)
    examples.create()
    sqlite = examples.run()
    check(postgres)
    check(sqlite)
    for query, _title in EXAMPLES:
        assert sorted(postgres["found"][query]) == sorted(sqlite["found"][query]), query
        assert postgres["found"][query][0] == sqlite["found"][query][0], query
    for key in ("hostile", "ranking", "all_kinds", "capped"):
        assert postgres[key] == sqlite[key], key

"""The issue's Japanese search examples on PostgreSQL, and the same answers as on SQLite.

A fresh PostgreSQL database is migrated and given the rows of tests/cms/search/examples.py,
and the site's search runs in `manage.py shell`; the same rows and queries run here on the
test SQLite database, and both must answer alike."""

from __future__ import annotations

import json

import pytest

from tests.cms.search import examples
from tests.cms.search.examples import EXAMPLES, NOISE
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
    for query, title in EXAMPLES:
        assert title in postgres["found"][query], (query, postgres["found"][query])
        assert NOISE not in postgres["found"][query]
        assert "観光の下書き" not in postgres["found"][query]
        assert sorted(postgres["found"][query]) == sorted(sqlite["found"][query]), query
        assert postgres["found"][query][0] == sqlite["found"][query][0], query
    assert postgres["hostile"] == sqlite["hostile"]

"""The issue's Japanese search examples on PostgreSQL, and the same answers as on SQLite.

Both databases are fresh, migrated, and given the same rows (tests/cms/search/examples.py);
each runs the site's search in `manage.py shell`, as the site would."""

from __future__ import annotations

import json

from tests.cms.search.examples import EXAMPLES, NOISE
from tests.support.servers import Site, postgres_database, site_env


def run_examples(workdir, database_url: str) -> dict:
    site = Site(workdir, site_env(workdir, database_url=database_url))
    site.manage("migrate", "--no-input", "-v0")
    out = site.shell("from tests.cms.search.examples import main; main()")
    line = next(x for x in out.splitlines() if x.startswith("EXAMPLES "))
    return json.loads(line.removeprefix("EXAMPLES "))


def test_examples_find_the_same_on_postgresql_as_on_sqlite(tmp_path) -> None:
    (tmp_path / "pg").mkdir()
    (tmp_path / "sqlite").mkdir()
    with postgres_database("consortium_search") as url:
        postgres = run_examples(tmp_path / "pg", url)
    sqlite = run_examples(tmp_path / "sqlite", f"sqlite:///{tmp_path / 'sqlite' / 'db.sqlite3'}")
    for query, title in EXAMPLES:
        assert title in postgres["found"][query], (query, postgres["found"][query])
        assert NOISE not in postgres["found"][query]
        assert "観光の下書き" not in postgres["found"][query]
        assert sorted(postgres["found"][query]) == sorted(sqlite["found"][query]), query
        assert postgres["found"][query][0] == sqlite["found"][query][0], query
    assert postgres["hostile"] == sqlite["hostile"]

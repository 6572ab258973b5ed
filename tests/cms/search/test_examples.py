"""The issue's Japanese search examples on SQLite (tests/integration/ runs them on PostgreSQL)."""

from __future__ import annotations

import pytest

from .examples import EXAMPLES, NOISE, UNSEEN, create, run

pytestmark = pytest.mark.django_db


def check(result: dict) -> None:
    """What both databases must answer (tests/integration/test_search_postgres.py too)."""
    for query, title in EXAMPLES:
        assert title in result["found"][query], (query, result["found"][query])
        assert NOISE not in result["found"][query], query
        assert "観光の下書き" not in result["found"][query]
    assert all(total == 0 for q, total in result["hostile"].items() if q != "観光" * 500)
    # The title match first, the body match second, nothing hidden or rejected.
    assert result["ranking"] == ["防災訓練をスマホで", "駐輪場の話"]
    assert result["all_kinds"] == {"titles": result["ranking"], "total": 2}
    # Capped to one ranked row: the newest match is the only hit, the count says two.
    assert result["capped"] == {"titles": ["駐輪場の話"], "total": 2}
    # A search asks as many queries with 2 matching proposals as with 32.
    queries = result["queries"]
    assert queries["before"] == queries["after"], queries
    assert queries["total_after"] == 32
    assert not set(UNSEEN) & set(result["ranking"])


def test_each_example_finds_its_target_and_nothing_unrelated() -> None:
    create()
    check(run())

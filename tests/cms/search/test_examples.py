"""The issue's Japanese search examples on SQLite (tests/integration/ runs them on PostgreSQL)."""

from __future__ import annotations

import pytest

from .examples import EXAMPLES, NOISE, create, run

pytestmark = pytest.mark.django_db


def test_each_example_finds_its_target_and_nothing_unrelated() -> None:
    create()
    result = run()
    for query, title in EXAMPLES:
        assert title in result["found"][query], (query, result["found"][query])
        assert NOISE not in result["found"][query], query
        assert "観光の下書き" not in result["found"][query]
    assert all(total == 0 for q, total in result["hostile"].items() if q != "観光" * 500)

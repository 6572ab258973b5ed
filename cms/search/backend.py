"""Wagtail's database search backend, with one fix for SQLite: rank in a single pass.

The stock SQLite backend orders by a correlated subquery that runs the FTS5 MATCH again for
every candidate row, so a word found in 2,000 of 10,000 proposals took seconds (measured:
5 s). Here the MATCH runs once: one query reads the matching index rows of the visible
objects with their bm25 scores, sorted and sliced; a second loads those objects by id; the
count is one COUNT over the same join. PostgreSQL (and anything else) gets the stock
backend untouched. Settings: WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND":
"cms.search.backend"}}; every option of "wagtail.search.backends.database" applies.
"""

from __future__ import annotations

from wagtail.search.backends import database


def SearchBackend(params):  # noqa: N802 (Wagtail looks the backend up by this name)
    backend = database.SearchBackend(params)
    if backend.__class__.__name__ == "SQLiteSearchBackend":
        # Only importable where the SQLite FTS models exist.
        from .sqlite_backend import RankedSQLiteSearchBackend  # noqa: PLC0415

        return RankedSQLiteSearchBackend(params)
    return backend

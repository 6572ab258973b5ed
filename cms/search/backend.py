"""Wagtail's database search backend, ranked in one pass on SQLite and PostgreSQL.

The stock backends rank badly at this size. SQLite's orders by a correlated subquery that
runs the FTS5 MATCH again for every candidate row (a word found in 2,000 of 10,000
proposals took 5 s). PostgreSQL's tests `title || body @@ query`, which no index answers,
and computes ts_rank once per word of the query on every row of the kind, once for the
count and once more for the page. Here (cms/search/ranked.py) one query reads the matching
index rows of the visible objects with their scores, sorted and sliced, and counts them in
the same pass; a second loads those objects by id. Other backends (OpenSearch) are
untouched. Settings: WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "cms.search.backend"}};
every option of "wagtail.search.backends.database" applies.
"""

from __future__ import annotations

from django.db.models import Model, QuerySet

from wagtail.search.backends import database, get_search_backend


def SearchBackend(params):  # noqa: N802 (Wagtail looks the backend up by this name)
    backend = database.SearchBackend(params)
    name = backend.__class__.__name__
    # Only importable where each vendor's index models exist.
    if name == "SQLiteSearchBackend":
        from .sqlite_backend import RankedSQLiteSearchBackend  # noqa: PLC0415

        return RankedSQLiteSearchBackend(params)
    if name == "PostgresSearchBackend":
        from .postgres_backend import RankedPostgresSearchBackend  # noqa: PLC0415

        return RankedPostgresSearchBackend(params)
    return backend


def ranked(
    query, queryset: QuerySet, start: int, stop: int
) -> tuple[list[tuple[Model, float]], int]:
    """The hits start..stop of `query` among `queryset`, best first, each with a relevance
    that is higher when better (whatever the backend's score), and how many hits in all."""
    results = get_search_backend().search(query, queryset)
    compiler = results.query_compiler
    if getattr(compiler, "ranked_page", None) and compiler._single_pass():
        page, total = compiler.ranked_page(compiler.get_config(results.backend), start, stop)
        if not page:
            return [], total
        objects = queryset.in_bulk([pk for pk, _score in page])
        sign = -1.0 if compiler.BEST_FIRST == "score" else 1.0
        return [(objects[pk], sign * (score or 0.0)) for pk, score in page if pk in objects], total
    found = results.annotate_score("_score")
    total = found.count()
    hits = list(found[start:stop]) if total else []
    return [(obj, obj._score or 0.0) for obj in hits], total

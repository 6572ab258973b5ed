"""The SQLite part of cms/search/backend.py (imported only on SQLite: its models exist
only there). See backend.py for why."""

from __future__ import annotations

from modelsearch.backends.database.sqlite.query import AndNot, MatchExpression, normalize
from modelsearch.backends.database.sqlite.sqlite import (
    SQLiteFTSIndexEntry,
    SQLiteSearchBackend,
    SQLiteSearchQueryCompiler,
    SQLiteSearchResults,
)
from modelsearch.query import MatchAll, Not
from modelsearch.utils import get_descendants_content_types_pks

from django.db.models import F, FloatField, Func, IntegerField, TextField
from django.db.models.functions import Cast

from .ranked import SinglePassCompiler, SinglePassResults


class _NoIndex(Func):
    """`+column`: a no-op that keeps SQLite from driving the join from an index on the
    column. Without it the planner loops over the index entries and runs the FTS5 MATCH
    once per entry (470 ms instead of 17 ms for a count over 2,000 proposals)."""

    template = "+%(expressions)s"

    def __init__(self, field: str, output_field):
        super().__init__(F(field), output_field=output_field)


class _BM25(Func):
    # Columns of the FTS table: autocomplete, body, title. A title match counts ten times
    # a body match, as PostgreSQL weighs a title (boost 2-3: A, 1.0) against a body (D, 0.1).
    template = f"bm25({SQLiteFTSIndexEntry._meta.db_table}, 0.0, 1.0, 10.0)"
    output_field = FloatField()

    def __init__(self):
        super().__init__()


class RankedSQLiteQueryCompiler(SinglePassCompiler, SQLiteSearchQueryCompiler):
    BEST_FIRST = "score"  # bm25: lower is better
    OBJECT_ID = "index_entry__object_id"

    def _build_rank_expression(self, vectors, config):
        return _BM25()

    def _single_pass(self) -> bool:
        query = normalize(self.query)
        return self.order_by_relevance and not isinstance(query, (MatchAll, Not, AndNot))

    def matching_entries(self, config, scored: bool = True):
        """The FTS rows of the visible objects that match, each with its score (lower is
        better, as bm25() gives it) when `scored`."""
        query = normalize(self.query)
        match = MatchExpression(
            self.fields or self.FTS_TABLE_FIELDS, self.build_search_query(query, config=config)
        )
        visible = self.queryset.order_by().annotate(_oid=Cast("pk", TextField())).values("_oid")
        entries = (
            SQLiteFTSIndexEntry.objects.filter(match)
            .alias(
                _ct=_NoIndex("index_entry__content_type_id", output_field=IntegerField()),
                _oid=_NoIndex("index_entry__object_id", output_field=TextField()),
            )
            .filter(
                _ct__in=get_descendants_content_types_pks(self.queryset.model),
                _oid__in=visible,
            )
        )
        if not scored:
            return entries
        return entries.annotate(
            score=self._build_rank_expression(self.get_search_vectors(), config)
        )

    def scored_entries(self, config, ids):
        # bm25() needs the MATCH in the same query; `+rowid` keeps FTS5 from running the
        # MATCH once per id (the rows' ids are then only a filter on its result).
        query = normalize(self.query)
        match = MatchExpression(
            self.fields or self.FTS_TABLE_FIELDS, self.build_search_query(query, config=config)
        )
        return (
            SQLiteFTSIndexEntry.objects.filter(match)
            .alias(_rowid=_NoIndex("pk", output_field=IntegerField()))
            .filter(_rowid__in=ids)
            .annotate(score=self._build_rank_expression(self.get_search_vectors(), config))
        )


class RankedSQLiteSearchResults(SinglePassResults, SQLiteSearchResults):
    pass


class RankedSQLiteSearchBackend(SQLiteSearchBackend):
    query_compiler_class = RankedSQLiteQueryCompiler
    results_class = RankedSQLiteSearchResults

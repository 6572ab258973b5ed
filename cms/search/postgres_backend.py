"""The PostgreSQL part of cms/search/backend.py (imported only on PostgreSQL: its index model
has tsvector columns only there). See backend.py for why."""

from __future__ import annotations

from modelsearch.backends.database.postgres.postgres import (
    IndexEntry,
    PostgresSearchBackend,
    PostgresSearchQueryCompiler,
    PostgresSearchResults,
)
from modelsearch.query import And, Or, PlainText
from modelsearch.utils import get_descendants_content_types_pks

from django.contrib.postgres.search import SearchRank
from django.db import transaction
from django.db.models import Exists, F, Func, IntegerField, OuterRef, Q
from django.db.models.functions import Cast

from .ranked import SinglePassCompiler, SinglePassResults


class _NoIndex(Func):
    """`column + 0`: keeps the planner from reaching the rows through the content type's
    index, which then tests `body @@ query` on every row of the kind (de-TOASTing each
    vector), instead of through the GIN index on `body`."""

    template = "(%(expressions)s + 0)"
    output_field = IntegerField()


def _plain(query) -> bool:
    """Only what japanese/search.py builds: PlainText joined by And/Or."""
    if isinstance(query, PlainText):
        return True
    if isinstance(query, (And, Or)):
        return all(_plain(sub) for sub in query.subqueries)
    return False


class RankedPostgresQueryCompiler(SinglePassCompiler, PostgresSearchQueryCompiler):
    BEST_FIRST = "-score"  # ts_rank: higher is better

    def _single_pass(self) -> bool:
        return self.order_by_relevance and self.fields is None and _plain(self.query)

    def matching_entries(self, config, scored: bool = True):
        """The index rows of the visible objects that match, each with its score (higher is
        better, as ts_rank gives it) when `scored`.

        The match is `body @@ query`, which the GIN index on `body` answers: the body holds
        `search_terms`, which carries the title's terms as well (japanese/search.py), so an
        analysed query needs no other column. `OR title @@ query` (the GIN index on `title`,
        a fraction of a millisecond) keeps the stock backend's hits for callers that pass
        text not analysed (the admin's search for a page by its exact title).
        The score reads each vector once: ts_rank(title) × title_norm + ts_rank(body), the
        stock backend's columns and weights, one ts_rank per column instead of one per word.
        Visibility is an EXISTS on the object's primary key, not a hash of every visible
        object's id as text."""
        tsquery = self.build_tsquery(self.query, config=config)
        model = self.queryset.model
        pk = model._meta.pk
        visible = self.queryset.order_by().filter(
            pk=Cast(OuterRef("object_id"), output_field=pk.target_field if pk.is_relation else pk)
        )
        entries = IndexEntry.objects.alias(_ct=_NoIndex("content_type_id")).filter(
            Q(body=tsquery) | Q(title=tsquery),
            Exists(visible),
            _ct__in=get_descendants_content_types_pks(model),
        )
        if not scored:
            return entries
        return self._score(entries, tsquery)

    def _score(self, entries, tsquery):
        title = SearchRank(F("title"), tsquery, weights=self.sql_weights)
        body = SearchRank(F("body"), tsquery, weights=self.sql_weights)
        return entries.annotate(score=title * F("title_norm") + body)

    def scored_entries(self, config, ids):
        tsquery = self.build_tsquery(self.query, config=config)
        return self._score(IndexEntry.objects.filter(pk__in=ids), tsquery)

    def _execute(self, connection, sql, params):
        """The planner does not count de-TOASTing every row's body vector when it weighs a
        sequential scan against the GIN index: for a word in 30 % of 10,000 proposals it
        chose the scan (106 ms against 4 ms). Index scans only, for this statement."""
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(sql, params)
            return cursor.fetchall()


class RankedPostgresSearchResults(SinglePassResults, PostgresSearchResults):
    pass


class RankedPostgresSearchBackend(PostgresSearchBackend):
    query_compiler_class = RankedPostgresQueryCompiler
    results_class = RankedPostgresSearchResults

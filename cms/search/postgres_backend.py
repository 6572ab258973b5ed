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
from django.db.models import F, TextField
from django.db.models.functions import Cast

from .ranked import SinglePassCompiler, SinglePassResults


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

    def matching_entries(self, config):
        """The index rows of the visible objects that match, each with its score (higher is
        better, as ts_rank gives it).

        The match is `body @@ query` alone, which the GIN index on `body` answers: the body
        holds `search_terms`, which carries the title's terms as well (japanese/search.py),
        so no object is found by its title alone. The score reads each vector once:
        ts_rank(title, query) × title_norm + ts_rank(body, query), the stock backend's two
        columns and weights, with one ts_rank per column instead of one per word."""
        tsquery = self.build_tsquery(self.query, config=config)
        visible = self.queryset.order_by().annotate(_oid=Cast("pk", TextField())).values("_oid")
        title = SearchRank(F("title"), tsquery, weights=self.sql_weights)
        body = SearchRank(F("body"), tsquery, weights=self.sql_weights)
        return IndexEntry.objects.filter(
            content_type_id__in=get_descendants_content_types_pks(self.queryset.model),
            object_id__in=visible,
            body=tsquery,
        ).annotate(score=title * F("title_norm") + body)


class RankedPostgresSearchResults(SinglePassResults, PostgresSearchResults):
    pass


class RankedPostgresSearchBackend(PostgresSearchBackend):
    query_compiler_class = RankedPostgresQueryCompiler
    results_class = RankedPostgresSearchResults

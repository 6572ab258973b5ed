"""What the SQLite and PostgreSQL compilers of cms/search/backend.py share: a search ranked
in one pass over the matching index rows, the count taken in the same statement, the
objects then loaded by id.

A compiler that mixes this in provides `_single_pass()` (whether the query is one it can
run so) and `matching_entries(config, scored)`: the index rows of the visible objects that
match, annotated with `score` when `scored`, with `BEST_FIRST` saying which way the score
sorts and `OBJECT_ID` naming the object's id on those rows.

Very broad queries: scoring reads every matching row's index text (bm25 on SQLite, ts_rank
on the de-TOASTed vectors on PostgreSQL), so at most `RANK_CAP` matching rows are scored,
the newest (highest id); the count still counts every match. A query that matches more than
`RANK_CAP` rows of one kind therefore shows the best of its newest `RANK_CAP` matches.
"""

from __future__ import annotations

from django.db import connections
from django.db.models import Case, FloatField, IntegerField, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast

RANK_CAP = 500


class SinglePassCompiler:
    BEST_FIRST = "score"  # or "-score"
    OBJECT_ID = "object_id"
    rank_cap: int | None = RANK_CAP

    def _single_pass(self) -> bool:  # pragma: no cover (each compiler says)
        raise NotImplementedError

    def matching_entries(self, config, scored: bool = True):  # pragma: no cover
        raise NotImplementedError

    def _execute(self, connection, sql: str, params) -> list[tuple]:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def _newest(self, config):
        """The matching rows (unscored) by object id, newest first."""
        return (
            self.matching_entries(config, scored=False)
            .annotate(_pk=Cast(self.OBJECT_ID, IntegerField()))
            .order_by("-_pk")
        )

    def _scored(self, config):
        scored = self.matching_entries(config)
        if self.rank_cap is not None:
            capped = self._newest(config).values("pk")[: self.rank_cap]
            scored = scored.filter(pk__in=capped)
        return scored

    def scored_entries(self, config, ids):
        """The index rows whose pk is in `ids` (an SQL expression), each with `score`; the
        rows are known to match."""
        return self.matching_entries(config).filter(pk__in=ids)

    def ranked_page(self, config, start: int, stop: int) -> tuple[list[tuple[object, float]], int]:
        """(object pk, score) of the ranked hits start..stop, best first, and how many hits
        there are in all, in one statement: the matching rows (visible, unscored) are
        materialised once and counted; the newest `rank_cap` of them are scored (SQLite
        cannot call bm25() in a query with a window or an aggregate, hence the CTEs)."""
        matches = (
            self.matching_entries(config, scored=False)
            .annotate(_pk=Cast(self.OBJECT_ID, IntegerField()))
            .values_list("pk", "_pk")
        )
        matches_sql, matches_params = matches.query.sql_with_params()
        scored = self.scored_entries(config, RawSQL("SELECT id FROM top", ())).values_list(
            self.OBJECT_ID, "score"
        )
        scored_sql, scored_params = scored.query.sql_with_params()
        cap = f"LIMIT {int(self.rank_cap)}" if self.rank_cap is not None else ""
        direction = "ASC" if self.BEST_FIRST == "score" else "DESC"
        rows = self._execute(
            connections[scored.db],
            # The ORM's SQL, its values as parameters; cap and direction are ours.
            f"WITH matches (id, oid) AS MATERIALIZED ({matches_sql}), "  # noqa: S608
            f"top (id) AS (SELECT id FROM matches ORDER BY oid DESC {cap}), "
            f"hits (oid, score) AS MATERIALIZED ({scored_sql}) "
            "SELECT oid, score, (SELECT COUNT(*) FROM matches) FROM hits "
            f"ORDER BY score {direction}, CAST(oid AS INTEGER) DESC LIMIT %s OFFSET %s",
            (*matches_params, *scored_params, stop - start, start),
        )
        to_pk = self.queryset.model._meta.pk.to_python
        # Past the last hit there is no row to read the count from: count apart.
        if rows:
            total = rows[0][2]
        else:
            total = self.matching_entries(config, scored=False).count() if start else 0
        return [(to_pk(object_id), score) for object_id, score, _total in rows], total

    def search(self, config, start, stop, score_field=None, **kwargs):
        """What Wagtail's own callers (the API's ?search=) get: the same ranking, the
        objects loaded by id, in a queryset."""
        if not self._single_pass():
            return super().search(config, start, stop, score_field=score_field, **kwargs)
        scored = self._scored(config)
        ranked = list(
            scored.annotate(_pk=Cast(self.OBJECT_ID, IntegerField()))
            .order_by(self.BEST_FIRST, "-_pk")
            .values_list(self.OBJECT_ID, "score")[start:stop]
        )
        to_pk = self.queryset.model._meta.pk.to_python
        scores = {to_pk(object_id): score for object_id, score in ranked}
        score = Case(
            *(When(pk=pk, then=Value(value)) for pk, value in scores.items()),
            output_field=FloatField(),
        )
        field = score_field or "_score"
        order = field if self.BEST_FIRST == "score" else f"-{field}"
        return (
            self.queryset.filter(pk__in=list(scores))
            .annotate(**{field: score})
            .order_by(order, "-pk")
        )


class SinglePassResults:
    def _do_count(self):
        compiler = self.query_compiler
        if not compiler._single_pass():
            return super()._do_count()
        return compiler.matching_entries(compiler.get_config(self.backend), scored=False).count()

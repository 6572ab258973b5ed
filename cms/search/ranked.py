"""What the SQLite and PostgreSQL compilers of cms/search/backend.py share: a search ranked
in one pass over the matching index rows, the count taken from the same pass, the objects
then loaded by id.

A compiler that mixes this in provides `_single_pass()` (whether the query is one it can
run so) and `matching_entries(config)`: the index rows of the visible objects that match,
each annotated with `score`, with `BEST_FIRST` saying which way the score sorts.
"""

from __future__ import annotations

from django.db import connections
from django.db.models import Case, FloatField, IntegerField, Value, When
from django.db.models.functions import Cast

# Very broad queries: at most this many matching rows are ranked (see ranked_page).
RANK_CAP = None


class SinglePassCompiler:
    BEST_FIRST = "score"  # or "-score"
    OBJECT_ID = "object_id"  # the index row's object id, from the rows matching_entries gives

    def _single_pass(self) -> bool:  # pragma: no cover (each compiler says)
        raise NotImplementedError

    def matching_entries(self, config):  # pragma: no cover (each compiler says)
        raise NotImplementedError

    def _ordered(self, config):
        return (
            self.matching_entries(config)
            .annotate(_pk=Cast(self.OBJECT_ID, IntegerField()))
            .order_by(self.BEST_FIRST, "-_pk")
        )

    def ranked_page(self, config, start: int, stop: int) -> tuple[list[tuple[object, float]], int]:
        """(object pk, score) of the ranked hits start..stop, best first, and how many hits
        there are in all: one query (a second only for a page past the last hit).

        The matching rows are materialised once, then counted by a window over them and
        sorted; SQLite cannot call bm25() inside a windowed query, hence the CTE."""
        inner = self.matching_entries(config).values_list(self.OBJECT_ID, "score")
        sql, params = inner.query.sql_with_params()
        direction = "ASC" if self.BEST_FIRST == "score" else "DESC"
        connection = connections[inner.db]
        with connection.cursor() as cursor:
            cursor.execute(
                f"WITH hits (oid, score) AS MATERIALIZED ({sql}) "  # noqa: S608 (the ORM's SQL; values are parameters)
                "SELECT oid, score, COUNT(*) OVER () FROM hits "
                f"ORDER BY score {direction}, CAST(oid AS INTEGER) DESC LIMIT %s OFFSET %s",
                (*params, stop - start, start),
            )
            rows = cursor.fetchall()
        to_pk = self.queryset.model._meta.pk.to_python
        # Past the last hit the window has no row to count on: count apart.
        total = rows[0][2] if rows else (self.matching_entries(config).count() if start else 0)
        return [(to_pk(object_id), score) for object_id, score, _total in rows], total

    def search(self, config, start, stop, score_field=None, **kwargs):
        """What Wagtail's own callers (the API's ?search=) get: the same ranking, the
        objects loaded by id, in a queryset."""
        if not self._single_pass():
            return super().search(config, start, stop, score_field=score_field, **kwargs)
        ranked = list(self._ordered(config).values_list(self.OBJECT_ID, "score")[start:stop])
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
        return compiler.matching_entries(compiler.get_config(self.backend)).count()

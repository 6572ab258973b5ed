"""Making maps, computing them and editing their groups: every change goes through here."""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import csvfile, sources
from .models import Group, Opinion, OpinionMap, UploadedComment
from .pipeline import embedding, runner
from .pipeline.opinions import Comment

logger = logging.getLogger(__name__)
KEEP_NAME_OVERLAP = 0.5  # Jaccard overlap of members for a group to keep its staff text


def create_map(*, title: str, source_kind: str, user=None, **fields) -> OpinionMap:
    sources.get(source_kind)  # KeyError for an unknown source
    return OpinionMap.objects.create(
        title=title, source_kind=source_kind, created_by=user, **fields
    )


def create_csv_map(*, title: str, data: bytes, user=None, **fields) -> OpinionMap:
    """Raises csvfile.CsvError before anything is stored."""
    rows, attribute_names = csvfile.read(data)
    with transaction.atomic():
        opinion_map = create_map(title=title, source_kind="csv", user=user, **fields)
        opinion_map.attribute_names = attribute_names
        opinion_map.save(update_fields=["attribute_names"])
        UploadedComment.objects.bulk_create(
            (
                UploadedComment(
                    map=opinion_map,
                    row=r.row,
                    comment_id=r.comment_id,
                    text=r.text,
                    attributes=r.attributes,
                )
                for r in rows
            ),
            batch_size=2000,
        )
    return opinion_map


def _save_progress(opinion_map: OpinionMap, fraction: float, step: str) -> None:
    percent = min(100, int(fraction * 100))
    if percent == opinion_map.progress and step == opinion_map.progress_step:
        return
    opinion_map.progress, opinion_map.progress_step = percent, step
    OpinionMap.objects.filter(pk=opinion_map.pk).update(progress=percent, progress_step=step)


def compute(map_id: int, *, method: str = embedding.DEFAULT_METHOD) -> str:
    """Read the source, run the pipeline, then replace the map's groups in one transaction.
    Any failure leaves the previous result in place and records the error."""
    opinion_map = OpinionMap.objects.get(pk=map_id)
    OpinionMap.objects.filter(pk=map_id).update(
        status=OpinionMap.Status.RUNNING, progress=0, progress_step="read", error=""
    )
    try:
        source = sources.get(opinion_map.source_kind)
        found = list(source.comments(opinion_map))
        comments = [Comment(c.key, c.text, c.attributes) for c in found]
        result = runner.run(
            comments,
            method=method,
            progress=lambda f, s: _save_progress(opinion_map, 0.05 + 0.85 * f, s),
        )
        _save_progress(opinion_map, 0.92, "save")
        with transaction.atomic():
            _store(opinion_map, found, result)
    except Exception as error:
        logger.exception("opinion map %s failed", map_id)
        OpinionMap.objects.filter(pk=map_id).update(
            status=OpinionMap.Status.FAILED,
            error=_("The computation failed (%(kind)s). The previous map, if any, is kept.")
            % {"kind": type(error).__name__},
        )
        return OpinionMap.Status.FAILED
    return opinion_map.status


def _store(opinion_map: OpinionMap, found: list[sources.SourceComment], result) -> None:
    kept = _staff_texts(opinion_map)
    opinion_map.groups.all().delete()  # opinions go with their groups
    attribute_names = sorted({k for c in found for k in c.attributes})
    opinion_map.comment_count = len(found)
    opinion_map.opinion_count = len(result.opinions)
    opinion_map.short_count = len(result.short)
    opinion_map.method = result.method
    opinion_map.timings = result.timings
    opinion_map.attribute_names = attribute_names
    opinion_map.computed_at = timezone.now()
    opinion_map.progress, opinion_map.progress_step, opinion_map.error = 100, "", ""
    opinion_map.status = (
        OpinionMap.Status.TOO_SMALL if result.too_small else OpinionMap.Status.READY
    )
    if not result.too_small:
        _store_groups(opinion_map, found, result, kept)
    opinion_map.save()


def _store_groups(opinion_map, found, result, kept) -> None:
    rows: dict[int, Group] = {}
    per_level = {1: 0, 2: 0}
    for level in (1, 2):
        batch = []
        for g in result.groups:
            if g.level != level:
                continue
            row = Group(
                map=opinion_map,
                level=level,
                parent=rows[g.parent] if g.parent is not None else None,
                position=per_level[level],
                label=g.label[:200],
                words=g.words,
                quotes=g.quotes,
                size=len(g.members),
                density=g.density,
                density_rank=g.density_rank,
                density_rank_percentile=g.density_rank_percentile,
                x=g.x,
                y=g.y,
            )
            per_level[level] += 1
            members = {
                (found[result.opinions[m].comment].key, result.opinions[m].index) for m in g.members
            }
            row.name, row.takeaway = _match(kept.get(level, []), members)
            rows[g.index] = row
            batch.append(row)
        Group.objects.bulk_create(batch)
    Opinion.objects.bulk_create(
        (
            Opinion(
                map=opinion_map,
                broad=rows[o.broad],
                fine=rows[o.fine],
                position=i,
                text=o.text,
                source_key=found[o.comment].key,
                sentence=o.index,
                comment_id=found[o.comment].comment_id[:100],
                source_url=found[o.comment].url[:500],
                source_label=found[o.comment].label[:200],
                attributes=found[o.comment].attributes,
                x=o.x,
                y=o.y,
                centrality=o.centrality,
            )
            for i, o in enumerate(result.opinions)
        ),
        batch_size=2000,
    )


def _staff_texts(opinion_map) -> dict[int, list[tuple[set, str, str]]]:
    """Members of each group that staff named or wrote a takeaway for."""
    named = {g.pk: g for g in opinion_map.groups.exclude(name="", takeaway="")}
    if not named:
        return {}
    members: dict[int, set] = {pk: set() for pk in named}
    for broad, fine, key, sentence in Opinion.objects.filter(map=opinion_map).values_list(
        "broad_id", "fine_id", "source_key", "sentence"
    ):
        for pk in (broad, fine):
            if pk in members:
                members[pk].add((key, sentence))
    kept: dict[int, list] = {}
    for pk, g in named.items():
        kept.setdefault(g.level, []).append((members[pk], g.name, g.takeaway))
    return kept


def _match(candidates, members: set) -> tuple[str, str]:
    best, best_overlap = None, KEEP_NAME_OVERLAP
    for old_members, name, takeaway in candidates:
        union = len(old_members | members)
        overlap = len(old_members & members) / union if union else 0
        if overlap >= best_overlap:
            best, best_overlap = (name, takeaway), overlap
    return best or ("", "")


def edit_group(group: Group, *, name: str, takeaway: str) -> Group:
    group.name, group.takeaway = name.strip()[:200], takeaway.strip()[:5000]
    group.save(update_fields=["name", "takeaway"])
    return group

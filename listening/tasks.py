"""Maps are computed in the background (django-tasks: immediate by default, the database
backend and `manage.py db_worker` in production); progress is stored on the map."""

from __future__ import annotations

from django_tasks import task

from . import services
from .models import OpinionMap


@task()
def compute_map(map_id: int) -> str:
    return services.compute(map_id)


def request_compute(opinion_map: OpinionMap) -> bool:
    """Queue a computation unless one is already queued or running."""
    updated = (
        OpinionMap.objects.filter(pk=opinion_map.pk)
        .exclude(status__in=[OpinionMap.Status.PENDING, OpinionMap.Status.RUNNING])
        .update(status=OpinionMap.Status.PENDING, progress=0, progress_step="", error="")
    )
    if not updated and opinion_map.computed_at is not None:
        return False
    opinion_map.refresh_from_db()
    compute_map.enqueue(opinion_map.pk)
    return True

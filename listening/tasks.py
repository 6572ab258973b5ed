"""Maps are computed in the background (django-tasks: immediate by default, the database
backend and `manage.py db_worker` in production); progress is stored on the map."""

from __future__ import annotations

from django_tasks import task


@task()
def compute_map(map_id: int) -> str:
    from . import services

    return services.compute(map_id)

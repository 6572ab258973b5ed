"""Reports are drafted in the background (django-tasks: immediate by default, the database
backend and `manage.py db_worker` in production); progress is stored on the ReportDraft."""

from __future__ import annotations

from django_tasks import task

from django.db import transaction

from dialogue.models import DialogueSession

from . import drafting
from .models import ReportDraft


@task()
def draft_report(draft_id: int) -> str:
    return drafting.run(draft_id)


def request_draft(session: DialogueSession, user=None) -> ReportDraft:
    """Queue the drafting once the transaction commits, unless it is queued or running."""
    job, created = ReportDraft.objects.get_or_create(
        session=session, defaults={"requested_by": user}
    )
    if not created:
        updated = (
            ReportDraft.objects.filter(pk=job.pk)
            .exclude(status__in=[ReportDraft.Status.QUEUED, ReportDraft.Status.RUNNING])
            .update(status=ReportDraft.Status.QUEUED, progress=0, error="", requested_by=user)
        )
        if not updated:
            return job
    transaction.on_commit(lambda: draft_report.enqueue(job.pk))
    job.refresh_from_db()
    return job

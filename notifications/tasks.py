"""Background work (django-tasks): the immediate backend runs it after commit in the request,
the database backend in `manage.py db_worker`, so a slow mail server slows nobody down."""

from __future__ import annotations

from django_tasks import task

from . import mail
from .models import Notification


@task()
def send_batch(batch: str) -> int:
    return mail.send_pending(Notification.objects.filter(batch=batch))

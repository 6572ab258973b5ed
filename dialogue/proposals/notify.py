"""E-mail to a proposal's author when its status changes, in the author's language.

It is the immediate e-mail of the `proposal_status` notification kind: dialogue.notify
queues it only for authors who chose "immediately" (the others get it in the digest or
not at all), and it carries the kind's one-click unsubscribe like every notification e-mail.
When the mail server fails, the author's in-app notification (`batch`) goes back to waiting
for `send_notifications`, which retries it as an ordinary notification e-mail.

A task (django-tasks): the immediate backend sends at once after commit; the database
backend lets a worker send it, so a slow mail server never slows a moderator down.
"""

from __future__ import annotations

import logging

from django_tasks import task

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation

from notifications import kinds
from notifications.mail import unsubscribe_headers
from notifications.models import Notification

log = logging.getLogger(__name__)


@task()
def status_changed(change_id: int, batch: str = "") -> bool:
    from ..models import ProposalStatusChange  # noqa: PLC0415
    from ..proposal_links import proposal_url  # noqa: PLC0415

    change = (
        ProposalStatusChange.objects.select_related("proposal__author", "changed_by")
        .filter(pk=change_id)
        .first()
    )
    if change is None:
        return False
    proposal = change.proposal
    author = proposal.author
    if not author.is_active or author.deleted_at is not None or not author.email:
        return False
    language = author.preferred_language or settings.LANGUAGE_CODE
    with translation.override(language):
        path = proposal_url(proposal, language)
        context = {
            "proposal": proposal,
            "change": change,
            "author": author,
            "to_label": change.get_to_status_display(),
            "url": settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path if path else "",
        }
        subject = render_to_string("dialogue/email/proposal_status_subject.txt", context)
        body = render_to_string("dialogue/email/proposal_status_body.txt", context)
    message = EmailMessage(
        " ".join(subject.split()),
        body,
        settings.DEFAULT_FROM_EMAIL,
        [author.email],
        headers=unsubscribe_headers(author.pk, kinds.PROPOSAL_STATUS.slug),
    )
    try:
        message.send()
    except Exception:
        log.warning("could not e-mail status change %s; left for retries", change_id, exc_info=True)
        if batch:
            Notification.objects.filter(batch=batch, recipient=author).update(
                email_pending=True, emailed_at=None
            )
        return False
    return True

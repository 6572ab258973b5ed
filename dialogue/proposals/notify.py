"""E-mail to a proposal's author when its status changes, in the author's language.

A task (django-tasks): the immediate backend sends at once after commit; the database
backend lets a worker send it, so a slow mail server never slows a moderator down.
"""

from __future__ import annotations

from django_tasks import task

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation

from notifications import kinds
from notifications.services import preferences_for


@task()
def status_changed(change_id: int) -> bool:
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
    if preferences_for(author)[kinds.PROPOSAL_STATUS.slug] == kinds.NEVER:
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
    send_mail(
        " ".join(subject.split()),
        body,
        settings.DEFAULT_FROM_EMAIL,
        [author.email],
    )
    return True

"""Drafting a session's report: read the record (dialogue.session_record), write a draft page.

Runs as a background task (tasks.py); a draft is never published here. Staff edit it and
publish it through the workflow like any page."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext as _

from wagtail.documents import get_document_model
from wagtail.models import Locale

from dialogue import session_record
from dialogue.models import DialogueSession

from .models import ReportDraft, ReportIndexPage, SessionReportPage


class NoReportIndex(Exception):
    """There is no report index page to put the draft under."""


def _quote(post: session_record.Post) -> tuple[str, dict]:
    who = post.author if not post.organisation else f"{post.author}（{post.organisation}）"
    return (
        "quote",
        {
            "text": post.text[:1000],
            "attribution": who[:120],
            "acknowledged_by": "、".join(post.acknowledged_by)[:200],
        },
    )


def report_index() -> ReportIndexPage:
    locale = Locale.objects.filter(language_code=settings.LANGUAGE_CODE).first()
    index = ReportIndexPage.objects.filter(locale=locale).order_by("path").first()
    if index is None:
        raise NoReportIndex(_("Place a report index page under the home page first."))
    return index


def _body(session: DialogueSession, progress: Callable[[int], None]) -> list[tuple[str, object]]:
    """The report's blocks, headings in the active language (translation.override)."""
    body: list[tuple[str, object]] = []
    if session.agenda:
        heading = escape(_("Agenda"))
        # One paragraph a line, escaped: rich text the admin's editor can open (it refuses
        # linebreaks' <br>) and in which nothing typed into the agenda becomes markup.
        lines = "".join(
            f"<p>{escape(line)}</p>" for line in session.agenda.splitlines() if line.strip()
        )
        body.append(("text", f"<h2>{heading}</h2>{lines}"))
    progress(20)
    participation = session_record.participation(session)
    if participation:
        body.append(
            (
                "participation",
                {
                    "caption": _("Participants by organisation"),
                    "rows": [{"organisation": n[:120], "people": c} for n, c in participation],
                },
            )
        )
    progress(40)
    acknowledged = session_record.acknowledged_posts(session)
    if acknowledged:
        heading = escape(_("Posts leadership acknowledged"))
        body.append(("text", f"<h2>{heading}</h2>"))
        body.extend(_quote(post) for post in acknowledged)
    reacted = [
        p for p in session_record.most_reacted(session) if p.pk not in {a.pk for a in acknowledged}
    ]
    if reacted:
        heading = escape(_("Most-reacted posts"))
        body.append(("text", f"<h2>{heading}</h2>"))
        body.extend(_quote(post) for post in reacted)
    return body


def _title(session: DialogueSession) -> str:
    return (_("Report: %(title)s") % {"title": session.title})[:255]


def draft(session: DialogueSession, progress: Callable[[int], None] = lambda _p: None):
    """The session's report page in the default language, drafted now or found from an
    earlier drafting, with a draft translation under each translated report index."""
    index = report_index()
    page = SessionReportPage.objects.filter(session=session, locale=index.locale_id).first()
    if page is None:
        page = _draft_source(session, index, progress)
    _draft_translations(session, page, index)
    progress(100)
    return page


def _draft_source(session: DialogueSession, index: ReportIndexPage, progress) -> SessionReportPage:
    with translation.override(index.locale.language_code):
        body = _body(session, progress)
        progress(60)
        transcript = get_document_model()(
            title=_("Transcript: %(title)s") % {"title": session.title}
        )
        transcript.file.save(
            f"transcript-{session.pk}.csv",
            ContentFile(session_record.transcript_csv(session)),
            save=False,
        )
        transcript.save()
        progress(80)
        page = SessionReportPage(
            title=_title(session),
            slug=f"session-{session.pk}",
            session=session,
            held_on=timezone.localtime(session.starts_at).date(),
            organiser=session.organiser.localized_name()[:200],
            body=body,
            transcript=transcript,
            live=False,
        )
        with transaction.atomic():
            index.add_child(instance=page)
            page.save_revision()
    return page


def _draft_translations(
    session: DialogueSession, page: SessionReportPage, index: ReportIndexPage
) -> None:
    """A draft in each other language whose report index exists (English: the site is ja +
    en), a translation of the source page so Wagtail links the two; its generated headings,
    title and organisation names are in its own language. Session titles and what people
    wrote stay as they were said."""
    for locale in Locale.objects.exclude(pk=page.locale_id).order_by("pk"):
        if index.get_translation_or_none(locale) is None:
            continue  # no report index in that language: nowhere to put it
        if page.get_translation_or_none(locale) is not None:
            continue
        with translation.override(locale.language_code):
            body = _body(session, lambda _p: None)
            title = _title(session)
            organiser = session.organiser.localized_name()[:200]
        with transaction.atomic():
            copy = page.copy_for_translation(locale).specific
            copy.title, copy.draft_title = title, title
            copy.body = body
            copy.organiser = organiser
            copy.save()
            copy.save_revision()


def run(draft_id: int) -> str:
    """The task's body: one ReportDraft, its progress stored as it goes."""
    job = ReportDraft.objects.select_related("session__organiser").get(pk=draft_id)
    ReportDraft.objects.filter(pk=job.pk).update(status=ReportDraft.Status.RUNNING, progress=0)

    def progress(percent: int) -> None:
        ReportDraft.objects.filter(pk=job.pk).update(progress=percent)

    try:
        page = draft(job.session, progress)
    except Exception as error:  # recorded for the admin, then raised for the task log
        ReportDraft.objects.filter(pk=job.pk).update(
            status=ReportDraft.Status.FAILED, error=str(error)[:2000]
        )
        raise
    ReportDraft.objects.filter(pk=job.pk).update(
        status=ReportDraft.Status.DONE, progress=100, page=page, error=""
    )
    return ReportDraft.Status.DONE

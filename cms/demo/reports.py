"""Demo report: the closed demo session's decision and action, and its published report."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.db import transaction

from dialogue.models import DialogueSession, Outcome
from members import demo as members_demo
from members.models import Organization, User

from ..models import HomePage
from ..reports import drafting
from ..reports.models import ReportDraft, ReportIndexPage
from .pages import ensure_locales

# The report index's texts, the report's summary per language, and the closed session's
# decision and action: cms/demo/reports.json.
DATA = members_demo.load_data(__file__)
INDEX = DATA["index"]
SUMMARY = DATA["summary"]


def ensure_index() -> ReportIndexPage:
    locales = ensure_locales()
    index = ReportIndexPage.objects.filter(locale=locales["ja"]).first()
    if index is None:
        home = HomePage.objects.filter(locale=locales["ja"]).first()
        index = home.add_child(
            instance=ReportIndexPage(slug="reports", locale=locales["ja"], **INDEX["ja"])
        )
        index.save_revision().publish()
    for code, locale in locales.items():
        if code == "ja" or index.get_translation_or_none(locale) is not None:
            continue
        translation = index.copy_for_translation(locale).specific
        for field, value in INDEX[code].items():
            setattr(translation, field, value)
        translation.save_revision().publish()
    return index


@transaction.atomic
def seed(progress: Callable[[str], None]) -> None:
    ensure_index()
    session = DialogueSession.objects.filter(status=DialogueSession.Status.CLOSED).first()
    if session is None:
        return
    staff = User.objects.filter(email="staff@example.jp").first()
    if not session.outcomes.exists():
        for outcome in DATA["outcomes"]:
            Outcome.objects.create(
                session=session,
                kind=Outcome.Kind(outcome["kind"]),
                text=outcome["text"],
                owner=Organization.objects.get(slug=outcome["owner"]) if outcome["owner"] else None,
                due_on=dt.date.fromisoformat(outcome["due_on"]) if outcome["due_on"] else None,
                created_by=staff,
            )
    page = drafting.draft(session)
    # The Japanese report and its English translation (drafted with it), both published.
    for report in [page, *(t.specific for t in page.get_translations())]:
        if not report.live:
            report.summary = SUMMARY.get(report.locale.language_code, SUMMARY["ja"])
            report.save_revision(user=staff).publish()
    ReportDraft.objects.update_or_create(
        session=session,
        defaults={"status": ReportDraft.Status.DONE, "progress": 100, "page": page, "error": ""},
    )
    progress("1 report")

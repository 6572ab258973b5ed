"""Demo report: the closed demo session's decision and action, and its published report."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.db import transaction

from dialogue.models import DialogueSession, Outcome
from members.models import Organization, User

from ..models import HomePage
from ..reports import drafting
from ..reports.models import ReportDraft, ReportIndexPage
from .pages import ensure_locales

INDEX = {
    "ja": {
        "title": "報告書",
        "intro": "<p>対話セッションで話し合ったこと、決まったこと、次にやることの記録です。</p>",
    },
    "en": {
        "title": "Reports",
        "intro": "<p>What the dialogue sessions discussed, decided and will do next.</p>",
    },
}
SUMMARY = {
    "ja": (
        "<p>不用品譲り合い実証実験の結果を報告し、各団体から意見を聞きました。"
        "市長が商工会の提案を受け止め、本格導入に向けて回収拠点を増やすことが決まりました。</p>"
    ),
    "en": (
        "<p>The results of the reuse-sharing pilot were reported and each organisation gave"
        " its views. The mayor acknowledged the chamber of commerce's proposal, and it was"
        " decided to add collection points on the way to a full roll-out.</p>"
    ),
}


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
        Outcome.objects.create(
            session=session,
            kind=Outcome.Kind.DECISION,
            text="不用品譲り合いを来年度から本格導入する方向で、予算要求の準備を始める。",
            created_by=staff,
        )
        Outcome.objects.create(
            session=session,
            kind=Outcome.Kind.ACTION,
            text="商店街の空き店舗を回収拠点に使えるか、候補を3か所まで絞って報告する。",
            owner=Organization.objects.get(slug="chamber-of-commerce"),
            due_on=dt.date(2027, 1, 31),
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

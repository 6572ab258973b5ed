"""Demo proposals for `seed_demo`: 16 proposals across themes and every public status, with
supports, comments and replies, some on behalf of organisations, one adopted into the
goods-sharing pilot and one raised from a message in the live forum. Idempotent."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

from dialogue.models import (
    Acknowledgement,
    Comment,
    DialogueSession,
    Message,
    Proposal,
    ProposalStatus,
    ProposalStatusChange,
    Support,
    Theme,
)
from dialogue.rules import official_title
from dialogue.text import render
from members import demo as members_demo
from members.models import Organization, User

from ..models import HomePage, PilotPage
from ..proposals.models import ProposalIndexPage
from .pages import ensure_locales

S = ProposalStatus

# Themes, the index page's texts, the proposals (with plain-Japanese versions where given),
# who supports them and the comments: cms/demo/proposals.json.
DATA = members_demo.load_data(__file__)
HISTORY = {
    S.PUBLISHED: [S.DRAFT, S.SUBMITTED, S.PUBLISHED],
    S.UNDER_DISCUSSION: [S.DRAFT, S.SUBMITTED, S.PUBLISHED, S.UNDER_DISCUSSION],
    S.ADOPTED: [S.DRAFT, S.SUBMITTED, S.PUBLISHED, S.UNDER_DISCUSSION, S.ADOPTED],
    S.IMPLEMENTED: [S.DRAFT, S.SUBMITTED, S.PUBLISHED, S.ADOPTED, S.IMPLEMENTED],
    S.NOT_ADOPTED: [S.DRAFT, S.SUBMITTED, S.PUBLISHED, S.UNDER_DISCUSSION, S.NOT_ADOPTED],
    S.SUBMITTED: [S.DRAFT, S.SUBMITTED],
}


def ensure_index() -> dict[str, ProposalIndexPage]:
    locales = ensure_locales()
    home = HomePage.objects.filter(locale=locales["ja"]).first()
    index = ProposalIndexPage.objects.filter(locale=locales["ja"]).first()
    if index is None:
        index = home.add_child(
            instance=ProposalIndexPage(
                slug="proposals", locale=locales["ja"], **DATA["index"]["ja"]
            )
        )
        index.save_revision().publish()
    pages = {"ja": index}
    for code, locale in locales.items():
        if code == "ja":
            continue
        translation = index.get_translation_or_none(locale)
        if translation is None:
            translation = index.copy_for_translation(locale)
        translation = translation.specific
        for field, value in DATA["index"][code].items():
            setattr(translation, field, value)
        translation.save_revision().publish()
        pages[code] = translation
    return pages


@transaction.atomic
def seed(progress: Callable[[str], None]) -> None:
    ensure_index()
    themes = {}
    for theme in DATA["themes"]:
        themes[theme["slug"]], _created = Theme.objects.update_or_create(
            slug=theme["slug"], defaults={"name": theme["name"], "name_en": theme["name_en"]}
        )
    people = {u.email: u for u in User.objects.filter(email__endswith="@example.jp")}
    orgs = {o.slug: o for o in Organization.objects.all()}
    moderator = people["moderator@example.jp"]
    staff = people["staff@example.jp"]
    supporters = DATA["supporters"]
    now = timezone.now()
    stored: dict[str, Proposal] = {}
    for number, spec in enumerate(DATA["proposals"]):
        key, email, status = spec["key"], spec["author"], S(spec["status"])
        slugs, reason, plain_body = spec["themes"], spec["reason"], spec["plain_body"]
        created_at = now - dt.timedelta(days=spec["days_ago"], hours=3)
        proposal, _created = Proposal.objects.update_or_create(
            author=people[email],
            submission_key=f"demo-{key}",
            defaults={
                "title": spec["title"],
                "summary": spec["summary"],
                "body": spec["body"],
                "html": render(spec["body"]),
                "plain_title": spec["plain_title"],
                "plain_body": plain_body,
                "plain_html": render(plain_body) if plain_body else "",
                "place": spec["place"],
                "as_org": orgs.get(spec["as_org"] or ""),
                "status": status,
                "status_reason": reason,
                "created_at": created_at,
                "submitted_at": created_at + dt.timedelta(hours=1),
                "published_at": None
                if status == S.SUBMITTED
                else created_at + dt.timedelta(hours=5),
            },
        )
        proposal.themes.set([themes[s] for s in slugs])
        stored[key] = proposal
        if not proposal.status_changes.exists():
            steps = HISTORY[status]
            for step, (before, after) in enumerate(zip(["", *steps], steps, strict=False)):
                who = (
                    people[email]
                    if after in (S.DRAFT, S.SUBMITTED)
                    else (moderator if after in (S.PUBLISHED, S.UNDER_DISCUSSION) else staff)
                )
                ProposalStatusChange.objects.create(
                    proposal=proposal,
                    changed_by=who,
                    from_status=before,
                    to_status=after,
                    reason=reason if after == status else "",
                    created_at=created_at + dt.timedelta(hours=step, minutes=number),
                )
        public = status not in (S.DRAFT, S.SUBMITTED, S.REJECTED)
        if public:
            count = (number * 3) % len(supporters) + 1
            for supporter in supporters[:count]:
                if supporter != email:
                    Support.objects.get_or_create(proposal=proposal, user=people[supporter])
        for comment in DATA["comments"].get(key, []) if public else []:
            author = comment["author"]
            top, _created = Comment.objects.get_or_create(
                proposal=proposal,
                author=people[author],
                submission_key=f"demo-{key}-{author}",
                defaults={
                    "body": comment["text"],
                    "html": render(comment["text"]),
                    "as_org": orgs.get(comment["as_org"] or ""),
                },
            )
            for reply in comment["replies"]:
                Comment.objects.get_or_create(
                    proposal=proposal,
                    author=people[reply["author"]],
                    submission_key=f"demo-{key}-{author}-reply",
                    defaults={
                        "body": reply["text"],
                        "html": render(reply["text"]),
                        "parent": top,
                        "as_org": orgs.get(reply["as_org"] or ""),
                    },
                )
    _links(stored, people)
    for proposal in stored.values():
        Proposal.objects.filter(pk=proposal.pk).update(
            support_count=proposal.supports.count(),
            comment_count=proposal.comments.filter(hidden=False, deleted_at__isnull=True).count(),
        )
    progress(f"{len(stored)} proposals in {len(themes)} themes")


def _links(stored: dict[str, Proposal], people: dict[str, User]) -> None:
    pilot = PilotPage.objects.filter(slug="goods-sharing", locale__language_code="ja").first()
    if pilot is not None:
        Proposal.objects.filter(pk=stored["goods"].pk).update(pilot=pilot)
    report = DialogueSession.objects.filter(room__slug="yuzuriai-report-2026-10").first()
    if report is not None:
        stored["goods"].sessions.add(report)
    forum = DialogueSession.objects.filter(room__slug="open-forum").first()
    message = Message.objects.filter(
        author=people["tourism@example.jp"], client_id="demo-live-1"
    ).first()
    if message is not None:
        Proposal.objects.filter(pk=stored["onsen"].pk).update(source_message=message)
    if forum is not None:
        stored["onsen"].sessions.add(forum)
        stored["bus-app"].sessions.add(forum)
    mayor = people["mayor@example.jp"]
    for key in ("bus-app", "goods"):
        Acknowledgement.objects.get_or_create(
            proposal=stored[key], user=mayor, defaults={"title": official_title(mayor)}
        )

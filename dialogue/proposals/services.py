"""Every change to a proposal goes through these functions: check, write, tell after commit.

Views, the Wagtail admin, the demo data and the tests call them alike. Refusals raise
`DialogueError` (the rooms' error type) with a readable, translated `detail`; `field`
in its context names the form field a refusal belongs to.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.models import Organization

from .. import notify as telling
from .. import rules as dialogue_rules
from ..models import (
    BODY_MAX,
    COMMENT_MAX,
    PLACE_MAX,
    SUMMARY_MAX,
    TITLE_MAX,
    Acknowledgement,
    Comment,
    Message,
    Proposal,
    ProposalStatus,
    ProposalStatusChange,
    Report,
    Support,
    Theme,
)
from ..services import DialogueError, speaking_orgs
from ..text import clean_text, excerpt, render
from . import notify

S = ProposalStatus

PROPOSALS_PER_HOUR = 5
COMMENTS_PER_HOUR = 30

# Which status may follow which, and whose decision it is.
TRANSITIONS: dict[str, dict[str, str]] = {
    S.DRAFT: {S.SUBMITTED: "author"},
    S.REJECTED: {S.SUBMITTED: "author"},
    S.SUBMITTED: {S.PUBLISHED: "moderate", S.REJECTED: "moderate", S.DRAFT: "author"},
    S.PUBLISHED: {
        S.UNDER_DISCUSSION: "moderate",
        S.ADOPTED: "decide",
        S.IMPLEMENTED: "decide",
        S.NOT_ADOPTED: "decide",
    },
    S.UNDER_DISCUSSION: {
        S.ADOPTED: "decide",
        S.IMPLEMENTED: "decide",
        S.NOT_ADOPTED: "decide",
    },
    S.ADOPTED: {S.IMPLEMENTED: "decide", S.NOT_ADOPTED: "decide"},
    S.NOT_ADOPTED: {S.UNDER_DISCUSSION: "decide"},
    S.IMPLEMENTED: {},
}
REASON_REQUIRED = {S.REJECTED, S.NOT_ADOPTED}


def _refuse(code: str, detail, field: str | None = None) -> DialogueError:
    return DialogueError(code, detail, field=field)


# --- validation (shared with the forms) ----------------------------------------------------


# What a browser would take for a tag: "<" then a letter, "/", "!" or "?" at once.
_TAG = re.compile(r"</?[A-Za-z!?][^>]*>")
_BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u2060\ufeff"))


def clean_field(
    value: str,
    *,
    label,
    maximum: int,
    required: bool = True,
    field: str,
    one_line: bool = False,
) -> str:
    """Plain text: NFC, no control or invisible characters, no HTML tags, within limits."""
    text = unicodedata.normalize("NFC", clean_text(value or "")).translate(_INVISIBLE).strip()
    if one_line and _BIDI.intersection(text):
        raise _refuse(
            "invalid",
            _("%(field)s contains invisible characters that change the direction of text.")
            % {"field": label},
            field,
        )
    if _TAG.search(text):
        raise _refuse(
            "invalid",
            _(
                "%(field)s cannot contain HTML tags. Please write plain text "
                "(**bold**, lists and links work)."
            )
            % {"field": label},
            field,
        )
    if required and not text:
        raise _refuse("invalid", _("%(field)s cannot be empty.") % {"field": label}, field)
    if len(text) > maximum:
        raise _refuse(
            "too_long",
            _("%(field)s can have at most %(max)s characters (this has %(n)s).")
            % {"field": label, "max": f"{maximum:,}", "n": f"{len(text):,}"},
            field,
        )
    return text


def clean_one_line(value: str, **kwargs) -> str:
    return " ".join(clean_field(value, one_line=True, **kwargs).split())


def _org_for(user, slug_or_org) -> Organization | None:
    """The rooms' on-behalf check: only an organisation the person may speak for."""
    if not slug_or_org:
        return None
    slug = slug_or_org.slug if isinstance(slug_or_org, Organization) else slug_or_org
    org = next((o for o in speaking_orgs(user) if o.slug == slug), None)
    if org is None:
        raise _refuse("forbidden", _("You cannot speak on behalf of that organisation."), "as_org")
    return org


def _within_rate(queryset, limit: int, detail) -> None:
    since = timezone.now() - dt.timedelta(hours=1)
    if queryset.filter(created_at__gte=since).count() >= limit:
        raise _refuse("rate_limited", detail)


# --- proposals ------------------------------------------------------------------------------


def save_draft(
    user,
    *,
    title: str,
    summary: str,
    body: str,
    themes=(),
    place: str = "",
    as_org=None,
    proposal: Proposal | None = None,
    submission_key: str = "",
    source_message: Message | None = None,
    plain_title: str = "",
    plain_body: str = "",
) -> tuple[Proposal, bool]:
    """Create a draft, or update one the author may still change. Returns (proposal, created):
    the same submission_key twice (a double click, a resent form) gives the first draft."""
    if proposal is None and not user.has_perm("dialogue.add_proposal"):
        raise _refuse("forbidden", _("Please sign in to write a proposal."))
    if proposal is not None and not user.has_perm("dialogue.change_proposal", proposal):
        raise _refuse("forbidden", _("This proposal can no longer be changed."))
    values = {
        "title": clean_one_line(title, label=_("Title"), maximum=TITLE_MAX, field="title"),
        "summary": clean_field(summary, label=_("Summary"), maximum=SUMMARY_MAX, field="summary"),
        "body": clean_field(body, label=_("Proposal"), maximum=BODY_MAX, field="body"),
        "place": clean_one_line(
            place, label=_("Place"), maximum=PLACE_MAX, required=False, field="place"
        ),
        "as_org": _org_for(user, as_org),
        "plain_title": clean_one_line(
            plain_title,
            label=_("Title in plain Japanese"),
            maximum=TITLE_MAX,
            required=False,
            field="plain_title",
        ),
        "plain_body": clean_field(
            plain_body,
            label=_("Proposal in plain Japanese"),
            maximum=BODY_MAX,
            required=False,
            field="plain_body",
        ),
    }
    values["html"] = render(values["body"])
    values["plain_html"] = render(values["plain_body"]) if values["plain_body"] else ""
    themes = list(themes)
    submission_key = (submission_key or "")[:64]
    created = proposal is None
    with transaction.atomic():
        if created:
            if submission_key:
                existing = Proposal.objects.filter(
                    author=user, submission_key=submission_key
                ).first()
                if existing is not None:
                    return existing, False
            _within_rate(
                Proposal.objects.filter(author=user),
                PROPOSALS_PER_HOUR,
                _(
                    "You have started %(n)s proposals in the last hour. Thank you! Please "
                    "wait a little before starting another one."
                )
                % {"n": PROPOSALS_PER_HOUR},
            )
            proposal = Proposal(author=user, submission_key=submission_key, **values)
            proposal.source_message = source_message
            try:
                with transaction.atomic():
                    proposal.save(force_insert=True)
            except IntegrityError:
                existing = Proposal.objects.filter(
                    author=user, submission_key=submission_key
                ).first()
                if existing is None:
                    raise
                return existing, False
            _record(proposal, user, "", S.DRAFT, "", notify_author=False)
            if source_message is not None:
                session_id = source_message.room.session_id
                if session_id:
                    proposal.sessions.add(session_id)
        else:
            for name, value in values.items():
                setattr(proposal, name, value)
            proposal.save()
        proposal.themes.set(themes)
    return proposal, created


def draft_from_message(message: Message, user) -> Proposal:
    """A room message becomes a draft proposal, prefilled and linked both ways (the message
    lists the proposals raised from it once they are public)."""
    if not user.has_perm("dialogue.convert_message", message):
        raise _refuse("forbidden", _("Only the author or a moderator can do this."))
    existing = Proposal.objects.filter(source_message=message, author=user).first()
    if existing is not None:
        return existing
    text = clean_text(message.body)
    first_line = text.split("\n", 1)[0]
    title = excerpt(first_line.replace("*", ""), TITLE_MAX)
    room = message.room
    where = room.session.title if room.session_id else room.title
    summary = excerpt(
        str(_("Raised in “%(where)s”: %(text)s") % {"where": where, "text": text}),
        SUMMARY_MAX,
    )
    as_org = None
    if message.as_org_id and message.author_id == user.pk:
        as_org = next((o for o in speaking_orgs(user) if o.pk == message.as_org_id), None)
    proposal, _created = save_draft(
        user,
        title=title,
        summary=summary,
        body=text[:BODY_MAX],
        as_org=as_org,
        submission_key=f"message-{message.pk}",
        source_message=message,
    )
    return proposal


def change_status(
    proposal: Proposal,
    user,
    to_status: str,
    *,
    reason: str = "",
    pilot=None,
) -> Proposal:
    """Move a proposal along its lifecycle; recorded in its history, e-mailed to its author."""
    reason = clean_text(reason or "")
    if len(reason) > 1000:
        raise _refuse("too_long", _("The reason can have at most 1,000 characters."), "reason")
    with transaction.atomic():
        locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
        who = TRANSITIONS.get(locked.status, {}).get(to_status)
        if who is None:
            raise _refuse(
                "invalid",
                _("A proposal that is “%(from)s” cannot become “%(to)s”.")
                % {
                    "from": S(locked.status).label,
                    "to": S(to_status).label if to_status in S.values else to_status,
                },
                "status",
            )
        allowed = {
            "author": lambda: dialogue_rules._is_author(user, locked),
            "moderate": lambda: user.has_perm("dialogue.moderate_proposal", locked),
            "decide": lambda: user.has_perm("dialogue.decide_proposal", locked),
        }[who]()
        if not allowed:
            raise _refuse("forbidden", _("You are not allowed to do this here."))
        if to_status in REASON_REQUIRED and not reason:
            raise _refuse("invalid", _("Please give a reason: it is shown publicly."), "reason")
        if to_status == S.ADOPTED:
            if pilot is None:
                raise _refuse(
                    "invalid", _("Choose the pilot project this proposal became."), "pilot"
                )
            locked.pilot = pilot
        now = timezone.now()
        from_status = locked.status
        locked.status = to_status
        locked.status_reason = reason
        if to_status == S.SUBMITTED:
            locked.submitted_at = now
        if to_status == S.PUBLISHED and locked.published_at is None:
            locked.published_at = now
        locked.save()
        _record(locked, user, from_status, to_status, reason)
        if locked.source_message_id and to_status == S.PUBLISHED:
            _tell_the_room(locked.source_message_id)
    return locked


def submit_proposal(proposal: Proposal, user) -> Proposal:
    return change_status(proposal, user, S.SUBMITTED)


def publish_proposal(proposal: Proposal, user, reason: str = "") -> Proposal:
    return change_status(proposal, user, S.PUBLISHED, reason=reason)


def reject_proposal(proposal: Proposal, user, reason: str) -> Proposal:
    return change_status(proposal, user, S.REJECTED, reason=reason)


def _record(
    proposal: Proposal, user, from_status: str, to_status: str, reason: str, *, notify_author=True
) -> ProposalStatusChange:
    change = ProposalStatusChange.objects.create(
        proposal=proposal,
        changed_by=user if getattr(user, "is_authenticated", False) else None,
        from_status=from_status,
        to_status=to_status,
        reason=reason,
    )
    if notify_author:
        mail_now, batch = telling.proposal_status_changed(proposal, change.changed_by)
        if mail_now:
            transaction.on_commit(lambda: notify.status_changed.enqueue(change.pk, batch))
    return change


def _tell_the_room(message_id: int) -> None:
    """Open rooms show the link from the message to its proposal at once."""
    from ..serializers import with_related  # noqa: PLC0415
    from ..services import broadcast_update  # noqa: PLC0415

    message = with_related(Message.objects.filter(pk=message_id)).first()
    if message is not None:
        broadcast_update(message)


def toggle_support(proposal: Proposal, user) -> tuple[bool, int]:
    """Support, or withdraw a support. Returns (supporting now, number of supports).
    Supporting twice counts once: the unique constraint decides races."""
    if not user.has_perm("dialogue.support_proposal", proposal):
        raise _refuse("forbidden", _("This proposal cannot be supported now."))
    with transaction.atomic():
        removed, _detail = Support.objects.filter(proposal=proposal, user=user).delete()
        if removed:
            Proposal.objects.filter(pk=proposal.pk).update(support_count=F("support_count") - 1)
            active = False
        else:
            try:
                with transaction.atomic():
                    Support.objects.create(proposal=proposal, user=user)
                Proposal.objects.filter(pk=proposal.pk).update(support_count=F("support_count") + 1)
            except IntegrityError:
                pass
            active = True
        count = Proposal.objects.values_list("support_count", flat=True).get(pk=proposal.pk)
    proposal.support_count = count
    return active, count


def set_support(proposal: Proposal, user, supporting: bool) -> tuple[bool, int]:
    """Idempotent form of toggle_support: a resent form never flips the support back."""
    current = Support.objects.filter(proposal=proposal, user=user).exists()
    if current == supporting:
        return current, Proposal.objects.values_list("support_count", flat=True).get(pk=proposal.pk)
    return toggle_support(proposal, user)


def toggle_acknowledgement(proposal: Proposal, user) -> bool:
    """Leadership acknowledges a proposal, as they do a room message; again to withdraw."""
    if not user.has_perm("dialogue.acknowledge_proposal", proposal):
        raise _refuse("forbidden", _("You are not allowed to do this here."))
    with transaction.atomic():
        removed, _detail = Acknowledgement.objects.filter(proposal=proposal, user=user).delete()
        if removed:
            return False
        try:
            with transaction.atomic():
                Acknowledgement.objects.create(
                    proposal=proposal, user=user, title=dialogue_rules.official_title(user)
                )
        except IntegrityError:
            pass
    return True


def hide_proposal(proposal: Proposal, user, reason: str) -> Proposal:
    if not user.has_perm("dialogue.moderate_proposal", proposal):
        raise _refuse("forbidden", _("You are not allowed to do this here."))
    reason = clean_field(reason, label=_("Reason"), maximum=500, field="reason")
    proposal.hide(user, reason)
    Report.objects.filter(proposal=proposal, resolved_at__isnull=True).update(
        resolved_at=timezone.now(), resolved_by=user
    )
    return proposal


# --- comments -------------------------------------------------------------------------------


def post_comment(
    proposal: Proposal,
    user,
    *,
    body: str,
    parent: Comment | None = None,
    as_org=None,
    submission_key: str = "",
) -> tuple[Comment, bool]:
    if not user.has_perm("dialogue.comment_proposal", proposal):
        raise _refuse("forbidden", _("Comments are closed for this proposal."))
    text = clean_field(body, label=_("Comment"), maximum=COMMENT_MAX, field="body")
    org = _org_for(user, as_org)
    if parent is not None:
        if parent.proposal_id != proposal.pk or not parent.shown:
            raise _refuse("not_found", _("The comment you reply to is not here."), "parent")
        # One level of replies: a reply to a reply joins the same thread.
        if parent.parent_id is not None:
            parent = parent.parent
    submission_key = (submission_key or "")[:64]
    with transaction.atomic():
        if submission_key:
            existing = Comment.objects.filter(author=user, submission_key=submission_key).first()
            if existing is not None:
                return existing, False
        _within_rate(
            Comment.objects.filter(author=user),
            COMMENTS_PER_HOUR,
            _(
                "You have written %(n)s comments in the last hour. Thank you for taking part! "
                "Please wait a little before writing more."
            )
            % {"n": COMMENTS_PER_HOUR},
        )
        comment = Comment(
            proposal=proposal,
            author=user,
            as_org=org,
            parent=parent,
            body=text,
            html=render(text),
            submission_key=submission_key,
        )
        try:
            with transaction.atomic():
                comment.save(force_insert=True)
        except IntegrityError:
            existing = Comment.objects.filter(author=user, submission_key=submission_key).first()
            if existing is None:
                raise
            return existing, False
        Proposal.objects.filter(pk=proposal.pk).update(comment_count=F("comment_count") + 1)
        telling.proposal_commented(proposal, comment)
    return comment, True


def edit_comment(comment: Comment, user, *, body: str) -> Comment:
    if not user.has_perm("dialogue.edit_comment", comment):
        raise _refuse(
            "forbidden",
            _("Comments can be changed by their author for %(n)s minutes.")
            % {"n": Comment.EDIT_WINDOW_MINUTES},
        )
    text = clean_field(body, label=_("Comment"), maximum=COMMENT_MAX, field="body")
    comment.body = text
    comment.html = render(text)
    comment.edited_at = timezone.now()
    comment.save(update_fields=["body", "html", "edited_at"])
    return comment


def _uncount(comment: Comment) -> None:
    if comment.shown:
        Proposal.objects.filter(pk=comment.proposal_id, comment_count__gt=0).update(
            comment_count=F("comment_count") - 1
        )


def delete_comment(comment: Comment, user) -> Comment:
    """Soft delete: the comment keeps its place in the thread, without its text."""
    if not user.has_perm("dialogue.delete_comment", comment):
        raise _refuse("forbidden", _("You are not allowed to do this here."))
    with transaction.atomic():
        if comment.deleted_at is None:
            _uncount(comment)
            comment.deleted_at = timezone.now()
            comment.body = ""
            comment.html = ""
            comment.save(update_fields=["deleted_at", "body", "html"])
    return comment


def hide_comment(comment: Comment, user, reason: str) -> Comment:
    if not user.has_perm("dialogue.moderate_comment", comment):
        raise _refuse("forbidden", _("You are not allowed to do this here."))
    reason = clean_field(reason, label=_("Reason"), maximum=500, field="reason")
    with transaction.atomic():
        _uncount(comment)
        comment.hide(user, reason)
        Report.objects.filter(comment=comment, resolved_at__isnull=True).update(
            resolved_at=timezone.now(), resolved_by=user
        )
    return comment


# --- reports --------------------------------------------------------------------------------


def report(user, *, reason: str, proposal: Proposal | None = None, comment=None) -> Report:
    """Ask the moderators to look. Reporting the same thing twice keeps the first report."""
    if comment is not None:
        allowed = user.has_perm("dialogue.report_comment", comment)
    else:
        allowed = user.has_perm("dialogue.report_proposal", proposal)
    if not allowed:
        raise _refuse("forbidden", _("You are not allowed to do this here."))
    reason = clean_field(reason, label=_("What is wrong"), maximum=500, field="reason")
    target = {"comment": comment} if comment is not None else {"proposal": proposal}
    with transaction.atomic():
        existing = Report.objects.filter(reporter=user, **target).first()
        if existing is not None:
            return existing
        try:
            with transaction.atomic():
                return Report.objects.create(reporter=user, reason=reason, **target)
        except IntegrityError:
            return Report.objects.get(reporter=user, **target)


def dismiss_report(report_obj: Report, user) -> Report:
    if not user.has_perm("dialogue.moderate_proposal"):
        raise _refuse("forbidden", _("You are not allowed to do this here."))
    report_obj.resolved_at = timezone.now()
    report_obj.resolved_by = user
    report_obj.save(update_fields=["resolved_at", "resolved_by"])
    return report_obj


def themes_by_slug(slugs) -> list[Theme]:
    return list(Theme.objects.filter(slug__in=list(slugs)))


def recount(proposal_id: int) -> None:
    """Counts from the rows (after an edit in the admin, or to repair)."""
    Proposal.objects.filter(pk=proposal_id).update(
        support_count=Support.objects.filter(proposal_id=proposal_id).count(),
        comment_count=Comment.objects.filter(
            proposal_id=proposal_id, hidden=False, deleted_at__isnull=True
        ).count(),
    )

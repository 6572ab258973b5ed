"""What people write in proposals and comments, checked one way for the forms and the
services: plain text within its limits, an organisation they may speak for, a pace they keep,
and a form sent twice saved once."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.models import Organization

from ...models import (
    BODY_MAX,
    COMMENT_MAX,
    PLACE_MAX,
    SUMMARY_MAX,
    TITLE_MAX,
    Comment,
    Proposal,
)
from ...services import DialogueError, speaking_orgs, within_length
from ...text import clean_text


def refuse(code: str, detail, field: str | None = None) -> DialogueError:
    """A refusal with a readable `detail`; `field` names the form field it belongs to."""
    return DialogueError(code, detail, field=field)


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
    """Plain text: NFC, no control or invisible characters, no HTML tags, within limits; on one
    line, runs of white space become one space."""
    text = unicodedata.normalize("NFC", clean_text(value or "")).translate(_INVISIBLE).strip()
    if one_line and _BIDI.intersection(text):
        raise refuse(
            "invalid",
            _("%(field)s contains invisible characters that change the direction of text.")
            % {"field": label},
            field,
        )
    if _TAG.search(text):
        raise refuse(
            "invalid",
            _(
                "%(field)s cannot contain HTML tags. Please write plain text "
                "(**bold**, lists and links work)."
            )
            % {"field": label},
            field,
        )
    if required and not text:
        raise refuse("invalid", _("%(field)s cannot be empty.") % {"field": label}, field)
    within_length(
        text,
        maximum,
        detail=_("%(field)s can have at most %(max)s characters (this has %(n)s)."),
        label=label,
        field=field,
    )
    return " ".join(text.split()) if one_line else text


# What people write, field by field: the forms and the services check each by the same rule.
# A refusal names the form field: the rule's name unless it says another.
RULES: dict[str, dict] = {
    "title": {"label": _("Title"), "maximum": TITLE_MAX, "one_line": True},
    "summary": {"label": _("Summary"), "maximum": SUMMARY_MAX},
    "body": {"label": _("Proposal"), "maximum": BODY_MAX},
    "place": {"label": _("Place"), "maximum": PLACE_MAX, "required": False, "one_line": True},
    "plain_title": {
        "label": _("Title in plain Japanese"),
        "maximum": TITLE_MAX,
        "required": False,
        "one_line": True,
    },
    "plain_body": {
        "label": _("Proposal in plain Japanese"),
        "maximum": BODY_MAX,
        "required": False,
    },
    "comment": {"label": _("Comment"), "maximum": COMMENT_MAX, "field": "body"},
    "report": {"label": _("What is wrong"), "maximum": 500, "field": "reason"},
    "hiding": {"label": _("Reason"), "maximum": 500, "field": "reason"},
}


def clean_as(rule: str, value: str) -> str:
    """`value` cleaned by clean_field under RULES[rule]."""
    return clean_field(value, **{"field": rule, **RULES[rule]})


def org_for(user, slug_or_org) -> Organization | None:
    """The rooms' on-behalf check: only an organisation the person may speak for."""
    if not slug_or_org:
        return None
    slug = slug_or_org.slug if isinstance(slug_or_org, Organization) else slug_or_org
    org = next((o for o in speaking_orgs(user) if o.slug == slug), None)
    if org is None:
        raise refuse("forbidden", _("You cannot speak on behalf of that organisation."), "as_org")
    return org


def saved_once(row: Proposal | Comment, per_hour: int, too_many) -> tuple[Proposal | Comment, bool]:
    """Insert a new proposal or comment, unless its author sent the same submission key before:
    then (the first, False). At most `per_hour` of them by one author an hour; `too_many` says
    so (with %(n)s). The unique constraint decides races."""
    mine = type(row).objects.filter(author=row.author)
    key = row.submission_key
    if key:
        existing = mine.filter(submission_key=key).first()
        if existing is not None:
            return existing, False
    since = timezone.now() - dt.timedelta(hours=1)
    if mine.filter(created_at__gte=since).count() >= per_hour:
        raise refuse("rate_limited", too_many % {"n": per_hour})
    try:
        with transaction.atomic():
            row.save(force_insert=True)
    except IntegrityError:
        existing = mine.filter(submission_key=key).first()
        if existing is None:
            raise
        return existing, False
    return row, True

"""E-mails: one per notification for "immediately", one digest a day for "daily", in the
recipient's language, plain text and HTML, each with its kind's one-click unsubscribe."""

from __future__ import annotations

import contextlib
import logging
from collections import defaultdict

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db.models import F, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from . import kinds, tokens
from .models import Notification, Preference
from .urls_util import localized

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
# The unsubscribe "kind" of a digest: every kind delivered daily.
DIGEST = "digest"


def absolute(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def _language(user) -> str:
    supported = {code for code, _name in settings.LANGUAGES}
    return (
        user.preferred_language
        if user.preferred_language in supported
        else (settings.LANGUAGE_CODE)
    )


def unsubscribe_url(user_id: int, kind: str) -> str:
    return absolute(reverse("notifications_unsubscribe", args=[tokens.make(user_id, kind)]))


def unsubscribe_headers(user_id: int, kind: str) -> dict[str, str]:
    """RFC 8058 one-click unsubscribe from `kind`, for every e-mail a notification causes."""
    return {
        "List-Unsubscribe": f"<{unsubscribe_url(user_id, kind)}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "Auto-Submitted": "auto-generated",
    }


def _message(user, subject: str, template: str, context: dict, kind: str):
    language = _language(user)
    unsubscribe = unsubscribe_url(user.pk, kind)
    with translation.override(language):
        context = {
            **context,
            "user": user,
            "unsubscribe_url": unsubscribe,
            "preferences_url": absolute(localized("/notifications/preferences/", language)),
            "kind_label": kinds.get(kind).label if kinds.get(kind) else _("Daily digest"),
            "language": language,
        }
        text = render_to_string(f"notifications/email/{template}.txt", context)
        html = render_to_string(f"notifications/email/{template}.html", context)
        subject = " ".join(str(subject).split())
    message = EmailMultiAlternatives(
        subject,
        text,
        settings.DEFAULT_FROM_EMAIL,
        [user.email],
        headers=unsubscribe_headers(user.pk, kind),
    )
    message.attach_alternative(html, "text/html")
    return message


def _item(notification: Notification, language: str) -> dict:
    with translation.override(language):
        return {
            "sentence": notification.sentence(),
            "excerpt": notification.excerpt,
            "url": absolute(localized(f"/notifications/{notification.pk}/", language)),
            "created": notification.created,
        }


def send_pending(pending: QuerySet) -> int:
    """Send the immediate e-mails of `pending`; returns how many left. A failure leaves the
    rest pending for `send_notifications` to retry (at most MAX_ATTEMPTS times)."""
    rows = list(pending.filter(email_pending=True).select_related("recipient", "actor"))
    if not rows:
        return 0
    sent: list[int] = []
    failed: list[int] = []
    connection = get_connection()
    try:
        connection.open()
    except Exception:
        log.warning("mail server unavailable; notifications stay pending", exc_info=True)
        failed = [row.pk for row in rows]
        rows = []
    for row in rows:
        user = row.recipient
        if not user.email or not user.is_active:
            sent.append(row.pk)  # nothing to send to: not pending any more
            continue
        kind = kinds.get(row.kind)
        item = _item(row, _language(user))
        message = _message(user, item["sentence"], "notification", {"item": item}, row.kind)
        if kind is not None and kind.attachments is not None:
            for filename, content, mimetype in kind.attachments(row):
                message.attach(filename, content, mimetype)
        message.connection = connection
        try:
            message.send()
        except Exception:
            log.warning("could not e-mail notification %s", row.pk, exc_info=True)
            failed.append(row.pk)
        else:
            sent.append(row.pk)
    with contextlib.suppress(Exception):  # a close after a failed send may fail too
        connection.close()
    now = timezone.now()
    for chunk in _chunks(sent):
        Notification.objects.filter(pk__in=chunk).update(email_pending=False, emailed_at=now)
    for chunk in _chunks(failed):
        Notification.objects.filter(pk__in=chunk).update(email_attempts=F("email_attempts") + 1)
        Notification.objects.filter(pk__in=chunk, email_attempts__gte=MAX_ATTEMPTS).update(
            email_pending=False
        )
    return len(sent)


def _chunks(ids: list[int], size: int = 500):
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def digest_items() -> QuerySet:
    """Exactly what a digest may hold: unread, never e-mailed, not waiting to be sent."""
    return Notification.objects.filter(
        read_at__isnull=True, emailed_at__isnull=True, email_pending=False
    )


def send_digests() -> int:
    """One e-mail per person with the unread, not-yet-e-mailed notifications of the kinds
    they chose to get daily. Returns the number of digests sent."""
    rows = list(digest_items().select_related("recipient", "actor").order_by("created", "pk"))
    if not rows:
        return 0
    chosen = {
        (user_id, kind): delivery
        for user_id, kind, delivery in Preference.objects.filter(
            user__in={row.recipient_id for row in rows}
        ).values_list("user_id", "kind", "delivery")
    }
    by_user: dict[int, list[Notification]] = defaultdict(list)
    for row in rows:
        spec = kinds.get(row.kind)
        default = spec.default if spec else kinds.NEVER
        if chosen.get((row.recipient_id, row.kind), default) == kinds.DAILY:
            by_user[row.recipient_id].append(row)
    connection = get_connection()
    done = 0
    now = timezone.now()
    for items in by_user.values():
        user = items[0].recipient
        if not user.email or not user.is_active or user.deleted_at is not None:
            continue
        language = _language(user)
        with translation.override(language):
            subject = translation.ngettext(
                "%(count)s new notification", "%(count)s new notifications", len(items)
            ) % {"count": len(items)}
        context = {"items": [_item(row, language) for row in items]}
        # The digest's one-click unsubscribe stops digests (every kind now daily: never).
        message = _message(user, subject, "digest", context, DIGEST)
        message.connection = connection
        try:
            message.send()
        except Exception:
            log.warning("could not send the digest to user %s", user.pk, exc_info=True)
            continue
        Notification.objects.filter(pk__in=[row.pk for row in items]).update(emailed_at=now)
        done += 1
    return done

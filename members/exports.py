"""`Download my data`: every app that keeps something about a person adds a section.

An app registers an exporter in its AppConfig.ready:

    from members import exports
    exports.register("dialogue_messages", export_messages)

An exporter takes the user and returns anything `json.dumps` can write (after
`DjangoJSONEncoder`: dates, decimals and UUIDs are fine).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount

from .models import AuditEntry

Exporter = Callable[[Any], Any]

_registry: dict[str, Exporter] = {}


def register(name: str, exporter: Exporter) -> None:
    if name in _registry and _registry[name] is not exporter:
        raise ValueError(f"An exporter named {name!r} is already registered.")
    _registry[name] = exporter


def registered() -> dict[str, Exporter]:
    return dict(_registry)


def collect(user) -> dict[str, Any]:
    return {name: exporter(user) for name, exporter in sorted(_registry.items())}


# --- What members itself holds -----------------------------------------------------------


def export_account(user) -> dict[str, Any]:
    return {
        "email": user.email,
        "display_name": user.display_name,
        "name_reading": user.name_reading,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "preferred_language": user.preferred_language,
        "date_joined": user.date_joined,
        "last_login": user.last_login,
    }


def export_email_addresses(user) -> list[dict[str, Any]]:
    return list(
        EmailAddress.objects.filter(user=user)
        .order_by("email")
        .values("email", "verified", "primary")
    )


def export_memberships(user) -> list[dict[str, Any]]:
    return [
        {
            "organization": m.organization.name,
            "role": m.role,
            "status": m.status,
            "title": m.title,
            "is_listed": m.is_listed,
            "joined_at": m.joined_at,
            "left_at": m.left_at,
        }
        for m in user.memberships.select_related("organization").order_by("joined_at")
    ]


def export_invitations_sent(user) -> list[dict[str, Any]]:
    return [
        {
            "organization": i.organization.name,
            "email": i.email,
            "role": i.role,
            "created": i.created,
            "expires": i.expires,
            "state": i.state,
        }
        for i in user.invitations_sent.select_related("organization").order_by("created")
    ]


def export_social_accounts(user) -> list[dict[str, Any]]:
    return list(SocialAccount.objects.filter(user=user).values("provider", "uid", "date_joined"))


def export_authenticators(user) -> list[dict[str, Any]]:
    """Which second factors are set up and when; never their secrets."""
    return list(
        Authenticator.objects.filter(user=user)
        .order_by("created_at")
        .values("type", "created_at", "last_used_at")
    )


def export_audit_log(user) -> list[dict[str, Any]]:
    """What the person did on an organisation's behalf, as the organisation's log has it."""
    return [
        {
            "created_at": e.created_at,
            "organization": e.organization.name if e.organization else None,
            "action": e.action,
            "where": e.context,
            "previous_text": e.previous_text,
            "new_text": e.new_text,
            "reason": e.reason,
        }
        for e in AuditEntry.objects.filter(actor=user)
        .select_related("organization")
        .order_by("created_at", "pk")
    ]


def register_own() -> None:
    register("account", export_account)
    register("email_addresses", export_email_addresses)
    register("memberships", export_memberships)
    register("invitations_sent", export_invitations_sent)
    register("social_accounts", export_social_accounts)
    register("two_step_verification", export_authenticators)
    register("organization_log", export_audit_log)

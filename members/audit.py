"""The audit log of what is said and done on an organisation's behalf (models.AuditEntry).

Service functions call `record` inside the transaction that makes the change, so an entry
exists exactly when the change was committed.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import models

from .models import AuditEntry, Organization

Action = AuditEntry.Action


def record(
    *,
    actor,
    organization: Organization | int | None,
    action: str,
    target: models.Model | None = None,
    context: str = "",
    previous_text: str = "",
    new_text: str = "",
    reason: str = "",
) -> AuditEntry:
    organization_id = organization.pk if isinstance(organization, Organization) else organization
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        organization_id=organization_id,
        action=action,
        target_type=ContentType.objects.get_for_model(target) if target is not None else None,
        target_id=str(target.pk) if target is not None else "",
        context=context[:200],
        previous_text=previous_text,
        new_text=new_text,
        reason=reason,
    )


def for_organization(organization: Organization):
    return AuditEntry.objects.filter(organization=organization).select_related(
        "actor", "target_type"
    )

"""Who wrote something and for whom: the author and on-behalf-of fields that room messages,
proposals and comments declare alike, and the key that recognises a form sent twice."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from members.models import Organization


def author_field(related_name: str, on_delete=models.CASCADE) -> models.ForeignKey:
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=on_delete,
        related_name=related_name,
    )


def on_behalf_of_field(related_name: str = "+") -> models.ForeignKey:
    """The organisation the author spoke for, if any (services.speaking_orgs says which)."""
    return models.ForeignKey(
        Organization,
        verbose_name=_("on behalf of"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name=related_name,
    )


def submitted_once(model_name: str) -> models.UniqueConstraint:
    """One row per author and submission key: a resent form finds the first (the services
    look it up, and this decides races)."""
    return models.UniqueConstraint(
        fields=["author", "submission_key"],
        condition=~models.Q(submission_key=""),
        name=f"dialogue_{model_name}_submission_unique",
    )

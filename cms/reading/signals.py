"""A changed name or reading retires the glossary (and the pages that show it)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models.signals import post_delete, post_save

from members.models import Organization, PlaceName

from .glossary import bump

# Saves that touch none of what the glossary reads, such as the last_login that every
# sign-in writes, leave it alone.
_READ = frozenset({"name", "reading", "name_reading", "display_name", "is_active"})


def _changed(sender, update_fields=None, **kwargs) -> None:
    if update_fields is not None and not _READ.intersection(update_fields):
        return
    bump()


def connect() -> None:
    for model in (PlaceName, Organization, get_user_model()):
        post_save.connect(_changed, sender=model, dispatch_uid=f"reading_{model.__name__}_save")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"reading_{model.__name__}_del")

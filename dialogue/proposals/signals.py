"""Keep drafts, proposals waiting for moderation and hidden ones out of the search index.

Wagtail's own handler adds a proposal when it is saved and public (get_indexed_objects);
this one removes it when it stops being public (rejected, hidden, taken back)."""

from __future__ import annotations

from django.db.models.signals import post_save


def _unindex(sender, instance, **kwargs) -> None:
    if not instance.is_public:
        from wagtail.search import index  # noqa: PLC0415

        index.remove_object(instance)


def connect() -> None:
    from ..models import Proposal  # noqa: PLC0415

    post_save.connect(_unindex, sender=Proposal, dispatch_uid="dialogue_proposal_unindex")

"""Standing behind a proposal: a person's support, and leadership's acknowledgement."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from ... import rules as dialogue_rules
from ...models import Acknowledgement, Proposal, Support
from .validation import refuse


def toggle_support(proposal: Proposal, user) -> tuple[bool, int]:
    """Support, or withdraw a support. Returns (supporting now, number of supports).
    Supporting twice counts once: the unique constraint decides races."""
    if not user.has_perm("dialogue.support_proposal", proposal):
        raise refuse("forbidden", _("This proposal cannot be supported now."))
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
        raise refuse("forbidden", _("You are not allowed to do this here."))
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

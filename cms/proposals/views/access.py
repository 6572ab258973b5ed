"""Who may reach a proposal: its lookup under the visibility rules, and the way to sign in
for someone who is not signed in yet."""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.db.models import Prefetch
from django.http import Http404

from dialogue import rules as dialogue_rules
from dialogue.models import Acknowledgement, DialogueSession, Proposal, ProposalStatusChange, Theme


def sign_in(request, next_url: str | None = None):
    return redirect_to_login(next_url or request.get_full_path())


def visible_proposal(request, pk: int, *, related: bool = False) -> Proposal:
    """The proposal if this person may see it, else 404; `related` loads what its page shows."""
    queryset = Proposal.objects.filter(dialogue_rules.visible_proposals_filter(request.user))
    if related:
        visible_sessions = DialogueSession.objects.filter(
            dialogue_rules.visible_sessions_filter(request.user)
        ).distinct()
        queryset = queryset.select_related(
            "author", "as_org", "pilot", "source_message__room__session"
        ).prefetch_related(
            Prefetch("themes", queryset=Theme.objects.order_by("slug")),
            Prefetch(
                "sessions",
                queryset=DialogueSession.objects.filter(pk__in=visible_sessions.values("pk"))
                .select_related("room")
                .order_by("starts_at"),
            ),
            Prefetch(
                "acknowledgements",
                queryset=Acknowledgement.objects.select_related("user").order_by("created_at"),
            ),
            Prefetch(
                "status_changes",
                queryset=ProposalStatusChange.objects.select_related("changed_by"),
            ),
        )
    proposal = queryset.filter(pk=pk).first()
    if proposal is None:
        raise Http404
    return proposal

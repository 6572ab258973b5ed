"""Reading proposals: the list with its filters and a proposal's own page."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.shortcuts import redirect
from django.utils import timezone

from dialogue import rules as dialogue_rules
from dialogue.models import Comment, Proposal, Support, Theme
from dialogue.proposals.forms import CommentForm
from members.models import Membership, Organization

from ...reading.plain import plain_context
from ..filters import SORT_LABELS, ProposalFilter
from .access import visible_proposal

COMMENTS_PER_PAGE = 50
SUPPORTERS_SHOWN = 30


def _list_queryset():
    return (
        Proposal.objects.public()
        .select_related("author", "as_org")
        .prefetch_related(Prefetch("themes", queryset=Theme.objects.order_by("slug")))
    )


def index(page, request):
    filterset = ProposalFilter(request.GET, queryset=_list_queryset())
    proposals = filterset.qs if filterset.is_valid() else Proposal.objects.none()
    page_obj = Paginator(proposals, page.per_page).get_page(request.GET.get("page"))
    context = {
        "filterset": filterset,
        "invalid": not filterset.is_valid(),
        "page_obj": page_obj,
        "proposals": page_obj.object_list,
        "themes": Theme.objects.order_by("slug"),
        "organizations": Organization.objects.filter(
            pk__in=Proposal.objects.public().filter(as_org__isnull=False).values("as_org")
        ).order_by("name"),
        "statuses": ProposalFilter.base_filters["status"].extra["choices"],
        "sorts": SORT_LABELS,
        "query_without_page": filterset.as_query(),
    }
    return page.render(request, context_overrides=context)


def supporter_organizations(proposal: Proposal) -> list[Organization]:
    """The organisations the supporters belong to, most supporters first (one query)."""
    return list(
        Organization.objects.filter(
            is_active=True,
            memberships__status=Membership.Status.ACTIVE,
            memberships__user__proposal_supports__proposal=proposal,
        )
        .annotate(supporters=Count("memberships__user", distinct=True))
        .order_by("-supporters", "name")[:20]
    )


def detail(page, request, pk: int, slug: str | None):
    proposal = visible_proposal(request, pk, related=True)
    canonical = page.proposal_path(proposal, request=request)
    if slug != proposal.slug:
        return redirect(canonical, permanent=slug is not None)
    user = request.user
    moderator = user.has_perm("dialogue.moderate_proposal", proposal)
    comments = Comment.objects.filter(proposal=proposal, parent__isnull=True)
    if not moderator:
        comments = comments.filter(hidden=False)
    comments = comments.select_related("author", "as_org").prefetch_related(
        Prefetch(
            "replies",
            queryset=(
                Comment.objects.select_related("author", "as_org")
                if moderator
                else Comment.objects.filter(hidden=False).select_related("author", "as_org")
            ).order_by("created_at", "pk"),
        )
    )
    comment_page = Paginator(comments.order_by("created_at", "pk"), COMMENTS_PER_PAGE).get_page(
        request.GET.get("comments")
    )
    supporting = (
        user.is_authenticated and Support.objects.filter(proposal=proposal, user=user).exists()
    )
    supporters = [
        s.user
        for s in Support.objects.filter(proposal=proposal)
        .select_related("user")
        .order_by("-created_at")[:SUPPORTERS_SHOWN]
    ]
    history = [
        c
        for c in proposal.status_changes.all()
        if c.is_public or moderator or (user.is_authenticated and proposal.author_id == user.pk)
    ]
    acknowledged = any(a.user_id == user.pk for a in proposal.acknowledgements.all())
    pilot_url = ""
    if proposal.pilot_id and proposal.pilot.live:
        pilot_url = proposal.pilot.get_url(request) or ""
    source_room = None
    if proposal.source_message_id and not proposal.source_message.hidden:
        room = proposal.source_message.room
        if dialogue_rules.can_read_room(user, room):
            source_room = room
    context = {
        "proposal": proposal,
        "canonical": canonical,
        "supporting": supporting,
        "supporters": supporters,
        "supporter_orgs": supporter_organizations(proposal),
        "comment_page": comment_page,
        "comments": comment_page.object_list,
        "history": history,
        "acknowledged": acknowledged,
        "pilot_url": pilot_url,
        "source_room": source_room,
        "comment_form": CommentForm(user=user) if user.is_authenticated else None,
        "can": {
            "support": user.has_perm("dialogue.support_proposal", proposal),
            "comment": user.has_perm("dialogue.comment_proposal", proposal),
            "report": user.has_perm("dialogue.report_proposal", proposal),
            "edit": user.has_perm("dialogue.change_proposal", proposal),
            "acknowledge": user.has_perm("dialogue.acknowledge_proposal", proposal),
            "moderate": moderator,
        },
        "now": timezone.now(),
        # The proposal's own plain version, not the index page's.
        "plain_version": plain_context(request, proposal).get("plain_version"),
    }
    return page.render(
        request, context_overrides=context, template="cms/proposals/proposal_detail.html"
    )

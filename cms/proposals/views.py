"""What the proposal index page serves: list, proposal pages, writing and taking part.

Every write goes through dialogue.proposals.services; permissions are asked with has_perm.
Someone not signed in who tries to act is sent to sign in and brought back to the page.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from dialogue import rules as dialogue_rules
from dialogue.models import Acknowledgement, DialogueSession, Message
from dialogue.models.proposals import (
    Comment,
    Proposal,
    ProposalStatus,
    ProposalStatusChange,
    Support,
    Theme,
)
from dialogue.proposals import services
from dialogue.proposals.forms import CommentForm, ProposalForm, ReportForm, apply_service_error
from dialogue.services import DialogueError
from dialogue.text import render
from members.models import Membership, Organization

from ..reading.plain import plain_context
from .filters import SORT_LABELS, ProposalFilter

COMMENTS_PER_PAGE = 50
SUPPORTERS_SHOWN = 30


def _sign_in(request, next_url: str | None = None):
    return redirect_to_login(next_url or request.get_full_path())


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


def _visible(request, pk: int, *, related: bool = False) -> Proposal:
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
    proposal = _visible(request, pk, related=True)
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
        "now": _now(),
        # The proposal's own plain version, not the index page's.
        "plain_version": plain_context(request, proposal).get("plain_version"),
    }
    return page.render(
        request, context_overrides=context, template="cms/proposals/proposal_detail.html"
    )


def _now():
    from django.utils import timezone  # noqa: PLC0415

    return timezone.now()


# --- writing -----------------------------------------------------------------------------------


def _form_response(page, request, form, proposal=None, preview=None):
    return page.render(
        request,
        context_overrides={"form": form, "proposal": proposal, "preview": preview},
        template="cms/proposals/proposal_form.html",
    )


def _handle_form(page, request, proposal: Proposal | None):
    initial = {}
    if proposal is not None:
        initial = {
            "title": proposal.title,
            "summary": proposal.summary,
            "body": proposal.body,
            "themes": list(proposal.themes.all()),
            "place": proposal.place,
            "plain_title": proposal.plain_title,
            "plain_body": proposal.plain_body,
            "as_org": proposal.as_org.slug if proposal.as_org_id else "",
        }
    if request.method != "POST":
        return _form_response(
            page, request, ProposalForm(initial=initial, user=request.user), proposal
        )
    form = ProposalForm(request.POST, user=request.user, initial=initial)
    if not form.is_valid():
        return _form_response(page, request, form, proposal)
    intent = request.POST.get("intent", "draft")
    if intent == "preview":
        preview = {
            "title": form.cleaned_data["title"],
            "summary": form.cleaned_data["summary"],
            "html": render(form.cleaned_data["body"]),
            "place": form.cleaned_data["place"],
            "themes": form.cleaned_data["themes"],
        }
        return _form_response(page, request, form, proposal, preview)
    try:
        saved, created = form.save(proposal)
        if intent == "submit" and saved.status in (ProposalStatus.DRAFT, ProposalStatus.REJECTED):
            services.submit_proposal(saved, request.user)
            messages.success(
                request,
                _("Thank you! Your proposal was sent. A moderator will publish it soon."),
            )
        elif created or proposal is not None:
            messages.success(request, _("Your draft was saved. You can return to it any time."))
    except DialogueError as error:
        apply_service_error(form, error)
        return _form_response(page, request, form, proposal)
    return redirect(page.proposal_path(saved, request=request))


def write(page, request):
    if not request.user.is_authenticated:
        return _sign_in(request)
    return _handle_form(page, request, None)


def mine(page, request):
    if not request.user.is_authenticated:
        return _sign_in(request)
    proposals = (
        Proposal.objects.filter(author=request.user)
        .prefetch_related("themes")
        .order_by("-updated_at")[:200]
    )
    return page.render(
        request,
        context_overrides={"proposals": proposals},
        template="cms/proposals/mine.html",
    )


def from_message(page, request, message_id: int):
    if not request.user.is_authenticated:
        return _sign_in(request)
    message = (
        Message.objects.select_related("room__session", "author", "as_org")
        .filter(pk=message_id)
        .first()
    )
    if message is None or not request.user.has_perm("dialogue.convert_message", message):
        raise Http404
    if request.method == "POST":
        try:
            proposal = services.draft_from_message(message, request.user)
        except DialogueError as error:
            messages.error(request, str(error.detail))
            return redirect(message.room.get_absolute_url())
        messages.success(
            request, _("A draft proposal was made from the message. Finish it and send it.")
        )
        return redirect(page.proposal_path(proposal, "edit", request=request))
    return page.render(
        request,
        context_overrides={"message": message},
        template="cms/proposals/from_message.html",
    )


# --- taking part ---------------------------------------------------------------------------


def proposal_action(page, request, pk: int, action: str):
    if action not in {"edit", "support", "comment", "report", "acknowledge", "withdraw"}:
        raise Http404
    proposal = _visible(request, pk)
    back = page.proposal_path(proposal, request=request)
    if not request.user.is_authenticated:
        return _sign_in(request, back if request.method == "POST" else None)
    if action == "edit":
        if not request.user.has_perm("dialogue.change_proposal", proposal):
            raise Http404
        return _handle_form(page, request, proposal)
    if action == "report":
        return _report(page, request, back, proposal=proposal)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        if action == "support":
            wanted = request.POST.get("support") != "0"
            active, _count = services.set_support(proposal, request.user, wanted)
            messages.success(
                request,
                _("Thank you for your support.") if active else _("Your support was withdrawn."),
            )
        elif action == "withdraw":
            services.change_status(proposal, request.user, ProposalStatus.DRAFT)
            messages.success(request, _("Your proposal is a draft again."))
        elif action == "acknowledge":
            services.toggle_acknowledgement(proposal, request.user)
        elif action == "comment":
            return _comment(page, request, proposal, back)
    except DialogueError as error:
        messages.error(request, str(error.detail))
    return redirect(back)


def _comment(page, request, proposal, back):
    form = CommentForm(request.POST, user=request.user)
    if form.is_valid():
        parent = None
        if form.cleaned_data.get("parent"):
            parent = Comment.objects.filter(
                pk=form.cleaned_data["parent"], proposal=proposal
            ).first()
            if parent is None:
                form.add_error(None, _("The comment you reply to is not here."))
        if not form.errors:
            try:
                comment, _created = services.post_comment(
                    proposal,
                    request.user,
                    body=form.cleaned_data["body"],
                    parent=parent,
                    as_org=form.cleaned_data.get("as_org") or None,
                    submission_key=form.cleaned_data.get("submission_key", ""),
                )
                messages.success(request, _("Your comment was posted."))
                return redirect(f"{back}#comment-{comment.pk}")
            except DialogueError as error:
                apply_service_error(form, error)
    return page.render(
        request,
        context_overrides={"form": form, "proposal": proposal, "back": back},
        template="cms/proposals/comment_form.html",
    )


def _report(page, request, back, *, proposal=None, comment=None):
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.report(
                request.user, reason=form.cleaned_data["reason"], proposal=proposal, comment=comment
            )
            messages.success(request, _("Thank you. A moderator will look at it."))
            return redirect(back)
        except DialogueError as error:
            apply_service_error(form, error)
    return page.render(
        request,
        context_overrides={"form": form, "back": back, "target": comment or proposal},
        template="cms/proposals/report_form.html",
    )


def comment_action(page, request, pk: int, action: str):
    if action not in {"edit", "delete", "report"}:
        raise Http404
    comment = Comment.objects.select_related("proposal", "author").filter(pk=pk).first()
    if comment is None or not request.user.has_perm("dialogue.view_proposal", comment.proposal):
        raise Http404
    back = page.proposal_path(comment.proposal, request=request) + f"#comment-{comment.pk}"
    if not request.user.is_authenticated:
        return _sign_in(request, back if request.method == "POST" else None)
    if action == "report":
        return _report(page, request, back, comment=comment)
    if action == "delete":
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        try:
            services.delete_comment(comment, request.user)
            messages.success(request, _("Your comment was deleted."))
        except DialogueError as error:
            messages.error(request, str(error.detail))
        return redirect(back)
    # edit
    if not request.user.has_perm("dialogue.edit_comment", comment):
        messages.error(
            request,
            _("Comments can be changed by their author for %(n)s minutes.")
            % {"n": Comment.EDIT_WINDOW_MINUTES},
        )
        return redirect(back)
    form = CommentForm(request.POST or None, user=request.user, initial={"body": comment.body})
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_comment(comment, request.user, body=form.cleaned_data["body"])
            return redirect(back)
        except DialogueError as error:
            apply_service_error(form, error)
    return page.render(
        request,
        context_overrides={
            "form": form,
            "proposal": comment.proposal,
            "back": back,
            "editing": comment,
        },
        template="cms/proposals/comment_form.html",
    )

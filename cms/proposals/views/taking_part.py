"""Taking part in a proposal: supporting, commenting, reporting, acknowledging, withdrawing,
and editing or deleting one's comments."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from dialogue.models import Comment, ProposalStatus
from dialogue.proposals import services
from dialogue.proposals.forms import CommentForm, ReportForm, apply_service_error
from dialogue.services import DialogueError

from .access import sign_in, visible_proposal
from .writing import handle_form


def proposal_action(page, request, pk: int, action: str):
    if action not in {"edit", "support", "comment", "report", "acknowledge", "withdraw"}:
        raise Http404
    proposal = visible_proposal(request, pk)
    back = page.proposal_path(proposal, request=request)
    if not request.user.is_authenticated:
        return sign_in(request, back if request.method == "POST" else None)
    if action == "edit":
        if not request.user.has_perm("dialogue.change_proposal", proposal):
            raise Http404
        return handle_form(page, request, proposal)
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
        return sign_in(request, back if request.method == "POST" else None)
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

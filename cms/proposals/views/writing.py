"""Writing proposals: a new one or an edit with preview, one's own drafts, and a draft made
from a room message."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from dialogue.models import Message, Proposal, ProposalStatus
from dialogue.proposals import services
from dialogue.proposals.forms import ProposalForm, apply_service_error
from dialogue.services import DialogueError
from dialogue.text import render

from .access import sign_in


def _form_response(page, request, form, proposal=None, preview=None):
    return page.render(
        request,
        context_overrides={"form": form, "proposal": proposal, "preview": preview},
        template="cms/proposals/proposal_form.html",
    )


def handle_form(page, request, proposal: Proposal | None):
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
        return sign_in(request)
    return handle_form(page, request, None)


def mine(page, request):
    if not request.user.is_authenticated:
        return sign_in(request)
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
        return sign_in(request)
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

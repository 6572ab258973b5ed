"""The moderation queue in the Wagtail admin: approve, reject with a reason, act on reports,
hide comments and move proposals along (adopt into a pilot, decline with a reason).

Everything goes through dialogue.proposals.services; imported from CmsConfig.ready().
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from dialogue.models import (
    Comment,
    Proposal,
    ProposalStatus,
    Report,
)
from dialogue.proposals import services
from dialogue.services import DialogueError

from ..pilots.pages import PilotPage

S = ProposalStatus


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"))
    reason = forms.CharField(
        label=_("Reason (shown publicly)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when a proposal is not adopted."),
    )
    pilot = forms.ModelChoiceField(
        label=_("Pilot project it became"),
        queryset=PilotPage.objects.none(),
        required=False,
        help_text=_("Required when a proposal is adopted."),
    )

    def __init__(self, *args, proposal: Proposal, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        targets = services.TRANSITIONS.get(proposal.status, {})
        self.fields["status"].choices = [
            (value, S(value).label) for value, who in targets.items() if who != "author"
        ]
        self.fields["pilot"].queryset = PilotPage.objects.filter(
            locale__language_code="ja"
        ).order_by("title")


def _check(request) -> None:
    if not request.user.has_perm("dialogue.moderate_proposal"):
        raise PermissionDenied


def queue(request):
    _check(request)
    waiting = (
        Proposal.objects.filter(status=S.SUBMITTED)
        .select_related("author", "as_org")
        .order_by("submitted_at", "pk")[:100]
    )
    reports = (
        Report.objects.filter(resolved_at__isnull=True)
        .select_related("reporter", "proposal", "comment__author", "comment__proposal")
        .order_by("created_at")[:100]
    )
    active = (
        Proposal.objects.filter(
            status__in=[S.PUBLISHED, S.UNDER_DISCUSSION, S.ADOPTED, S.NOT_ADOPTED]
        )
        .select_related("author", "pilot")
        .order_by("-published_at")[:100]
    )
    return TemplateResponse(
        request,
        "cms/proposals/admin_queue.html",
        {
            "page_title": gettext("Proposal moderation"),
            "header_icon": "tasks",
            "waiting": waiting,
            "reports": reports,
            "active": active,
        },
    )


def status(request, pk: int):
    _check(request)
    proposal = get_object_or_404(Proposal.objects.select_related("author", "pilot"), pk=pk)
    form = StatusForm(request.POST or None, proposal=proposal)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.change_status(
                proposal,
                request.user,
                data["status"],
                reason=data["reason"],
                pilot=data["pilot"].page_ptr if data["pilot"] else None,
            )
            messages.success(request, gettext("The status was changed and the author told."))
            return redirect("cms_proposal_queue")
        except DialogueError as error:
            field = error.context.get("field")
            form.add_error(field if field in form.fields else None, str(error.detail))
    return TemplateResponse(
        request,
        "cms/proposals/admin_status.html",
        {
            "page_title": gettext("Change the status of a proposal"),
            "header_icon": "tasks",
            "proposal": proposal,
            "form": form,
            "history": proposal.status_changes.select_related("changed_by"),
        },
    )


@require_POST
def act(request):
    _check(request)
    action = request.POST.get("action", "")
    reason = request.POST.get("reason", "")
    try:
        if action in {"publish", "reject", "hide_proposal"}:
            proposal = get_object_or_404(Proposal, pk=_int(request.POST.get("proposal")))
            if action == "publish":
                services.publish_proposal(proposal, request.user)
                messages.success(request, gettext("Published."))
            elif action == "reject":
                services.reject_proposal(proposal, request.user, reason)
                messages.success(request, gettext("Not published; the author was told why."))
            else:
                services.hide_proposal(proposal, request.user, reason)
                messages.success(request, gettext("The proposal is hidden."))
        elif action == "hide_comment":
            comment = get_object_or_404(Comment, pk=_int(request.POST.get("comment")))
            services.hide_comment(comment, request.user, reason)
            messages.success(request, gettext("The comment is hidden."))
        elif action == "dismiss":
            report = get_object_or_404(Report, pk=_int(request.POST.get("report")))
            services.dismiss_report(report, request.user)
            messages.success(request, gettext("The report was dismissed."))
        else:
            messages.error(request, gettext("Unknown action."))
    except DialogueError as error:
        messages.error(request, str(error.detail))
    return redirect("cms_proposal_queue")


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


@hooks.register("register_admin_urls")
def register_queue_urls():
    return [
        path("proposals/moderation/", queue, name="cms_proposal_queue"),
        path("proposals/moderation/act/", act, name="cms_proposal_act"),
        path("proposals/moderation/<int:pk>/status/", status, name="cms_proposal_status"),
    ]


class QueueMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("dialogue.moderate_proposal")


@hooks.register("register_admin_menu_item")
def register_queue_menu_item():
    return QueueMenuItem(
        _("Proposal moderation"), reverse("cms_proposal_queue"), icon_name="tasks", order=252
    )

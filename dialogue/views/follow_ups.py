"""Decisions and follow-up actions: the follow-ups page, marking an action done, and staff
recording an outcome from a room message."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from members.models import Organization

from .. import outcomes, services
from ..models import OUTCOME_MAX, Message, Outcome
from ..outcome_forms import OutcomeForm, settle_action
from .access import visible_sessions

FOLLOW_UPS_PER_PAGE = 20
FOLLOW_UP_STATES = ("open", "overdue", "done", "all")


def follow_ups(request: HttpRequest) -> HttpResponse:
    """Every action of the sessions the person may see: open, overdue or done."""
    state = request.GET.get("state", "open")
    state = state if state in FOLLOW_UP_STATES else "open"
    actions = Outcome.objects.actions().filter(session__in=visible_sessions(request.user))
    if state == "open":
        actions = actions.open()
    elif state == "overdue":
        actions = actions.overdue()
    elif state == "done":
        actions = actions.done()
    owners = Organization.objects.filter(actions__isnull=False).distinct().order_by("name")
    owner = request.GET.get("organisation", "")
    if owner and owner in {o.slug for o in owners}:
        actions = actions.filter(owner__slug=owner)
    else:
        owner = ""
    actions = actions.select_related("owner", "session", "done_by").order_by("due_on", "pk")
    page = Paginator(actions, FOLLOW_UPS_PER_PAGE).get_page(request.GET.get("page"))
    for action in page:
        action.can_complete = request.user.has_perm("dialogue.complete_action", action)
    return render(
        request,
        "dialogue/follow_ups.html",
        {
            "page": page,
            "state": state,
            "states": [
                ("open", _("Open")),
                ("overdue", _("Overdue")),
                ("done", _("Done")),
                ("all", _("All")),
            ],
            "owners": owners,
            "owner": owner,
            "today": timezone.localdate(),
        },
    )


@require_POST
def follow_up_done(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("dialogue:follow_ups"))
    action = get_object_or_404(
        Outcome.objects.actions().filter(session__in=visible_sessions(request.user)), pk=pk
    )
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}):
        back = reverse("dialogue:follow_ups")
    settle_action(request, action)
    return redirect(back)


def record_outcome(request: HttpRequest, pk: int) -> HttpResponse:
    """Staff turn a message of a session's room into a decision or an action."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not request.user.has_perm("dialogue.record_outcome"):
        raise PermissionDenied
    message = get_object_or_404(
        Message.objects.select_related("room__session", "author"),
        pk=pk,
        room__session__isnull=False,
        hidden=False,
        deleted=False,
    )
    session = message.room.session
    if not services.access_for(request.user, message.room).read:
        raise PermissionDenied
    form = OutcomeForm(request.POST or None, initial={"text": message.body[:OUTCOME_MAX]})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            outcomes.record_outcome(
                request.user,
                session,
                kind=data["kind"],
                text=data["text"],
                owner=data.get("owner"),
                due_on=data.get("due_on"),
                message=message,
            )
        except services.DialogueError as error:
            form.add_error(error.context.get("field") or None, str(error.detail))
        else:
            messages.success(request, _("Recorded in the session's decisions and actions."))
            return redirect(f"{reverse('dialogue:session', args=[session.pk])}#outcomes-title")
    return render(
        request,
        "dialogue/record_outcome.html",
        {"form": form, "message": message, "session": session},
        status=400 if form.errors else 200,
    )

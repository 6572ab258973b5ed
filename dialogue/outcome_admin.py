"""Decisions and actions in the Wagtail admin: a session's list (edit, mark done, reopen) and
"Record as decision or action" on any message of its room. The rules are dialogue.outcomes',
the form dialogue.outcome_forms' — the same as the room page's — so the admin, the room and
the tests cannot disagree about who may record what."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import outcomes
from .models import OUTCOME_MAX, DialogueSession, Message, Outcome, Room
from .outcome_forms import OutcomeForm, settle_action
from .services import DialogueError

PERMISSION = "dialogue.record_outcome"  # city staff with two-step verification


def _session(request, pk: int) -> DialogueSession:
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied
    return get_object_or_404(DialogueSession.objects.select_related("organiser"), pk=pk)


def _page(session: DialogueSession, title: str) -> dict:
    """A page about one session, under Wagtail's generic admin header."""
    return {
        "page_title": title,
        "page_subtitle": session.title,
        "header_icon": "tasks",
        "session": session,
    }


def _id(value) -> int:
    text = str(value or "")
    return int(text) if text.isdigit() and len(text) <= 15 else 0


def _list_url(session: DialogueSession) -> str:
    return reverse("dialogue_admin_outcomes", args=[session.pk])


def session_outcomes(request, pk: int):
    session = _session(request, pk)
    room = Room.objects.filter(session=session).first()
    rows = session.outcomes.select_related("owner", "message__author", "done_by").order_by(
        "kind", "due_on", "pk"
    )
    return TemplateResponse(
        request,
        "dialogue/admin/outcomes.html",
        {
            **_page(session, _("Decisions and actions")),
            "outcomes": rows,
            "room": room,
            "messages_url": (
                reverse("wagtailsnippets_dialogue_message:list") + f"?room={room.pk}"
                if room
                else ""
            ),
            "today": timezone.localdate(),
        },
    )


def _save(request, form: OutcomeForm, do) -> bool:
    if request.method != "POST" or not form.is_valid():
        return False
    data = form.cleaned_data
    try:
        do(kind=data["kind"], text=data["text"], owner=data.get("owner"), due_on=data.get("due_on"))
    except DialogueError as error:
        if error.code == "forbidden":
            raise PermissionDenied from error
        form.add_error(error.context.get("field") or None, str(error.detail))
        return False
    return True


def record(request, pk: int):
    """A new decision or action, from a message of the session's room (?message=) or not."""
    session = _session(request, pk)
    message = None
    message_id = request.POST.get("message") or request.GET.get("message")
    if message_id:
        # Only a shown message of this session's room: another session's is not found here.
        message = get_object_or_404(
            Message.objects.select_related("author"),
            pk=_id(message_id),
            room__session=session,
            hidden=False,
            deleted=False,
        )
    initial = {"text": message.body[:OUTCOME_MAX]} if message else {}
    form = OutcomeForm(request.POST or None, initial=initial)

    def do(**values):
        return outcomes.record_outcome(request.user, session, message=message, **values)

    if _save(request, form, do):
        messages.success(request, _("Recorded in the session's decisions and actions."))
        return redirect(_list_url(session))
    return TemplateResponse(
        request,
        "dialogue/admin/outcome_form.html",
        {
            **_page(session, _("Record a decision or an action")),
            "message": message,
            "form": form,
            "submit": _("Record"),
        },
        status=400 if form.errors else 200,
    )


def edit(request, pk: int, outcome_pk: int):
    session = _session(request, pk)
    outcome = get_object_or_404(
        Outcome.objects.select_related("message__author"), pk=outcome_pk, session=session
    )
    form = OutcomeForm(
        request.POST or None,
        initial={
            "kind": outcome.kind,
            "text": outcome.text,
            "owner": outcome.owner_id,
            "due_on": outcome.due_on,
        },
    )

    def do(**values):
        return outcomes.update_outcome(request.user, outcome, **values)

    if _save(request, form, do):
        messages.success(request, _("The decision or action was changed."))
        return redirect(_list_url(session))
    return TemplateResponse(
        request,
        "dialogue/admin/outcome_form.html",
        {
            **_page(session, _("Change a decision or an action")),
            "message": outcome.message,
            "form": form,
            "submit": _("Save"),
        },
        status=400 if form.errors else 200,
    )


@require_POST
def done(request, pk: int, outcome_pk: int):
    session = _session(request, pk)
    outcome = get_object_or_404(Outcome, pk=outcome_pk, session=session)
    settle_action(request, outcome)
    return redirect(_list_url(session))


def urls() -> list:
    return [
        path(
            "dialogue/sessions/<int:pk>/outcomes/", session_outcomes, name="dialogue_admin_outcomes"
        ),
        path("dialogue/sessions/<int:pk>/outcomes/new/", record, name="dialogue_admin_outcome_new"),
        path(
            "dialogue/sessions/<int:pk>/outcomes/<int:outcome_pk>/",
            edit,
            name="dialogue_admin_outcome_edit",
        ),
        path(
            "dialogue/sessions/<int:pk>/outcomes/<int:outcome_pk>/done/",
            done,
            name="dialogue_admin_outcome_done",
        ),
    ]

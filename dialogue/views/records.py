"""Attendance and contribution record pages, their CSV exports, and staff adding in-person
attendance on a session's page. Queries live in dialogue/attendance.py; permissions in
dialogue/rules.py."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from japanese.excel import excel_csv_response
from members.models import Organization, User

from .. import attendance
from ..in_person import InPersonForm, session_attendance
from ..models import DialogueSession
from .access import refuse
from .sessions import participants

PER_PAGE = 20


def _refusal(request: HttpRequest, perm: str, found) -> HttpResponse | None:
    """None when this person may see the record of `found`. Permission is asked before "not
    found" is told, so nobody but staff learns which people or organisations exist from the
    answer."""
    if not request.user.has_perm(perm, found):
        return refuse(request)
    if found is None:
        raise Http404
    return None


def _page(request: HttpRequest, queryset, param: str):
    return Paginator(queryset, PER_PAGE).get_page(request.GET.get(param))


def _local(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


# --- a person's record --------------------------------------------------------------------


def my_record(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    return _person_page(request, request.user)


def person_record(request: HttpRequest, pk: int) -> HttpResponse:
    person = User.objects.filter(pk=pk, deleted_at__isnull=True).first()
    refused = _refusal(request, "dialogue.view_record", person)
    if refused is not None:
        return refused
    return _person_page(request, person)


def _person_page(request: HttpRequest, person: User) -> HttpResponse:
    viewer = request.user
    attended = attendance.attendances_of(person)
    return render(
        request,
        "dialogue/records/person.html",
        {
            "person": person,
            "is_self": person.pk == viewer.pk,
            "totals": attendance.totals_of(person, viewer),
            "sessions_page": _page(request, attended, "page"),
            "trainings_page": _page(
                request, attended.filter(session__is_training=True), "trainings_page"
            ),
            "proposals_page": _page(
                request, attendance.proposals_of(person, viewer), "proposals_page"
            ),
            "acknowledged_page": _page(
                request, attendance.acknowledged_posts_of(person), "acknowledged_page"
            ),
            "can_export": viewer.has_perm("dialogue.export_records"),
            "organisations": _record_organisations(viewer),
        },
    )


def _record_organisations(viewer) -> list[Organization]:
    """The organisations whose record the viewer may open (representatives: their own)."""
    if not viewer.is_authenticated:
        return []
    orgs = Organization.objects.filter(
        is_active=True,
        memberships__user=viewer,
        memberships__status="active",
        memberships__role="representative",
    ).order_by("name")
    return [org for org in orgs if viewer.has_perm("dialogue.view_organization_record", org)]


def person_record_csv(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.has_perm("dialogue.export_records"):
        return refuse(request)
    person = get_object_or_404(User, pk=pk, deleted_at__isnull=True)
    viewer = request.user
    yes = _("yes")
    rows: list[list[object]] = [
        [
            _("Kind"),
            _("Date and time"),
            _("Title"),
            _("Minutes present"),
            _("In person"),
            _("Status"),
        ]
    ]
    for record in attendance.attendances_of(person):
        session = record.session
        kind = _("Training") if session.is_training else _("Session")
        rows.append(
            [
                kind,
                _local(record.first_joined_at or session.starts_at),
                session.title,
                record.minutes_present,
                yes if record.in_person else "",
                "",
            ]
        )
    for proposal in attendance.proposals_of(person, viewer):
        rows.append(
            [
                pgettext("kind of record", "Proposal"),
                _local(proposal.created_at),
                proposal.title,
                "",
                "",
                proposal.get_status_display(),
            ]
        )
    for message in attendance.acknowledged_posts_of(person):
        rows.append([_("Acknowledged post"), _local(message.created_at), message.body, "", "", ""])
    return excel_csv_response(rows, f"record-person-{person.pk}.csv")


# --- an organisation's record -------------------------------------------------------------


def organisation_record(request: HttpRequest, slug: str) -> HttpResponse:
    organization = Organization.objects.filter(slug=slug, is_active=True).first()
    refused = _refusal(request, "dialogue.view_organization_record", organization)
    if refused is not None:
        return refused
    staff = request.user.has_perm("dialogue.export_records")
    rows, unlisted = attendance.organisation_rows(organization, request.user, name_everyone=staff)
    return render(
        request,
        "dialogue/records/organisation.html",
        {
            "organization": organization,
            "rows_page": _page(request, rows, "page"),
            "unlisted": unlisted,
            "can_export": staff,
        },
    )


def organisation_record_csv(request: HttpRequest, slug: str) -> HttpResponse:
    if not request.user.has_perm("dialogue.export_records"):
        return refuse(request)
    organization = get_object_or_404(Organization, slug=slug, is_active=True)
    rows, _unlisted = attendance.organisation_rows(organization, request.user, name_everyone=True)
    table: list[list[object]] = [
        [
            _("Name"),
            _("Role"),
            _("Job title"),
            _("Sessions attended"),
            _("Minutes present"),
            _("Trainings completed"),
            _("Proposals"),
            _("Acknowledged posts"),
        ]
    ]
    for row in rows:
        membership = row.membership
        table.append(
            [
                membership.user.public_name,
                membership.get_role_display(),
                membership.title,
                row.sessions,
                row.minutes,
                row.trainings,
                row.proposals,
                row.acknowledged,
            ]
        )
    return excel_csv_response(table, f"record-organisation-{organization.pk}.csv")


# --- staff add in-person attendance -------------------------------------------------------


def add_in_person(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_object_or_404(DialogueSession, pk=pk)
    if not request.user.has_perm("dialogue.record_attendance"):
        return refuse(request)
    if request.method != "POST":
        return redirect(session)
    form = InPersonForm(request.POST)
    if not form.is_valid():
        context = {
            "session": session,
            "room": getattr(session, "room", None),
            "groups": participants(session),
            **session_attendance(request, session, form),
        }
        return render(request, "dialogue/session_detail.html", context, status=400)
    person = form.cleaned_data["email"]
    attendance.add_in_person(session, person, request.user)
    messages.success(
        request,
        _("%(name)s is recorded as attending in person.") % {"name": person.public_name},
    )
    return redirect(session)

"""Staff pages: making a map, its settings, recomputing it, naming and annotating groups."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import csvfile, services, tasks
from ..forms import GroupForm, MapSettingsForm, NewMapForm
from ..models import Group
from .access import get_map, refuse


def map_create(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("listening.add_opinionmap"):
        return refuse(request)
    form = NewMapForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        common = {
            "title": data["title"],
            "question": data["question"],
            "published": data["published"],
            "user": request.user,
        }
        try:
            if data["source_kind"] == "csv":
                opinion_map = services.create_csv_map(data=data["csv_bytes"], **common)
            else:
                opinion_map = services.create_map(
                    source_kind=data["source_kind"],
                    room=data["room"] if data["source_kind"] == "room" else None,
                    session=data["session"] if data["source_kind"] == "session" else None,
                    **common,
                )
        except csvfile.CsvError as error:
            form.add_error("csv_file", str(error))
        else:
            tasks.request_compute(opinion_map)
            messages.success(request, _("The map is being computed."))
            return redirect(opinion_map)
    return render(request, "listening/map_form.html", {"form": form})


def map_edit(request: HttpRequest, pk: int) -> HttpResponse:
    opinion_map, refusal = get_map(request, pk, "listening.change_opinionmap")
    if refusal:
        return refusal
    form = MapSettingsForm(request.POST or None, instance=opinion_map)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Saved."))
        return redirect(opinion_map)
    return render(request, "listening/map_settings.html", {"form": form, "map": opinion_map})


@require_POST
def map_recompute(request: HttpRequest, pk: int) -> HttpResponse:
    opinion_map, refusal = get_map(request, pk, "listening.change_opinionmap")
    if refusal:
        return refusal
    if tasks.request_compute(opinion_map):
        messages.success(request, _("The map is being recomputed."))
    else:
        messages.info(request, _("The map is already being computed."))
    return redirect(opinion_map)


def group_edit(request: HttpRequest, pk: int, group_pk: int) -> HttpResponse:
    opinion_map, refusal = get_map(request, pk, "listening.change_opinionmap")
    if refusal:
        return refusal
    group = get_object_or_404(Group, map=opinion_map, pk=group_pk)
    form = GroupForm(request.POST or None, instance=group)
    if request.method == "POST" and form.is_valid():
        services.edit_group(
            group, name=form.cleaned_data["name"], takeaway=form.cleaned_data["takeaway"]
        )
        messages.success(request, _("Saved."))
        return redirect("listening:group", opinion_map.pk, group.pk)
    return render(
        request, "listening/group_form.html", {"form": form, "map": opinion_map, "group": group}
    )

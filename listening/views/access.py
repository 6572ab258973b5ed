"""Who may open a map's pages: one lookup with its permission check, shared by every view."""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from ..models import OpinionMap


def refuse(request: HttpRequest):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    raise PermissionDenied


def get_map(request: HttpRequest, pk: int, perm: str = "listening.view_opinionmap"):
    opinion_map = get_object_or_404(
        OpinionMap.objects.select_related("room", "session", "session__room"), pk=pk
    )
    if not request.user.has_perm(perm, opinion_map):
        return None, refuse(request)
    return opinion_map, None

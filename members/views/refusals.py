"""The page that says no, and why."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def refused(request: HttpRequest, message: str, status: int) -> HttpResponse:
    return render(request, "members/refused.html", {"message": message}, status=status)

"""Two-step verification is required before the admin for people with power over others."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _

from . import generations
from .rules import has_two_step


def has_mfa(user) -> bool:
    return bool(has_two_step(user))


class RequireMFAMiddleware:
    """Guards the admin areas.

    Their own login forms are closed (they would skip allauth's rate limits and the
    second step), and anyone who must use two-step verification but has not set it up is
    sent to allauth's set-up page with a message.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.prefixes = tuple(getattr(settings, "MFA_REQUIRED_PATH_PREFIXES", ()))
        self.login_paths = tuple(getattr(settings, "ADMIN_LOGIN_PATHS", ()))
        self.enabled = getattr(settings, "MFA_REQUIRED_FOR_STAFF", True)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path = request.path_info
        if path.startswith(self.login_paths):
            query = urlencode({"next": request.GET.get("next", "/admin/")})
            return HttpResponseRedirect(f"{reverse('account_login')}?{query}")
        if (
            self.enabled
            and path.startswith(self.prefixes)
            and request.user.has_perm("members.require_authenticator")
            and not has_mfa(request.user)
        ):
            messages.warning(
                request,
                _(
                    "Your role needs two-step verification. Please set up an authenticator "
                    "app before you open the administration pages."
                ),
            )
            return HttpResponseRedirect(reverse("mfa_activate_totp"))
        return self.get_response(request)


class GenerationsMiddleware:
    """Each generation number is read once per request (members.generations)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with generations.one_read_per_request():
            return self.get_response(request)

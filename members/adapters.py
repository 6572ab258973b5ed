"""allauth glue: keep people in the language they were using."""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter

from django.http import HttpRequest
from django.utils.translation import get_language


class AccountAdapter(DefaultAccountAdapter):
    def get_login_redirect_url(self, request: HttpRequest) -> str:
        return f"/{get_language()}/"

    def get_logout_redirect_url(self, request: HttpRequest) -> str:
        return f"/{get_language()}/"

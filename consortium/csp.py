"""Content-Security-Policy: the site's strict policy everywhere but under the admins'
prefixes, which get ADMIN_CONTENT_SECURITY_POLICY (settings; docs/decisions.md says why)."""

from __future__ import annotations

from csp.middleware import CSPMiddleware as BaseCSPMiddleware
from csp.middleware import PolicyParts

from django.conf import settings


class CSPMiddleware(BaseCSPMiddleware):
    def get_policy_parts(self, request, response, report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        admin = getattr(settings, "ADMIN_CONTENT_SECURITY_POLICY", None)
        if (
            admin
            and not report_only
            and parts.config is None
            and request.path_info.startswith(tuple(admin["URL_PREFIXES"]))
        ):
            parts.config = admin["DIRECTIVES"]
            # A nonce beside 'unsafe-inline' would switch 'unsafe-inline' off.
            parts.nonce = None
        return parts

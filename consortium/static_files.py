"""Security headers for static files.

ServeStatic answers /static/ before Django's middleware (settings.MIDDLEWARE says why), so
the headers SecurityMiddleware and the CSP middleware give every other response are added
here, once per file when ServeStatic indexes it.
"""

from __future__ import annotations

from wsgiref.headers import Headers

from django.conf import settings

# Static files are styles, scripts, images and fonts: none of them may load anything as a
# document would (an SVG opened on its own runs no script and fetches nothing).
STATIC_FILE_POLICY = "default-src 'none'; style-src 'unsafe-inline'"


def add_security_headers(headers: Headers, path: str, url: str) -> None:
    if settings.SECURE_CONTENT_TYPE_NOSNIFF:
        headers["X-Content-Type-Options"] = "nosniff"
    if settings.SECURE_REFERRER_POLICY:
        headers["Referrer-Policy"] = settings.SECURE_REFERRER_POLICY
    if settings.SECURE_CROSS_ORIGIN_OPENER_POLICY:
        headers["Cross-Origin-Opener-Policy"] = settings.SECURE_CROSS_ORIGIN_OPENER_POLICY
    headers["Content-Security-Policy"] = STATIC_FILE_POLICY

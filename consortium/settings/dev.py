"""Local development: `make run`. SQLite, in-memory channel layer, console e-mail."""

from __future__ import annotations

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env.str("SECRET_KEY", default="dev-only-insecure-key-change-me-0123456789abcdefghij")
ACCOUNT_EMAIL_VERIFICATION = env.str(
    "ACCOUNT_EMAIL_VERIFICATION", default="optional" if DEBUG else "mandatory"
)
# Serve static files straight from the apps, with no collectstatic step.
SERVESTATIC_USE_FINDERS = True
SERVESTATIC_AUTOREFRESH = True
# Uploaded images must show here even with DEBUG off (as the browser tests run it).
SERVE_MEDIA = env.bool("SERVE_MEDIA", default=True)

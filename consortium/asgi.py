"""ASGI entry point: HTTP to Django, /ws/rooms/<slug>/ to the live rooms."""

from __future__ import annotations

import os

from django.core.asgi import get_asgi_application

from .collector import freeze_now_and_after_warm_up

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "consortium.settings.dev")
django_asgi_app = get_asgi_application()

# Imported only once Django is set up: routing pulls in consumers and models.
from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from dialogue.routing import websocket_urlpatterns  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        "websocket": AllowedHostsOriginValidator(
            AuthMiddlewareStack(URLRouter(websocket_urlpatterns))
        ),
    }
)

freeze_now_and_after_warm_up()

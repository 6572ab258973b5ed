from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The models must be loaded first: exports reads them, kinds registers the kinds.
        from . import exports, kinds  # noqa: F401, PLC0415

        exports.register()

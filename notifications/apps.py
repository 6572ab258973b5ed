from __future__ import annotations

from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The models must be loaded first: exports reads them, kinds registers the kinds.
        from . import exports, kinds, services  # noqa: F401, PLC0415
        from .models import Follow, Notification  # noqa: PLC0415

        exports.register()
        # Rows the services do not write themselves (the admin) retire cached counts too.
        changed = services.unread_row_changed
        post_save.connect(changed, sender=Notification, dispatch_uid="notifications_unread_save")
        post_delete.connect(changed, sender=Notification, dispatch_uid="notifications_unread_del")
        # Every follow saved or deleted (set_following, the admin, a cascade).
        followed = services.follow_row_changed
        post_save.connect(followed, sender=Follow, dispatch_uid="notifications_follow_save")
        post_delete.connect(followed, sender=Follow, dispatch_uid="notifications_follow_del")

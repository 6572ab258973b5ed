from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("Members")

    def ready(self) -> None:
        # Imported once the app registry is ready: they need the models.
        from . import exports, signals  # noqa: F401, PLC0415 (connects the receivers)

        exports.register_own()

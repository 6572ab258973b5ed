from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = _("Site pages")

    def ready(self) -> None:
        from . import pilot_admin, signals  # noqa: F401 (pilot_admin registers hooks)

        signals.connect()

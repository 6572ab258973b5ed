from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = _("Site pages")

    def ready(self) -> None:
        # Both need the models loaded, so they cannot be imported before ready().
        from . import signals
        from .pilots import admin  # noqa: F401 (registers the Wagtail admin hooks)

        signals.connect()

        from .reading import signals as reading_signals

        reading_signals.connect()

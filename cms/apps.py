from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = _("Site pages")

    def ready(self) -> None:
        # These need the models loaded, so they cannot be imported before ready().
        from . import signals
        from .pilots import admin  # noqa: F401 (registers the Wagtail admin hooks)
        from .reading import signals as reading_signals

        signals.connect()
        reading_signals.connect()

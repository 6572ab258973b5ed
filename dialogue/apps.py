from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DialogueConfig(AppConfig):
    name = "dialogue"
    verbose_name = _("Dialogue")

    def ready(self) -> None:
        from . import exports, notify  # noqa: PLC0415 (need the models loaded)
        from . import signals as generation_signals  # noqa: PLC0415 (needs the models loaded)
        from .proposals import signals  # noqa: PLC0415 (needs the models loaded)

        exports.register()
        signals.connect()
        notify.connect()
        generation_signals.connect()
